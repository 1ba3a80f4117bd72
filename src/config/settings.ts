/**
 * Every app setting the watcher reads, in one table: name, default, what it does and whether it is a
 * secret. The README's configuration table and the infra tests read this same list, so that code,
 * documentation and Bicep cannot drift apart. Nothing else in the project reads process.env.
 */

export interface SettingSpec {
  name: string;
  /** The value used when the setting is absent; undefined when there is none. */
  default: string | undefined;
  description: string;
  /** Secrets are never logged nor returned; infra puts them in Key Vault references. */
  secret: boolean;
}

export const SETTINGS = [
  {
    name: 'AzureWebJobsStorage',
    default: undefined,
    description:
      'Storage account connection string for the state tables and the queues (the Functions host uses it too). Leave unset to use the identity-based AzureWebJobsStorage__* settings.',
    secret: true,
  },
  {
    name: 'AzureWebJobsStorage__accountName',
    default: undefined,
    description: 'Identity-based storage: the account name; the table and queue endpoints are derived from it.',
    secret: false,
  },
  {
    name: 'AzureWebJobsStorage__tableServiceUri',
    default: undefined,
    description: 'Identity-based storage: the Table service URI, when it is not https://{accountName}.table.core.windows.net.',
    secret: false,
  },
  {
    name: 'AzureWebJobsStorage__queueServiceUri',
    default: undefined,
    description: 'Identity-based storage: the Queue service URI, when it is not https://{accountName}.queue.core.windows.net.',
    secret: false,
  },
  {
    name: 'AzureWebJobsStorage__credential',
    default: undefined,
    description: 'Identity-based storage: `managedidentity` to use the managed identity only; unset uses DefaultAzureCredential.',
    secret: false,
  },
  {
    name: 'AzureWebJobsStorage__clientId',
    default: undefined,
    description: 'Identity-based storage: client id of the user-assigned managed identity that reaches the storage account.',
    secret: false,
  },
  {
    name: 'WATCH_SUBSCRIPTIONS',
    default: undefined,
    description: 'Comma-separated subscription ids to watch. At least this or WATCH_MANAGEMENT_GROUP. Only instances in scope can be re-checked over HTTP.',
    secret: false,
  },
  {
    name: 'WATCH_MANAGEMENT_GROUP',
    default: undefined,
    description: 'A management group to watch (every subscription below it).',
    secret: false,
  },
  {
    name: 'STATUS_SIGN_IN_CLIENT_ID',
    default: undefined,
    description:
      'Client id of the Entra ID app registration people sign in with to open GET /api/status (App Service Authentication, set up by the Bicep). Set: the status routes need a signed-in user instead of a function key. Unset: a function key, like every route.',
    secret: false,
  },
  {
    name: 'WEBSITE_AUTH_ENABLED',
    default: undefined,
    description:
      'Set by App Service, never by hand: `True` while App Service Authentication is on. Only then does STATUS_SIGN_IN_CLIENT_ID take effect, since only then are the sign-in headers the platform’s and not the caller’s.',
    secret: false,
  },
  {
    name: 'AZURE_CLIENT_ID',
    default: undefined,
    description: 'Client id of the user-assigned managed identity that reads ARM and Resource Graph; unset uses the system-assigned identity or the default chain.',
    secret: false,
  },
  {
    name: 'EVENTS_QUEUE_NAME',
    default: 'resource-events',
    description: 'The queue the Event Grid subscription delivers resource events to.',
    secret: false,
  },
  {
    name: 'EVALUATIONS_QUEUE_NAME',
    default: 'instance-evaluations',
    description: 'The queue of (delayed) evaluations of one instance.',
    secret: false,
  },
  {
    name: 'STATE_TABLE_PREFIX',
    default: 'vnetguard',
    description: 'Prefix of the state tables ({prefix}instances, {prefix}index, {prefix}events); letters and digits.',
    secret: false,
  },
  {
    name: 'DEBOUNCE_SECONDS',
    default: '20',
    description: 'Events that affect the same instance within this window produce one evaluation (0–600).',
    secret: false,
  },
  {
    name: 'READ_ADMIN_RULES',
    default: 'true',
    description: 'Whether the watcher reads the effective Virtual Network Manager security admin rules of each VNet (true or false). The deployment gives its identity a custom role holding only Microsoft.Network/virtualNetworks/listNetworkManagerEffectiveSecurityAdminRules/action on each watched scope (Reader lacks it) when true, and none when false; false hides admin rules that deny or always allow a flow.',
    secret: false,
  },
  {
    name: 'CORROBORATE_INTERVAL_MINUTES',
    default: '60',
    description: 'After a failing or unknown evaluation, read the instance networkstatus probes at most once per instance in this many minutes and attach them to the findings; 0: only on demand (0–1440).',
    secret: false,
  },
  {
    name: 'SWEEP_SCHEDULE',
    default: '0 */30 * * * *',
    description: 'NCRONTAB schedule of the reconciliation sweep (six fields, seconds first).',
    secret: false,
  },
  {
    name: 'CHANGE_RETENTION_HOURS',
    default: '168',
    description: 'How long the changes that touched an instance are kept for attribution.',
    secret: false,
  },
  {
    name: 'EVENT_DEDUPE_HOURS',
    default: '48',
    description: 'How long processed event ids are remembered to drop redelivered events.',
    secret: false,
  },
  {
    name: 'APIM_VNET_GUARD_ARM_ENDPOINT',
    default: undefined,
    description: 'Test only: send ARM traffic to this origin (http only for 127.0.0.1 or localhost, e.g. an ARM simulator). Never set in Azure.',
    secret: false,
  },
  {
    name: 'ALERT_TEAMS_WEBHOOK_URL',
    default: undefined,
    description: 'Teams Workflows (or legacy incoming) webhook of the `default` channel, which receives every instance\'s alerts.',
    secret: true,
  },
  {
    name: 'ALERT_EMAIL_TO',
    default: undefined,
    description: 'Comma-separated e-mail recipients of the `default` channel.',
    secret: false,
  },
  {
    name: 'ALERT_CHANNELS',
    default: undefined,
    description:
      'JSON array of further named channels: [{"name":"net-team","teamsWebhookUrl":"https://…","emailTo":["a@contoso.com"],"minSeverity":"breaks-now","receivesAll":false}]. Instances name channels in their routing tag.',
    secret: true,
  },
  {
    name: 'ALERT_MIN_SEVERITY',
    default: 'breaks-on-apply',
    description: 'Findings below this severity do not alert: breaks-now, breaks-on-apply, degraded, recommendation or info.',
    secret: false,
  },
  {
    name: 'ALERT_ROUTING_TAG',
    default: 'apim-vnet-guard-notify',
    description: 'Instance tag that routes its alerts: channel names and/or e-mail addresses, separated by commas or semicolons.',
    secret: false,
  },
  {
    name: 'ALERT_ALLOWED_EMAIL_DOMAINS',
    default: '',
    description: 'Comma-separated domains a routing tag may send mail to (`contoso.com`, `*.contoso.com`); empty: none.',
    secret: false,
  },
  {
    name: 'ALERT_EXTRA_WEBHOOK_ORIGINS',
    default: '',
    description: 'Comma-separated origins allowed for webhooks besides the Teams and Power Automate hosts.',
    secret: false,
  },
  {
    name: 'ALERT_REMINDER_MINUTES',
    default: '0',
    description: 'Remind while an instance stays failing, every this many minutes; 0: never.',
    secret: false,
  },
  {
    name: 'ALERT_UNKNOWN_AFTER_MINUTES',
    default: '60',
    description: 'Report "cannot evaluate" once an instance has been unknown this long.',
    secret: false,
  },
  {
    name: 'ALERT_SUBJECT_PREFIX',
    default: '[apim-vnet-guard]',
    description: 'Prefix of alert subjects and card titles.',
    secret: false,
  },
  {
    name: 'AZURE_PORTAL_URL',
    default: 'https://portal.azure.com',
    description: 'Azure portal origin for links in alerts (sovereign clouds differ).',
    secret: false,
  },
  {
    name: 'ALERT_OUTBOX_TABLE',
    default: 'alertoutbox',
    description: 'Table of the alert outbox.',
    secret: false,
  },
  {
    name: 'ALERT_OUTBOX_RETENTION_DAYS',
    default: '30',
    description:
      'Days a sent or given-up outbox row is kept before the sweep deletes it (2 to 3650). Until then its key stops a repeated alert from being sent again.',
    secret: false,
  },
  {
    name: 'ALERT_DELIVERY_SCHEDULE',
    default: '0 */1 * * * *',
    description: 'NCRONTAB schedule of the outbox delivery (sends what is due, retries with backoff).',
    secret: false,
  },
  {
    name: 'ALERT_DELIVERY_MAX_ATTEMPTS',
    default: '12',
    description: 'Attempts before a send is given up (kept as failed, listed as undelivered).',
    secret: false,
  },
  {
    name: 'ALERT_DELIVERY_BASE_DELAY_SECONDS',
    default: '30',
    description: 'First retry delay of a failed send; doubles each attempt.',
    secret: false,
  },
  {
    name: 'ALERT_DELIVERY_MAX_DELAY_SECONDS',
    default: '3600',
    description: 'Longest retry delay of a failed send.',
    secret: false,
  },
  {
    name: 'ALERT_DELIVERY_TIMEOUT_SECONDS',
    default: '15',
    description: 'Timeout of one send.',
    secret: false,
  },
  {
    name: 'EMAIL_FROM',
    default: undefined,
    description: 'Sender address of alert e-mails (required with SMTP or ACS).',
    secret: false,
  },
  {
    name: 'SMTP_HOST',
    default: undefined,
    description: 'SMTP server for alert e-mails; set it (or ACS_EMAIL_*) to send e-mail.',
    secret: false,
  },
  {
    name: 'SMTP_PORT',
    default: '587',
    description: 'SMTP port of the mail server.',
    secret: false,
  },
  {
    name: 'SMTP_TLS',
    default: 'starttls',
    description: '`starttls` (required upgrade), `implicit` (TLS from the start, port 465) or `none` (local test servers only).',
    secret: false,
  },
  {
    name: 'SMTP_USER',
    default: undefined,
    description: 'SMTP user name.',
    secret: false,
  },
  {
    name: 'SMTP_PASSWORD',
    default: undefined,
    description: 'SMTP password.',
    secret: true,
  },
  {
    name: 'ACS_EMAIL_CONNECTION_STRING',
    default: undefined,
    description: 'Azure Communication Services Email connection string (endpoint=…;accesskey=…).',
    secret: true,
  },
  {
    name: 'ACS_EMAIL_ENDPOINT',
    default: undefined,
    description: 'Azure Communication Services endpoint, used with the managed identity instead of a connection string.',
    secret: false,
  },
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING',
    default: undefined,
    description: 'Application Insights connection string; unset turns custom telemetry off.',
    secret: true,
  },
] as const satisfies readonly SettingSpec[];

export type SettingName = (typeof SETTINGS)[number]['name'];

/** The settings table as Markdown, for the README (secrets are marked, never shown). */
export function settingsMarkdown(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = SETTINGS.map(
    (s) => `| \`${s.name}\` | ${s.default === undefined ? '—' : `\`${esc(s.default)}\``} | ${s.secret ? 'yes' : 'no'} | ${esc(s.description)} |`,
  );
  return ['| Setting | Default | Secret | Description |', '|---|---|---|---|', ...rows].join('\n');
}
