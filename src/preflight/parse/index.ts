/**
 * Reading a change document: JSON text → change items, the format detected from the content (a
 * Terraform plan, an ARM what-if result in any spelling, or proposed resources) or forced.
 */
import { parseJsonText } from '../../sources/json-position.js';
import { ChangeDocumentError, type ChangeDocument, type ChangeFormat } from '../change.js';
import { parseProposedResources } from './resources.js';
import { looksLikeTerraformPlan, parseTerraformPlan } from './terraform.js';
import { looksLikeWhatIf, parseWhatIf } from './what-if.js';

export interface ParseOptions {
  /** Named in messages and SARIF locations. */
  file: string;
  format?: ChangeFormat;
  /** Ids of the current resources (Terraform ids are matched to them; a proposed resource there is a modify). */
  currentIds?: readonly string[];
}

export function detectFormat(document: unknown): ChangeFormat {
  if (looksLikeTerraformPlan(document)) return 'terraform';
  if (looksLikeWhatIf(document)) return 'what-if';
  return 'resources';
}

export function parseChangeDocument(text: string, options: ParseOptions): ChangeDocument {
  const json = parseJsonText(text);
  if ('error' in json) throw new ChangeDocumentError(`${options.file}: not valid JSON at line ${json.error.line} column ${json.error.column}`);
  const { document } = json;
  const format = options.format ?? detectFormat(document);
  const parsed =
    format === 'terraform'
      ? parseTerraformPlan(document, options.file, { currentIds: options.currentIds ?? [] })
      : format === 'what-if'
        ? parseWhatIf(document, options.file)
        : parseProposedResources(document, options.file, options.currentIds ?? []);
  // Nothing to check is an error, never a pass (a plan without resource_changes, an empty array).
  if (parsed.items.length === 0) throw new ChangeDocumentError(`${options.file}: the ${format} document lists no change`);
  return parsed;
}
