// apim-vnet-guard: the watcher on Azure Functions (Flex Consumption), its storage, telemetry and
// Key Vault in one resource group, plus, in every watched subscription, Reader for the watcher and an
// Event Grid system topic that feeds the events queue. Deploy with `azd up`, or with
// `az deployment sub create --location <region> --template-file infra/main.bicep --parameters environmentName=<name> location=<region>`
// (main.parameters.json holds azd's ${VAR} placeholders, which the Azure CLI does not expand).
//
// Every app setting the watcher reads (src/config/settings.ts) is either a parameter below, named
// after the setting in camelCase and defaulting to the table's default, or derived from the
// resources in modules/watcher.bicep; test/infra checks both directions.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the azd environment; prefixes every resource name.')
param environmentName string

@minLength(1)
@description('Region of the watcher resources (must offer Flex Consumption).')
param location string

@description('WATCH_SUBSCRIPTIONS: comma-separated subscription ids to watch; each gets Reader for the watcher and an Event Grid system topic. Empty: the deployment subscription.')
param watchSubscriptions string = ''

@allowed(['resources-topic', 'resource-notifications'])
@description('Event source: the Azure subscription system topic (Microsoft.Resources.Subscriptions) or Azure Resource Notifications (Microsoft.ResourceNotifications.Resources).')
param eventSource string = 'resources-topic'

@description('Principal (object) id of the operator running the deployment; gets Key Vault Secrets Officer to rotate the webhook and SMTP secrets. Leave empty to skip.')
param operatorPrincipalId string = ''

@description('STATUS_SIGN_IN_CLIENT_ID: client id of an Entra ID app registration (redirect URI: the STATUS_SIGN_IN_REDIRECT_URI output). Set: App Service Authentication is turned on and people sign in to open /api/status instead of pasting a function key; every other route keeps its key. Empty: no sign-in.')
param statusSignInClientId string = ''

// ---- Watcher settings: one parameter per app setting (README configuration table) ----
@description('WATCH_MANAGEMENT_GROUP: A management group to watch (every subscription below it). Grant the watcher Reader there with infra/management-group.bicep; events still come only from the subscriptions in watchSubscriptions.')
param watchManagementGroup string = ''

@description('STATE_TABLE_PREFIX: Prefix of the state tables ({prefix}instances, {prefix}index, {prefix}events); letters and digits.')
param stateTablePrefix string = 'vnetguard'

@description('DEBOUNCE_SECONDS: Events that affect the same instance within this window produce one evaluation (0–600).')
param debounceSeconds string = '20'

@description('CORROBORATE_INTERVAL_MINUTES: After a failing or unknown evaluation, read the instance networkstatus probes at most once per instance in this many minutes and attach them to the findings; 0: only on demand (0–1440).')
param corroborateIntervalMinutes string = '60'

@description('READ_ADMIN_RULES: Whether the watcher reads the effective Virtual Network Manager security admin rules of each VNet (true or false). The deployment gives its identity a custom role holding only Microsoft.Network/virtualNetworks/listNetworkManagerEffectiveSecurityAdminRules/action on each watched scope (Reader lacks it) when true, and none when false; false hides admin rules that deny or always allow a flow.')
param readAdminRules string = 'true'

@description('SWEEP_SCHEDULE: NCRONTAB schedule of the reconciliation sweep (six fields, seconds first).')
param sweepSchedule string = '0 */30 * * * *'

@description('CHANGE_RETENTION_HOURS: How long the changes that touched an instance are kept for attribution.')
param changeRetentionHours string = '168'

@description('EVENT_DEDUPE_HOURS: How long processed event ids are remembered to drop redelivered events.')
param eventDedupeHours string = '48'

@description('ALERT_EMAIL_TO: Comma-separated e-mail recipients of the `default` channel.')
param alertEmailTo string = ''

@description('ALERT_MIN_SEVERITY: Findings below this severity do not alert: breaks-now, breaks-on-apply, degraded, recommendation or info.')
param alertMinSeverity string = 'breaks-on-apply'

@description('ALERT_ROUTING_TAG: Instance tag that routes its alerts: channel names and/or e-mail addresses, separated by commas or semicolons.')
param alertRoutingTag string = 'apim-vnet-guard-notify'

@description('ALERT_ALLOWED_EMAIL_DOMAINS: Comma-separated domains a routing tag may send mail to (`contoso.com`, `*.contoso.com`); empty: none.')
param alertAllowedEmailDomains string = ''

