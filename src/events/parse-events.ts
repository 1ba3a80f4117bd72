/**
 * Event Grid deliveries → changes. Both envelopes (Event Grid schema, CloudEvents 1.0; a single event
 * or a batch) and both sources (the subscription system topic, Azure Resource Notifications) are
 * validated with @azure/eventgrid's EventGridDeserializer, one event at a time so that one bad event
 * never costs the rest of the batch.
 *
 * What this relies on for Azure Resource Notifications (learn.microsoft.com/azure/event-grid/
 * event-schema-resources, MicrosoftDocs/azure-docs articles/event-grid/event-schema-resources.md,
 * and the ResourceNotificationsResource*EventData mappers of @azure/eventgrid 5.12):
 * - `Microsoft.ResourceNotifications.Resources.CreatedOrUpdated` ↔ ResourceWriteSuccess and
 *   `….Deleted` ↔ ResourceDeleteSuccess; subscription scope only; no claims, no correlation id.
 * - `data.resourceInfo` = { id, name, type, location, tags, properties } for CreatedOrUpdated and
 *   { id, name, type } for Deleted; `data.apiVersion` is the API version of `properties`;
 *   `data.operationalInfo.resourceEventTime` is when the resource changed.
 * - The docs' table calls `resourceInfo.type` the event type while their example holds the resource
 *   type; the operation is therefore derived from the resource id, never from `resourceInfo.type`.
 * - The docs' example payload writes booleans as 1/0 (`"allowBlobPublicAccess": 1`): the body is
 *   passed on as ARM returned it and the normalizer has to accept that.
 * - Only resource types of Resource Graph's `resources` table are emitted: subnets and NSG rules
 *   arrive as a write of their VNet / NSG with the whole body.
 * - Only those fields are documented; anything else ARN adds at the top of `resourceInfo` (sku,
 *   zones…) is kept on the ArmResource, but the watcher must not count on it being there.
 */
import { EventGridDeserializer } from '@azure/eventgrid';
import type { ArmResource } from '../arm/arm-resource.js';
import { normalizeResourceId, tryParseResourceId } from '../arm/resource-id.js';
import { callerFromClaims } from './caller.js';
import type { Change, EventSchema, IgnoredEvent, ParsedEvents, ParseProblem, SubscriptionValidation } from './change.js';
import { classifyEventType, EVENT_TYPES } from './event-types.js';
import { watchedOperation } from './operations.js';

export interface ParseOptions {
  /** The envelope, when the transport says (content type `application/cloudevents…`); `auto` decides per event. */
  schema?: EventSchema | 'auto';
}

/** What one event became. */
export type EventOutcome =
  | { kind: 'change'; change: Change }
  | { kind: 'ignored'; ignored: IgnoredEvent }
  | { kind: 'validation'; validation: SubscriptionValidation }
  | { kind: 'problem'; problem: ParseProblem };

const deserializer = new EventGridDeserializer();
const MAX_REASON = 300;

/**
 * The longest value accepted for each string taken from an event. Event Grid ids and ARM
 * correlation ids are GUIDs and operation names are short; a longer value is an event nobody
 * should trust, and would fail later in storage (a table key holds at most 1 KiB) on every retry.
 * Resource ids have their own bound in the parser (2,048); caller claims are cut in caller.ts.
 */
export const EVENT_STRING_LIMITS = { id: 256, eventType: 256, correlationId: 256, operationName: 256, status: 64 } as const;

/**
 * Parses a delivery: a JSON string or bytes, an array of events, or one event object (what the
 * Functions `eventGrid` trigger hands over). Never throws for bad input.
 */
export async function parseEvents(body: unknown, options: ParseOptions = {}): Promise<ParsedEvents> {
  const out: ParsedEvents = { changes: [], ignored: [], validations: [], problems: [] };
  const decoded = decodeBody(body);
  if (typeof decoded === 'string') {
    out.problems.push({ index: undefined, reason: decoded });
    return out;
  }
  for (let index = 0; index < decoded.length; index++) {
    const outcome = await parseEvent(decoded[index], index, options.schema ?? 'auto');
    if (outcome.kind === 'change') out.changes.push(outcome.change);
    else if (outcome.kind === 'ignored') out.ignored.push(outcome.ignored);
    else if (outcome.kind === 'validation') out.validations.push(outcome.validation);
    else out.problems.push(outcome.problem);
  }
  return out;
}

