import type { ArmResource } from '../arm/arm-resource.js';
import type { InstanceView } from '../model/view.js';
import type { AddressData } from '../rules/rule.js';

/** What to watch: subscriptions and/or one management group. */
export interface Scope {
  subscriptions: string[];
  managementGroup?: string;
}

export interface SweepProgress {
  instancesFound: number;
  resourcesRead: number;
  requests: number;
}

export interface SweepResult {
  views: InstanceView[];
  /** Every resource read, in the ARM shape (what `export` writes). */
  resources: ArmResource[];
  /** Human-readable notes on what could not be read (partial pages, denied subscriptions). Empty when complete. */
  incomplete: string[];
}

/** One instance as read, with what that read could not see besides it. */
export interface InstanceRead {
  /** undefined when the instance does not exist (404). */
  view: InstanceView | undefined;
  /** What could not be read or listed besides the instance (it is evaluated all the same), to log. */
  notes: string[];
}

/**
 * The reader port: where views come from. Implemented by the estate file reader, the live ARM
 * reader (one instance) and the Resource Graph sweep (a whole scope).
 */
export interface EstateReader {
  /** One instance with everything it depends on; undefined when the instance does not exist (404). */
  loadInstance(instanceId: string): Promise<InstanceView | undefined>;
  /** loadInstance with the notes of this very read; readers that have none may leave it out. */
  readInstance?(instanceId: string): Promise<InstanceRead>;
  /** Every instance of the scope with its dependencies. */
  sweep(onProgress?: (p: SweepProgress) => void): Promise<SweepResult>;
}

/** The address-data port: optional data for the evaluation of one view (undefined: none), e.g. service-tag ranges. */
export interface AddressDataSource {
  forView(view: InstanceView, warn: (line: string) => void): Promise<AddressData | undefined>;
}
