import { singleLine } from '../output/safe-text.js';

/** A resource exactly as ARM (or Resource Graph) returns it. Validated by src/arm/normalize.ts. */
export interface ArmResource {
  id: string;
  name?: string;
  type: string;
  location?: string;
  sku?: { name?: string; tier?: string; capacity?: number };
  zones?: string[];
  tags?: Record<string, string>;
  properties?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** Where a piece of input came from, so that errors can name the file and the resource. */
export interface InputOrigin {
  file: string;
  /** JSON pointer-ish path inside the file, e.g. `value[3]`. */
  path?: string;
  /** 1-based line and column where the resource starts in the file, when read from one. */
  line?: number;
  column?: number;
}

/** A problem with one piece of input; the rest of the estate is still read. */
export interface InputError {
  origin: InputOrigin;
  /** Resource id (or name) when known. */
  resource?: string;
  message: string;
}

/** One line: the file, path, resource id and message may all quote the input. */
export function formatInputError(e: InputError): string {
  const where = e.origin.path ? `${e.origin.file} (${e.origin.path})` : e.origin.file;
  return singleLine(e.resource ? `${where}: resource ${e.resource}: ${e.message}` : `${where}: ${e.message}`);
}
