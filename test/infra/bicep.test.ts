/**
 * infra/ cannot be compiled here (no Bicep CLI), so its .bicep files are parsed with tree-sitter-bicep
 * and held to the lists the code owns: the watched operations, the event types, the settings table.
 * Each check also runs on a mutated copy of infra/ to show that it fails when infra and code drift.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/config/settings.js';
import { SUBSCRIBED_EVENT_TYPES } from '../../src/events/event-types.js';
import { WATCHED_OPERATIONS } from '../../src/events/operations.js';
import { checkEventFilter, checkNoKeys, checkRoles, checkSettings, checkStatusSignIn, checkSyntax, deployedSettings, type EventFilterExpectation } from './bicep-checks.js';
import { parseBicepDir } from './bicep-tree.js';
import { ROLE } from './infra-policy.js';

const INFRA = join(import.meta.dirname, '../../infra');

const operations = WATCHED_OPERATIONS.map((o) => o.operationName);
const expectedFilter: EventFilterExpectation = {
  operations,
  // Resource Notifications filter on the resource type: the watched writes and deletes without their verb
  // (they carry no actions).
  resourceTypes: [...new Set(WATCHED_OPERATIONS.filter((o) => o.verb !== 'action').map((o) => o.operationName.replace(/\/(write|delete)$/i, '')))],
  eventTypes: SUBSCRIBED_EVENT_TYPES,
};

const copies: string[] = [];
afterAll(() => {
  for (const c of copies) rmSync(c, { recursive: true, force: true });
});

/** A copy of infra/ with one text replaced in one file; fails if the text is not there (a mutation must mutate). */
function mutated(file: string, from: string, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'infra-mutant-'));
  copies.push(dir);
  cpSync(INFRA, dir, { recursive: true });
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`mutation target not found in ${file}: ${from}`);
  writeFileSync(path, text.replace(from, to));
  return dir;
}

