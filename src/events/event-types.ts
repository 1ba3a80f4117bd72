/**
 * The Event Grid event types the watcher reads. Which ARM operations matter is operations.ts's
 * business; this is only about the envelopes they arrive in.
 */
import type { ChangeSource } from './change.js';

export const EVENT_TYPES = {
  writeSuccess: 'Microsoft.Resources.ResourceWriteSuccess',
  deleteSuccess: 'Microsoft.Resources.ResourceDeleteSuccess',
  actionSuccess: 'Microsoft.Resources.ResourceActionSuccess',
  createdOrUpdated: 'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated',
  deleted: 'Microsoft.ResourceNotifications.Resources.Deleted',
  subscriptionValidation: 'Microsoft.EventGrid.SubscriptionValidationEvent',
} as const;

/** The event types an Event Grid subscription feeding the watcher should include. */
export const SUBSCRIBED_EVENT_TYPES: Record<ChangeSource, readonly string[]> = {
  'resources-topic': [EVENT_TYPES.writeSuccess, EVENT_TYPES.deleteSuccess, EVENT_TYPES.actionSuccess],
  'resource-notifications': [EVENT_TYPES.createdOrUpdated, EVENT_TYPES.deleted],
};

const RESOURCES_PREFIX = 'microsoft.resources.resource';

export type ResourceEventClass =
  | { source: 'resources-topic'; verb: 'write' | 'delete' | 'action'; succeeded: boolean }
  | { source: 'resource-notifications'; verb: 'write' | 'delete' }
  | undefined;

/**
 * Classifies an event type, case-insensitively: `Microsoft.Resources.Resource{Write,Delete,Action}{Success,Failure,Cancel}`
 * and the two ARN Resources types. Anything else (other ARN topics, storage events, …) is undefined.
 */
export function classifyEventType(eventType: string): ResourceEventClass {
  const t = eventType.toLowerCase();
  if (t.startsWith(RESOURCES_PREFIX)) {
    const m = /^(write|delete|action)(success|failure|cancel)$/.exec(t.slice(RESOURCES_PREFIX.length));
    if (!m) return undefined;
    return { source: 'resources-topic', verb: m[1] as 'write' | 'delete' | 'action', succeeded: m[2] === 'success' };
  }
  if (t === EVENT_TYPES.createdOrUpdated.toLowerCase()) return { source: 'resource-notifications', verb: 'write' };
  if (t === EVENT_TYPES.deleted.toLowerCase()) return { source: 'resource-notifications', verb: 'delete' };
  return undefined;
}
