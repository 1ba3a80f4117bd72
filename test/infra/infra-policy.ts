import { ACTIONS_BEYOND_READER } from '../../src/arm/permissions.js';

/**
 * What the infra checks hold the Bicep to, besides the lists the code owns (WATCHED_OPERATIONS,
 * SUBSCRIBED_EVENT_TYPES, SETTINGS): built-in role ids, who may hold which role, and the app
 * settings that are deliberately absent from or extra to the settings table, each with its reason.
 */

/** Built-in role definition ids (the same in every subscription and tenant). */
export const ROLE = {
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42e0-ab88-20f7382dd24c',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c4a72b85',
  roleBasedAccessControlAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
} as const;

export const ROLE_NAMES: Record<string, string> = Object.fromEntries(Object.entries(ROLE).map(([name, id]) => [id, name]));

/** Roles that must appear nowhere: each can grant itself or others anything. */
export const FORBIDDEN_ROLES: readonly string[] = [ROLE.owner, ROLE.contributor, ROLE.userAccessAdministrator, ROLE.roleBasedAccessControlAdministrator];

/**
 * Who a role assignment is for, told from its principalId expression: the Event Grid delivery
 * identity, the operator running the deployment, or (anything else) the watcher's identity.
 */
export type Principal = 'watcher' | 'delivery' | 'operator';

export function principalOf(principalIdExpression: string): Principal {
  if (/deliveryIdentity/.test(principalIdExpression)) return 'delivery';
  if (/operatorPrincipalId/.test(principalIdExpression)) return 'operator';
  return 'watcher';
}

/** Roles each principal may hold on one of the watcher's own resources (an assignment with `scope:`). */
export const RESOURCE_ROLES: Record<Principal, readonly string[]> = {
  // The Functions host (blobs, queues), the state tables, Key Vault references, AAD telemetry ingestion.
  watcher: [ROLE.storageBlobDataOwner, ROLE.storageQueueDataContributor, ROLE.storageTableDataContributor, ROLE.keyVaultSecretsUser, ROLE.monitoringMetricsPublisher],
  // Event Grid: send to the events queue, write dead letters.
  delivery: [ROLE.storageQueueDataMessageSender, ROLE.storageBlobDataContributor],
  // Whoever deploys may rotate the webhook and SMTP secrets.
  operator: [ROLE.keyVaultSecretsOfficer],
};

/** The only built-in role on a watched scope (a subscription or a management group), and only for the watcher. */
export const WATCHED_SCOPE_ROLE = ROLE.reader;

/**
 * The only custom role there may be: assigned to the watcher on a watched scope, assignable on that
 * scope alone, holding exactly the actions the code says Reader lacks, and deployed only when the
 * watcher reads admin rules (the parameter fed by READ_ADMIN_RULES).
 */
export const CUSTOM_ROLE = {
  actions: ACTIONS_BEYOND_READER,
  condition: 'readAdminRules',
  assignableScope: { subscription: 'subscription().id', managementGroup: 'managementGroup().id' } as Record<string, string>,
} as const;

/** App settings Bicep sets that the code does not read: the Functions host reads them. */
export const PLATFORM_SETTINGS: Record<string, string> = {
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'the Functions host sends its telemetry with Entra ID (local auth is off on Application Insights)',
};

/** Settings the code reads that Bicep deliberately does not set. */
export const NOT_DEPLOYED: Record<string, string> = {
  AzureWebJobsStorage: 'a connection string carries the account key; Azure uses the identity-based AzureWebJobsStorage__* settings',
  AzureWebJobsStorage__tableServiceUri: 'derived from AzureWebJobsStorage__accountName in the public cloud',
  AzureWebJobsStorage__queueServiceUri: 'derived from AzureWebJobsStorage__accountName in the public cloud',
  APIM_VNET_GUARD_ARM_ENDPOINT: 'test only: points ARM traffic at a local simulator',
  WEBSITE_AUTH_ENABLED: 'set by App Service itself while authentication (authsettingsV2) is on',
};

/** Event Grid allows 25 advanced-filter values per event subscription. */
export const EVENT_GRID_MAX_FILTER_VALUES = 25;