/** The events of a body, or the reason there are none. */
function decodeBody(body: unknown): unknown[] | string {
  let value = body;
  if (value instanceof Uint8Array) value = Buffer.from(value).toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      return clip(`body is not JSON: ${(e as Error).message}`);
    }
  }
  if (Array.isArray(value)) return value;
  if (isObject(value)) return [value];
  return `body is neither an event object nor an array of events (got ${describe(value)})`;
}

/** One event → its outcome. Exported for the queue parser and for tests. */
export async function parseEvent(raw: unknown, index: number, schema: EventSchema | 'auto' = 'auto'): Promise<EventOutcome> {
  const rawId = isObject(raw) && typeof raw.id === 'string' ? raw.id : undefined;
  const problem = (reason: string): EventOutcome => ({
    kind: 'problem',
    problem: { index, ...(rawId !== undefined ? { eventId: rawId } : {}), reason: clip(reason) },
  });
  if (!isObject(raw)) return problem(`event is not a JSON object (got ${describe(raw)})`);

  const envelopeSchema = schema === 'auto' ? detectSchema(raw) : schema;
  let envelope: Envelope;
  try {
    envelope = await deserialize(raw, envelopeSchema);
  } catch (e) {
    return problem(`${SCHEMA_NAMES[envelopeSchema]}: ${(e as Error).message}`);
  }
  const { id: eventId, type: eventType } = envelope;
  // An empty id would share one dedupe key with every other id-less event.
  if (eventId.trim() === '') return problem('event id is empty');
  const tooLong = overBound({ id: eventId, eventType });
  if (tooLong) return problem(tooLong);
  // The SDK turns a string `data` into an object of characters, so the raw value is the one checked.
  const data = isObject(raw.data) ? raw.data : undefined;
  const dataTooLong = data ? overBound({ correlationId: data.correlationId, operationName: data.operationName, status: data.status }) : undefined;
  if (dataTooLong) return problem(dataTooLong);

  if (eventType.toLowerCase() === EVENT_TYPES.subscriptionValidation.toLowerCase()) {
    const code = data?.validationCode;
    if (typeof code !== 'string' || code === '') return problem('subscription validation event has no data.validationCode');
    const url = data?.validationUrl;
    return { kind: 'validation', validation: { index, eventId, validationCode: code, ...(typeof url === 'string' ? { validationUrl: url } : {}) } };
  }

  const cls = classifyEventType(eventType);
  const ignored = (reason: string, extra: Partial<IgnoredEvent> = {}): EventOutcome => ({
    kind: 'ignored',
    ignored: { index, eventId, eventType, ...(cls ? { source: cls.source } : {}), ...extra, reason },
  });
  if (!cls) return ignored('event type is not a resource change the watcher reads');
  if (!data) return problem(`${eventType} event has no data object`);

  const resourceInfo = cls.source === 'resource-notifications' ? data.resourceInfo : undefined;
  if (cls.source === 'resource-notifications' && !isObject(resourceInfo)) return problem(`${eventType} event has no data.resourceInfo object`);
  const given = firstString(isObject(resourceInfo) ? resourceInfo.id : undefined, data.resourceUri, envelope.subject);
  if (given === undefined) return problem(`${eventType} event names no resource (no data.resourceUri, resourceInfo.id or subject)`);
  const parsed = tryParseResourceId(given);
  if (!parsed) return problem(`${eventType} event names "${given}", which is not an ARM resource id`);
  const resourceIdAsGiven = parsed.id;
  const resourceId = normalizeResourceId(resourceIdAsGiven);
  if (!parsed.type) {
    // A resource group or subscription write/delete: valid, but nothing the index holds.
    const operationName = typeof data.operationName === 'string' ? data.operationName : undefined;
    return ignored('event names a subscription or resource group, not a watched resource', { resourceId, ...(operationName ? { operationName } : {}) });
  }

  const operationName =
    cls.source === 'resources-topic' && typeof data.operationName === 'string' && data.operationName !== ''
      ? data.operationName
      : `${parsed.type}/${cls.verb}`;
  if (cls.source === 'resources-topic' && !cls.succeeded) return ignored('the operation did not succeed', { resourceId, operationName });
  const operation = watchedOperation(operationName);
  if (!operation) return ignored('operation is not watched', { resourceId, operationName });
  // A watched operation names its resource type: an id of another type is a forged or broken event
  // (an APIM write about a network id would send the watcher to read an instance that is not one).
  const operationType = operation.operationName.slice(0, operation.operationName.lastIndexOf('/'));
  if (operationType.toLowerCase() !== parsed.type.toLowerCase()) {
    return problem(`${operationName} names a resource of type ${parsed.type}, not ${operationType}`);
  }
  if (parsed.resourceGroup === undefined) return problem(`${operationName} names "${given}", which is in no resource group`);

  const time = envelope.time ?? dateOf(isObject(data.operationalInfo) ? data.operationalInfo.resourceEventTime : undefined);
  if (!time) return problem(`${eventType} event has no valid time`);

  const change: Change = {
    eventId,
    eventType,
    schema: envelopeSchema,
    source: cls.source,
    resourceId,
    resourceIdAsGiven,
    operation,
    verb: operation.verb,
    time: time.toISOString(),
    caller: callerFromClaims(data.claims),
  };
  if (typeof data.correlationId === 'string') change.correlationId = data.correlationId;
  if (typeof data.status === 'string') change.status = data.status;
  if (cls.source === 'resource-notifications' && operation.verb === 'write' && isObject(resourceInfo)) {
    const resource = armResourceOf(resourceInfo, resourceIdAsGiven, parsed.type, parsed.name);
    if (resource) change.resource = resource;
    if (typeof data.apiVersion === 'string') change.apiVersion = data.apiVersion;
  }
  return { kind: 'change', change };
}

