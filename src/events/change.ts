/**
 * What the events module hands to the watcher: a `Change` per event that touches a watched resource,
 * and for everything else a reason it was set aside. No raw claims, tokens, IP addresses or request
 * URLs survive parsing: only the named caller fields below.
 */
import type { ArmResource } from '../arm/arm-resource.js';
import type { WatchedOperation } from './operations.js';

/** Which Azure feature raised the event. */
export type ChangeSource =
  /** The Azure subscription (or resource group) system topic: Microsoft.Resources.*; no resource body. */
  | 'resources-topic'
  /** Azure Resource Notifications, Resources system topic: Microsoft.ResourceNotifications.Resources.*; carries the resource. */
  | 'resource-notifications';

/** The envelope the event came in. */
export type EventSchema = 'eventgrid' | 'cloudevents';

/** Who made the change, from the event's `claims` (never the claims themselves). */
export interface Caller {
  /** User principal name of a user. */
  upn?: string;
  /** Display name (`name` claim). */
  name?: string;
  /** Application (client) id: the app a user signed in with, or the service principal itself. */
  appId?: string;
  /** Object id of the user or service principal. */
  objectId?: string;
  /** A well-known first-party client recognised from `appId` (`Azure portal`, `Azure CLI`, `Azure PowerShell`). */
  client?: string;
}

export interface Change {
  /** Event Grid's event id: the dedupe key (delivery is at least once). */
  eventId: string;
  eventType: string;
  schema: EventSchema;
  source: ChangeSource;
  /** Normalized (lower-case, no trailing slash) id of the resource the event names; child ids are kept whole. */
  resourceId: string;
  /** The same id as the event spelled it, for messages. */
  resourceIdAsGiven: string;
  operation: WatchedOperation;
  /** `operation.verb`, repeated for convenience. */
  verb: WatchedOperation['verb'];
  /** When it happened (the event time), ISO 8601. */
  time: string;
  caller: Caller;
  /** ARM correlation id (activity log link); resources-topic only. */
  correlationId?: string;
  /** ARM status, e.g. `Succeeded`; resources-topic only. */
  status?: string;
  /** The resource as it is after the change: ARN CreatedOrUpdated only (not for deletes, not for the resources topic). */
  resource?: ArmResource;
  /** API version of `resource.properties` (ARN only). */
  apiVersion?: string;
}

/** A well-formed event the watcher does not act on (unwatched operation or type, failed or cancelled operation). */
export interface IgnoredEvent {
  /** Position in the batch (0 for a single event). */
  index: number;
  eventId: string;
  eventType: string;
  source?: ChangeSource;
  /** Normalized resource id, when the event names one. */
  resourceId?: string;
  /** The ARM operation, when the event names one (e.g. `Microsoft.Storage/storageAccounts/listKeys/action`). */
  operationName?: string;
  reason: string;
}

/** Event Grid's subscription handshake: answer `{ "validationResponse": validationCode }`. */
export interface SubscriptionValidation {
  index: number;
  eventId: string;
  validationCode: string;
  /** For a manual handshake (GET it within 5 minutes); never fetched by this code. */
  validationUrl?: string;
}

/** An event (or a whole body) that could not be read; the rest of the batch still is. */
export interface ParseProblem {
  /** Position in the batch; undefined when the whole body could not be read (not JSON, not an event). */
  index: number | undefined;
  /** The event's id when it has one. */
  eventId?: string;
  reason: string;
}

export interface ParsedEvents {
  changes: Change[];
  ignored: IgnoredEvent[];
  validations: SubscriptionValidation[];
  problems: ParseProblem[];
}