@description('ALERT_EXTRA_WEBHOOK_ORIGINS: Comma-separated origins allowed for webhooks besides the Teams and Power Automate hosts.')
param alertExtraWebhookOrigins string = ''

@description('ALERT_REMINDER_MINUTES: Remind while an instance stays failing, every this many minutes; 0: never.')
param alertReminderMinutes string = '0'

@description('ALERT_UNKNOWN_AFTER_MINUTES: Report "cannot evaluate" once an instance has been unknown this long.')
param alertUnknownAfterMinutes string = '60'

@description('ALERT_SUBJECT_PREFIX: Prefix of alert subjects and card titles.')
param alertSubjectPrefix string = '[apim-vnet-guard]'

@description('AZURE_PORTAL_URL: Azure portal origin for links in alerts (sovereign clouds differ).')
param azurePortalUrl string = 'https://portal.azure.com'

@description('ALERT_OUTBOX_TABLE: Table of the alert outbox.')
param alertOutboxTable string = 'alertoutbox'

@description('ALERT_DELIVERY_SCHEDULE: NCRONTAB schedule of the outbox delivery (sends what is due, retries with backoff).')
param alertDeliverySchedule string = '0 */1 * * * *'

@description('ALERT_OUTBOX_RETENTION_DAYS: Days a sent or given-up outbox row is kept before the sweep deletes it (2 to 3650). Until then its key stops a repeated alert from being sent again.')
param alertOutboxRetentionDays string = '30'

@description('ALERT_DELIVERY_MAX_ATTEMPTS: Attempts before a send is given up (kept as failed, listed as undelivered).')
param alertDeliveryMaxAttempts string = '12'

@description('ALERT_DELIVERY_BASE_DELAY_SECONDS: First retry delay of a failed send; doubles each attempt.')
param alertDeliveryBaseDelaySeconds string = '30'

@description('ALERT_DELIVERY_MAX_DELAY_SECONDS: Longest retry delay of a failed send.')
param alertDeliveryMaxDelaySeconds string = '3600'

@description('ALERT_DELIVERY_TIMEOUT_SECONDS: Timeout of one send.')
param alertDeliveryTimeoutSeconds string = '15'

@description('EMAIL_FROM: Sender address of alert e-mails (required with SMTP or ACS).')
param emailFrom string = ''

@description('SMTP_HOST: SMTP server for alert e-mails; set it (or ACS_EMAIL_*) to send e-mail.')
param smtpHost string = ''

@description('SMTP_PORT: SMTP port.')
param smtpPort string = '587'

@description('SMTP_TLS: `starttls` (required upgrade), `implicit` (TLS from the start, port 465) or `none` (local test servers only).')
param smtpTls string = 'starttls'

@description('SMTP_USER: SMTP user name.')
param smtpUser string = ''

@description('ACS_EMAIL_ENDPOINT: Azure Communication Services endpoint, used with the managed identity instead of a connection string.')
param acsEmailEndpoint string = ''

// ---- Secrets: written to the Key Vault and referenced from app settings, never stored in them ----
@secure()
@description('ALERT_TEAMS_WEBHOOK_URL: Teams Workflows (or legacy incoming) webhook of the `default` channel, which receives every instance\'s alerts. Stored in the Key Vault; empty leaves the setting out.')
param alertTeamsWebhookUrl string = ''

@secure()
@description('ALERT_CHANNELS: JSON array of further named channels: [{"name":"net-team","teamsWebhookUrl":"https://…","emailTo":["a@contoso.com"],"minSeverity":"breaks-now","receivesAll":false}]. Instances name channels in their routing tag. Stored in the Key Vault; empty leaves the setting out.')
param alertChannels string = ''

@secure()
@description('SMTP_PASSWORD: SMTP password. Stored in the Key Vault; empty leaves the setting out.')
param smtpPassword string = ''

@secure()
@description('ACS_EMAIL_CONNECTION_STRING: Azure Communication Services Email connection string (endpoint=…;accesskey=…). Stored in the Key Vault; empty leaves the setting out.')
param acsEmailConnectionString string = ''

var tags = { 'azd-env-name': environmentName, application: 'apim-vnet-guard' }
var token = toLower(uniqueString(subscription().id, environmentName, location))
var watchedSubscriptionIds = empty(trim(watchSubscriptions))
  ? [subscription().subscriptionId]
  : filter(map(split(watchSubscriptions, ','), s => trim(s)), s => !empty(s))