/** The body that answers Event Grid's subscription handshake. */
export function validationResponseBody(validation: SubscriptionValidation): { validationResponse: string } {
  return { validationResponse: validation.validationCode };
}

/** The common part of both envelopes, after the SDK validated it. */
interface Envelope {
  id: string;
  type: string;
  subject?: string;
  /** Undefined when absent; an invalid date is an error. */
  time?: Date;
}

const SCHEMA_NAMES: Record<EventSchema, string> = { eventgrid: 'Event Grid schema', cloudevents: 'CloudEvents 1.0 schema' };

async function deserialize(raw: Record<string, unknown>, schema: EventSchema): Promise<Envelope> {
  if (schema === 'eventgrid') {
    const [ev] = await deserializer.deserializeEventGridEvents(raw);
    if (!ev) throw new Error('no event');
    if (!isValidDate(ev.eventTime)) throw new Error(`eventTime "${String(raw.eventTime)}" is not a date`);
    return { id: ev.id, type: ev.eventType, subject: ev.subject, time: ev.eventTime };
  }
  const [ev] = await deserializer.deserializeCloudEvents(raw);
  if (!ev) throw new Error('no event');
  if (ev.time !== undefined && !isValidDate(ev.time)) throw new Error(`time "${String(raw.time)}" is not a date`);
  return { id: ev.id, type: ev.type, ...(ev.subject !== undefined ? { subject: ev.subject } : {}), ...(ev.time ? { time: ev.time } : {}) };
}

/** CloudEvents carry `specversion`; Event Grid events carry `eventType`/`dataVersion`. */
function detectSchema(raw: Record<string, unknown>): EventSchema {
  if ('specversion' in raw) return 'cloudevents';
  if ('eventType' in raw || 'dataVersion' in raw || 'metadataVersion' in raw || 'eventTime' in raw) return 'eventgrid';
  if ('type' in raw && 'source' in raw) return 'cloudevents';
  return 'eventgrid';
}

/** The ARM resource an ARN CreatedOrUpdated event carries; undefined without `properties` (then it must be read). */
function armResourceOf(info: Record<string, unknown>, id: string, typeFromId: string, nameFromId: string | undefined): ArmResource | undefined {
  if (!isObject(info.properties)) return undefined;
  const { tags, ...rest } = info;
  const type = typeof info.type === 'string' && info.type.includes('/') && !/^microsoft\.resourcenotifications\./i.test(info.type) ? info.type : typeFromId;
  const resource: ArmResource = { ...rest, id, type };
  const name = typeof info.name === 'string' && info.name !== '' ? info.name : nameFromId;
  if (name !== undefined) resource.name = name;
  else delete resource.name;
  if (isObject(tags) && Object.values(tags).every((v) => typeof v === 'string')) resource.tags = tags as Record<string, string>;
  return resource;
}

/** The first field longer than its bound, said in words; undefined when all are within. */
function overBound(fields: Partial<Record<keyof typeof EVENT_STRING_LIMITS, unknown>>): string | undefined {
  for (const [field, value] of Object.entries(fields) as Array<[keyof typeof EVENT_STRING_LIMITS, unknown]>) {
    const limit = EVENT_STRING_LIMITS[field];
    if (typeof value === 'string' && value.length > limit) return `${field} is ${value.length} characters long, over the limit of ${limit}`;
  }
  return undefined;
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const d = new Date(value);
  return isValidDate(d) ? d : undefined;
}

function isValidDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function clip(s: string): string {
  return s.length > MAX_REASON ? `${s.slice(0, MAX_REASON)}…` : s;
}