describe('infra/ as written', () => {
  it('deploys the Function App on Node 22, a runtime that package.json engines accept', () => {
    const watcher = readFileSync(join(INFRA, 'modules/watcher.bicep'), 'utf8');
    const versions = [...watcher.matchAll(/runtime:\s*\{\s*name:\s*'node',\s*version:\s*'(\d+)'\s*\}/g)].map((m) => m[1]);
    expect(versions).toEqual(['22']);
    const engines = (JSON.parse(readFileSync(join(INFRA, '../package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines.split('||').map((r) => r.trim())).toContain('>=22.0.0');
  });

  it('parses: every .bicep file is free of syntax errors', async () => {
    const project = await parseBicepDir(INFRA);
    expect(project.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['main.bicep', 'management-group.bicep', 'modules/watcher.bicep', 'modules/watched-subscription.bicep', 'modules/event-topic.bicep']),
    );
    expect(await checkSyntax(INFRA)).toEqual([]);
  });

  it('filters Event Grid to exactly the operations the code handles (and ARN to their resource types)', async () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(await checkEventFilter(INFRA, expectedFilter)).toEqual([]);
  });

  it('grants the watcher nothing above Reader and the one-action admin-rules role on watched scopes, and only allow-listed roles on its own resources', async () => {
    expect(await checkRoles(INFRA)).toEqual([]);
  });

  it('puts no storage key or secret in app settings; secrets are Key Vault references; shared keys are off', async () => {
    expect(await checkNoKeys(INFRA, SETTINGS)).toEqual([]);
  });

  it('sets every app setting the code reads, each from a parameter defaulting to the table or from a resource, and nothing else', async () => {
    expect(await checkSettings(INFRA, SETTINGS)).toEqual([]);
  });

  it('makes every secret of the settings table that it deploys a Key Vault reference', async () => {
    const { settings } = deployedSettings(await parseBicepDir(INFRA));
    const secretNames = new Set(SETTINGS.filter((s) => s.secret).map((s) => s.name as string));
    const deployedSecrets = settings.filter((s) => secretNames.has(s.name));
    expect(deployedSecrets.length).toBeGreaterThan(0);
    for (const s of deployedSecrets) expect({ name: s.name, kind: s.kind }).toEqual({ name: s.name, kind: 'keyvault' });
  });
});

describe('the optional Entra ID sign-in to the status page', () => {
  it('is App Service Authentication on the function app, only when a client id is given, letting anonymous requests through to the keyed routes', async () => {
    expect(await checkStatusSignIn(INFRA)).toEqual([]);
  });

  it('fails when sign-in is required app-wide (Event Grid and the keyed routes would be locked out) or deployed unconditionally', async () => {
    const wide = mutated('modules/watcher.bicep', 'requireAuthentication: false', 'requireAuthentication: true');
    expect(await checkStatusSignIn(wide)).toEqual([expect.stringMatching(/requireAuthentication is true, expected false/)]);
    const always = mutated('modules/watcher.bicep', "= if (!empty(signInClientId)) {", '= {');
    expect((await checkStatusSignIn(always)).join('\n')).toMatch(/deployed only when signInClientId is set/);
    const unfed = mutated('main.bicep', 'signInClientId: statusSignInClientId', "signInClientId: ''");
    expect((await checkStatusSignIn(unfed)).join('\n')).toMatch(/must pass statusSignInClientId/);
  });
});

describe('the checks fail on a mutated copy of infra/', () => {
  it('a syntax error is reported with file, line and column', async () => {
    const dir = mutated('modules/event-topic.bicep', "var useResourcesTopic = eventSource == 'resources-topic'", "var useResourcesTopic = (eventSource == 'resources-topic'");
    const problems = await checkSyntax(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^modules\/event-topic\.bicep:\d+:\d+: syntax error/);
  });

  it('an operation changed in the filter', async () => {
    const dir = mutated('modules/event-topic.bicep', "'Microsoft.Network/routeTables/routes/delete'", "'Microsoft.Network/routeTables/routes/action'");
    const problems = (await checkEventFilter(dir, expectedFilter)).join('\n');
    expect(problems).toMatch(/data\.operationName StringIn filter lacks Microsoft\.Network\/routeTables\/routes\/delete/);
    expect(problems).toMatch(/has Microsoft\.Network\/routeTables\/routes\/action, which the code does not handle/);
  });

  it('an operation the code handles dropped from the filter', async () => {
    const dir = mutated('modules/event-topic.bicep', "  'Microsoft.Network/publicIPAddresses/delete'\n", '');
    expect((await checkEventFilter(dir, expectedFilter)).join('\n')).toMatch(/lacks Microsoft\.Network\/publicIPAddresses\/delete/);
  });

  it('a resource type missing from the Resource Notifications filter', async () => {
    const dir = mutated('modules/event-topic.bicep', "  'Microsoft.Network/routeTables/routes'\n  'Microsoft.Network/publicIPAddresses'\n]", "  'Microsoft.Network/publicIPAddresses'\n]");
    expect((await checkEventFilter(dir, expectedFilter)).join('\n')).toMatch(/data\.resourceInfo\.type StringIn filter lacks Microsoft\.Network\/routeTables\/routes/);
  });

  it('Contributor instead of Reader on a watched subscription', async () => {
    const dir = mutated('modules/watched-subscription.bicep', `var readerRoleId = '${ROLE.reader}'`, `var readerRoleId = '${ROLE.contributor}'`);
    const problems = (await checkRoles(dir)).join('\n');
    expect(problems).toMatch(/grants contributor, which must appear nowhere/);
    expect(problems).toMatch(/no Reader role assignment for the watcher/);
  });

  it('the admin-rules custom role given one action more than the code needs, or a wildcard', async () => {
    const action = "'Microsoft.Network/virtualNetworks/listNetworkManagerEffectiveSecurityAdminRules/action'";
    const extra = mutated('modules/watched-subscription.bicep', `  ${action}\n]`, `  ${action}\n  'Microsoft.Network/virtualNetworks/write'\n]`);
    expect((await checkRoles(extra)).join('\n')).toMatch(/modules\/watched-subscription\.bicep:\d+:\d+: custom role adminRulesRole holds Microsoft\.Network\/virtualNetworks\/write; it may hold only Microsoft\.Network\/virtualNetworks\/listNetworkManagerEffectiveSecurityAdminRules\/action/);
    const wildcard = mutated('management-group.bicep', `  ${action}\n]`, "  'Microsoft.Network/*'\n]");
    const problems = (await checkRoles(wildcard)).join('\n');
    expect(problems).toMatch(/management-group\.bicep:\d+:\d+: custom role adminRulesRole holds Microsoft\.Network\/\*/);
    expect(problems).toMatch(/custom role adminRulesRole lacks Microsoft\.Network\/virtualNetworks\/listNetworkManagerEffectiveSecurityAdminRules\/action/);
    const data = mutated('modules/watched-subscription.bicep', 'dataActions: []', "dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read']");
    expect((await checkRoles(data)).join('\n')).toMatch(/custom role adminRulesRole: dataActions must be empty/);
  });

  it('the admin-rules custom role assignable above its scope, given to another identity, or deployed whatever READ_ADMIN_RULES says', async () => {
    const wide = mutated('modules/watched-subscription.bicep', 'assignableScopes: [\n      subscription().id\n    ]', "assignableScopes: [\n      '/'\n    ]");
    expect((await checkRoles(wide)).join('\n')).toMatch(/custom role adminRulesRole must be assignable only on the scope it is deployed at \(subscription\(\)\.id\), is assignable on '\/'/);
    const delivery = mutated('modules/watched-subscription.bicep', "guid(subscription().id, watcherPrincipalId, 'apim-vnet-guard-admin-rules')\n  properties: {\n    principalId: watcherPrincipalId", "guid(subscription().id, watcherPrincipalId, 'apim-vnet-guard-admin-rules')\n  properties: {\n    principalId: deliveryIdentityId");
    expect((await checkRoles(delivery)).join('\n')).toMatch(/role assignment adminRulesReader grants the custom role adminRulesRole to the delivery identity/);
    const always = mutated('modules/watched-subscription.bicep', "resource adminRulesRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (readAdminRules) {", "resource adminRulesRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {");
    expect((await checkRoles(always)).join('\n')).toMatch(/custom role adminRulesRole must be deployed only when readAdminRules is true/);
    const unfed = mutated('main.bicep', "readAdminRules: toLower(readAdminRules) == 'true'", 'readAdminRules: true');
    expect((await checkRoles(unfed)).join('\n')).toMatch(/main\.bicep:\d+:\d+: readAdminRules must come from readAdminRules \(the READ_ADMIN_RULES parameter\), is true/);
    const gone = mutated('main.bicep', "readAdminRules: toLower(readAdminRules) == 'true'\n", '');
    expect((await checkRoles(gone)).join('\n')).toMatch(/modules\/watched-subscription\.bicep: nobody passes readAdminRules/);
  });

  it('a Contributor role added on the watcher storage account', async () => {
    const extra = `
resource watcherContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, watcherIdentity.id, 'contributor')
  scope: storage
  properties: { principalId: watcherIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${ROLE.contributor}') }
}
output functionAppName`;
    const dir = mutated('modules/watcher.bicep', '\noutput functionAppName', extra);
    expect((await checkRoles(dir)).join('\n')).toMatch(/modules\/watcher\.bicep:\d+:\d+: role assignment watcherContributor grants contributor/);
  });

  it('a data role given to the wrong identity (Event Grid delivery gets Table Data Contributor)', async () => {
    const dir = mutated(
      'modules/watcher.bicep',
      'roleDefinitionId: subscriptionResourceId(\'Microsoft.Authorization/roleDefinitions\', roles.storageQueueDataMessageSender)',
      'roleDefinitionId: subscriptionResourceId(\'Microsoft.Authorization/roleDefinitions\', roles.storageTableDataContributor)',
    );
    expect((await checkRoles(dir)).join('\n')).toMatch(/grants storageTableDataContributor to the delivery identity, which is not on its allow-list/);
  });

  it('listKeys( and an account key in an app setting', async () => {
    const dir = mutated(
      'modules/watcher.bicep',
      "{ name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }",
      "{ name: 'AzureWebJobsStorage', value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value}' }",
    );
    const problems = (await checkNoKeys(dir, SETTINGS)).join('\n');
    expect(problems).toMatch(/listKeys\(\) reads a key or secret into the template/);
    expect(problems).toMatch(/a string carries a key/);
    expect(problems).toMatch(/AzureWebJobsStorage is a secret \(settings table\) but its app setting is not a Key Vault reference/);
  });

  it('shared key access turned back on', async () => {
    const dir = mutated('modules/watcher.bicep', 'allowSharedKeyAccess: false', 'allowSharedKeyAccess: true');
    expect((await checkNoKeys(dir, SETTINGS)).join('\n')).toMatch(/must set allowSharedKeyAccess: false \(found true\)/);
  });

  it('a secret moved from the Key Vault settings into the plain ones', async () => {
    const dir = mutated('main.bicep', '  SMTP_PASSWORD: smtpPassword\n', '');
    const main = join(dir, 'main.bicep');
    writeFileSync(main, readFileSync(main, 'utf8').replace('  SMTP_HOST: smtpHost\n', '  SMTP_HOST: smtpHost\n  SMTP_PASSWORD: smtpPassword\n'));
    const problems = (await checkNoKeys(dir, SETTINGS)).join('\n');
    expect(problems).toMatch(/SMTP_PASSWORD is a secret \(settings table\) but its app setting is not a Key Vault reference/);
    expect(problems).toMatch(/SMTP_PASSWORD puts the secure parameter smtpPassword into a plain app setting/);
  });

  it('a setting the code reads dropped from the app settings', async () => {
    const dir = mutated('main.bicep', "  WATCH_SUBSCRIPTIONS: join(watchedSubscriptionIds, ',')\n", '');
    expect((await checkSettings(dir, SETTINGS)).join('\n')).toMatch(/the code reads WATCH_SUBSCRIPTIONS, but Bicep sets no app setting for it/);
  });

  it('an app setting the code does not know', async () => {
    const dir = mutated('main.bicep', '  DEBOUNCE_SECONDS: debounceSeconds\n', '  DEBOUNCE_SECS: debounceSeconds\n');
    const problems = (await checkSettings(dir, SETTINGS)).join('\n');
    expect(problems).toMatch(/Bicep sets DEBOUNCE_SECS, which the code does not read/);
    expect(problems).toMatch(/the code reads DEBOUNCE_SECONDS, but Bicep sets no app setting/);
  });

  it('a parameter default out of step with the settings table', async () => {
    const dir = mutated('main.bicep', "param sweepSchedule string = '0 */30 * * * *'", "param sweepSchedule string = '0 */5 * * * *'");
    expect((await checkSettings(dir, SETTINGS)).join('\n')).toMatch(/parameter sweepSchedule \(SWEEP_SCHEDULE\) defaults to '0 \*\/5 \* \* \* \*', the settings table to "0 \*\/30 \* \* \* \*"/);
  });

  it('an azd placeholder out of step with the settings table', async () => {
    const dir = mutated('main.parameters.json', '${DEBOUNCE_SECONDS=20}', '${DEBOUNCE_SECONDS=30}');
    expect((await checkSettings(dir, SETTINGS)).join('\n')).toMatch(/debounceSeconds defaults to "30", the settings table to "20"/);
  });
});