// App settings taken from the parameters, keyed by the setting name the code reads.
var appSettings = {
  WATCH_SUBSCRIPTIONS: join(watchedSubscriptionIds, ',')
  WATCH_MANAGEMENT_GROUP: watchManagementGroup
  STATUS_SIGN_IN_CLIENT_ID: statusSignInClientId
  STATE_TABLE_PREFIX: stateTablePrefix
  DEBOUNCE_SECONDS: debounceSeconds
  CORROBORATE_INTERVAL_MINUTES: corroborateIntervalMinutes
  READ_ADMIN_RULES: readAdminRules
  SWEEP_SCHEDULE: sweepSchedule
  CHANGE_RETENTION_HOURS: changeRetentionHours
  EVENT_DEDUPE_HOURS: eventDedupeHours
  ALERT_EMAIL_TO: alertEmailTo
  ALERT_MIN_SEVERITY: alertMinSeverity
  ALERT_ROUTING_TAG: alertRoutingTag
  ALERT_ALLOWED_EMAIL_DOMAINS: alertAllowedEmailDomains
  ALERT_EXTRA_WEBHOOK_ORIGINS: alertExtraWebhookOrigins
  ALERT_REMINDER_MINUTES: alertReminderMinutes
  ALERT_UNKNOWN_AFTER_MINUTES: alertUnknownAfterMinutes
  ALERT_SUBJECT_PREFIX: alertSubjectPrefix
  AZURE_PORTAL_URL: azurePortalUrl
  ALERT_OUTBOX_TABLE: alertOutboxTable
  ALERT_DELIVERY_SCHEDULE: alertDeliverySchedule
  ALERT_OUTBOX_RETENTION_DAYS: alertOutboxRetentionDays
  ALERT_DELIVERY_MAX_ATTEMPTS: alertDeliveryMaxAttempts
  ALERT_DELIVERY_BASE_DELAY_SECONDS: alertDeliveryBaseDelaySeconds
  ALERT_DELIVERY_MAX_DELAY_SECONDS: alertDeliveryMaxDelaySeconds
  ALERT_DELIVERY_TIMEOUT_SECONDS: alertDeliveryTimeoutSeconds
  EMAIL_FROM: emailFrom
  SMTP_HOST: smtpHost
  SMTP_PORT: smtpPort
  SMTP_TLS: smtpTls
  SMTP_USER: smtpUser
  ACS_EMAIL_ENDPOINT: acsEmailEndpoint
}

// Secret app settings: each non-empty one becomes a Key Vault secret and a Key Vault reference.
var secretSettings = {
  ALERT_TEAMS_WEBHOOK_URL: alertTeamsWebhookUrl
  ALERT_CHANNELS: alertChannels
  SMTP_PASSWORD: smtpPassword
  ACS_EMAIL_CONNECTION_STRING: acsEmailConnectionString
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module watcher 'modules/watcher.bicep' = {
  name: 'watcher'
  scope: rg
  params: {
    location: location
    tags: tags
    token: token
    operatorPrincipalId: operatorPrincipalId
    signInClientId: statusSignInClientId
    appSettings: appSettings
    secretSettings: secretSettings
  }
}

// Reader (and the admin-rules role) on each watched subscription, and its Event Grid system topic.
module watched 'modules/watched-subscription.bicep' = [for subscriptionId in watchedSubscriptionIds: {
  name: 'watched-${subscriptionId}'
  scope: subscription(subscriptionId)
  params: {
    environmentName: environmentName
    location: location
    tags: tags
    eventSource: eventSource
    watcherPrincipalId: watcher.outputs.watcherPrincipalId
    deliveryIdentityId: watcher.outputs.deliveryIdentityId
    storageAccountId: watcher.outputs.storageAccountId
    eventsQueueName: watcher.outputs.eventsQueueName
    deadLetterContainerName: watcher.outputs.deadLetterContainerName
    readAdminRules: toLower(readAdminRules) == 'true'
  }
}]

output AZURE_RESOURCE_GROUP string = rg.name
output FUNCTION_APP_NAME string = watcher.outputs.functionAppName
output FUNCTION_APP_HOSTNAME string = watcher.outputs.functionAppHostName
output KEY_VAULT_NAME string = watcher.outputs.keyVaultName
output WATCHER_PRINCIPAL_ID string = watcher.outputs.watcherPrincipalId
output STATUS_SIGN_IN_REDIRECT_URI string = watcher.outputs.signInRedirectUri
