/**
 * The change items of a pre-flight: what a change document (an ARM what-if, a Terraform plan, proposed
 * ARM resources) says will happen to one resource, in ARM terms. Parsers (./parse) make them; the
 * overlay (./overlay.ts) applies them to the current resources. Pure data.
 */

/** What happens to the resource. `replace` is a delete then a create (Terraform); `unknown` has no payload. */
export const CHANGE_ACTIONS = ['create', 'modify', 'replace', 'delete', 'no-change', 'ignore', 'unknown'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export const CHANGE_FORMATS = ['what-if', 'terraform', 'resources'] as const;
export type ChangeFormat = (typeof CHANGE_FORMATS)[number];

/** A value the change document cannot know before apply (`[reference(...)]`, Terraform `after_unknown`). */
export interface UnknownValue {
  /** Path in the ARM body (`properties.securityRules[2].properties.sourceAddressPrefix`), or the document's own path. */
  path: string;
  reason: string;
}

export interface ChangeItem {
  /** ARM id of the resource changed; for a Terraform association, the subnet's id. */
  resourceId: string;
  action: ChangeAction;
  /** Where the item is in the change document: Terraform address, `changes[3]` of a what-if, file and path. */
  source: string;
  /** The ARM-shaped body after the change (create, modify, replace). */
  after?: Record<string, unknown>;
  /** Keys under `properties` that keep their current value when `after` does not give them (Terraform computed attributes). */
  keep?: readonly string[];
  /** A change of some keys under `properties` of the resource (Terraform associations); `null` clears the key. */
  patch?: Record<string, unknown>;
  /** The form the change takes while a `replace` is between its delete and its create. */
  whileReplacing?: Pick<ChangeItem, 'action' | 'patch'>;
  /** Values not known before apply: the instances that depend on the resource get an `unknown` verdict. */
  unknown: UnknownValue[];
  /** Set by the parser when the item is not applied at all (NoChange, a type we do not read, a data source), with why. */
  skip?: string;
}

export interface ChangeDocument {
  format: ChangeFormat;
  /** The file (or `request body`) it was read from, for messages and SARIF locations. */
  file: string;
  items: ChangeItem[];
  /** What the reader should know about the document as a whole (what-if may omit resources, diagnostics…). */
  notes: string[];
}

/** A change document that cannot be read at all: exit 2 in the CLI, 400 over HTTP. */
export class ChangeDocumentError extends Error {
  override name = 'ChangeDocumentError';
}
