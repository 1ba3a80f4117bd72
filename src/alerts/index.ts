/** The alerts module's public surface, for the watcher, the functions and the CLI. */
export * from './types.js';
export { decideAlerts, failingSet, alertInstanceOf, type PolicyInput, type PolicyDecision } from './policy.js';
export { failingSetFingerprint, ruleKey, ruleKeys, alertId, outboxKey, instanceKey } from './fingerprint.js';
export {
  resolveRoutes,
  checkAlertSettings,
  defaultAlertSettings,
  webhookUrlProblem,
  parseEmailAddress,
  emailDomainAllowed,
  TAG_CHANNEL,
  TEAMS_WEBHOOK_HOSTS,
} from './routing.js';
export { buildTeamsMessage, buildCard, type TeamsMessage, type AdaptiveCard } from './render/card.js';
export { buildEmail, type EmailMessage } from './render/email.js';
export { alertSubject } from './render/subject.js';
export { Outbox, describeTarget, type OutboxEntry, type OutboxStatus, type UndeliveredAlert } from './outbox.js';
export { Delivery, retryDelayMs, type DeliveryDeps, type DeliverySummary } from './delivery.js';
export { Alerting, type AlertingDeps, type ReportInput, type ReportOutcome } from './alerting.js';
export { renderAlertPreview, previewBaseName, type PreviewFile, type PreviewOptions } from './preview.js';
export { redactText, redactUrl, maskAddress } from './redact.js';
