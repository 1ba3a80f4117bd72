import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEvents, validationResponseBody } from '../../src/events/parse-events.js';
import { DependencyIndex } from '../../src/index/dependency-index.js';
import { buildView, ids } from '../support/view-builder.js';

const text = (name: string) => readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8');
const json = (name: string): unknown => JSON.parse(text(name));

const NET = '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-net/providers/microsoft.network';
const user = { upn: 'alex@contoso.example', name: 'Alex Smith', appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', objectId: '5b1f3c0e-1111-4222-8333-944455556666', client: 'Azure portal' };
const servicePrincipal = { appId: '7d3c9a52-aaaa-4bbb-8ccc-1234567890ab', objectId: '0f2e4d6c-2222-4333-8444-a55566667777' };

describe('parseEvents: subscription system topic, Event Grid schema', () => {
  it.each([
    ['nsg-write.eventgrid.json', `${NET}/networksecuritygroups/nsg-apim-weu`, 'networkSecurityGroup', 'write', user],
    ['security-rule-delete.eventgrid.json', `${NET}/networksecuritygroups/nsg-apim-weu/securityrules/allowapimmanagement`, 'securityRule', 'delete', servicePrincipal],
    ['subnet-write.eventgrid.json', `${NET}/virtualnetworks/vnet-weu/subnets/snet-apim`, 'subnet', 'write', user],
    ['route-write.eventgrid.json', `${NET}/routetables/rt-apim-weu/routes/default-to-firewall`, 'route', 'write', servicePrincipal],
    ['public-ip-delete.eventgrid.json', `${NET}/publicipaddresses/pip-apim-weu`, 'publicIp', 'delete', user],
    [
      'apim-write.eventgrid.json',
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-apim/providers/microsoft.apimanagement/service/apim-a',
      'apim',
      'write',
      user,
    ],
  ])('%s → one change', async (file, resourceId, kind, verb, caller) => {
    const parsed = await parseEvents(text(file));
    expect(parsed.problems).toEqual([]);
    expect(parsed.ignored).toEqual([]);
    expect(parsed.changes).toHaveLength(1);
    const change = parsed.changes[0]!;
    expect(change).toMatchObject({ schema: 'eventgrid', source: 'resources-topic', resourceId, verb, caller, status: 'Succeeded', correlationId: '9c0d8f4e-3a2b-4c1d-9e8f-7a6b5c4d3e2f' });
    expect(change.operation.kind).toBe(kind);
    expect(change.caller).toEqual(caller);
    expect(change.resource).toBeUndefined();
  });

  it('keeps the event id, type, time and the id as spelled', async () => {
    const [change] = (await parseEvents(text('security-rule-delete.eventgrid.json'))).changes;
    expect(change).toMatchObject({
      eventId: '0b6c1a2e-7f3d-4e5a-9b8c-1d2e3f405162',
      eventType: 'Microsoft.Resources.ResourceDeleteSuccess',
      time: '2024-06-19T13:20:11.123Z',
      operation: { operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/delete', kind: 'securityRule', verb: 'delete' },
    });
    expect(change!.resourceIdAsGiven).toContain('/resourcegroups/rg-net/providers/microsoft.network/networkSecurityGroups/nsg-apim-weu/securityRules/AllowApimManagement');
  });

  it('keeps no claim, token, IP address or request URL', async () => {
    const serialized = JSON.stringify(await parseEvents(text('nsg-write.eventgrid.json')));
    for (const secret of ['203.0.113.7', 'sts.windows.net', 'not-a-real-value', '10030000A1B2C3D4', 'api-version', 'Network Contributor', 'e1f2a3b4-0000']) {
      expect(serialized).not.toContain(secret);
    }
  });

  it('normalizes mixed-case subjects to the same resource id', async () => {
    const lower = (await parseEvents(text('security-rule-delete.eventgrid.json'))).changes[0]!;
    const events = json('security-rule-delete.eventgrid.json') as Array<{ subject: string; data: Record<string, unknown> }>;
    events[0]!.subject = events[0]!.subject.replace('resourcegroups', 'resourceGroups').replace('microsoft.network', 'Microsoft.Network');
    events[0]!.data.resourceUri = events[0]!.subject;
    const camel = (await parseEvents(events)).changes[0]!;
    expect(camel.resourceId).toBe(lower.resourceId);
    expect(camel.resourceIdAsGiven).not.toBe(lower.resourceIdAsGiven);
  });

  it('falls back to the subject and to the event type when resourceUri and operationName are absent', async () => {
    const [event] = json('nsg-write.eventgrid.json') as Array<{ data: Record<string, unknown> }>;
    delete event!.data.resourceUri;
    delete event!.data.operationName;
    const [change] = (await parseEvents(event)).changes;
    expect(change?.operation).toMatchObject({ operationName: 'Microsoft.Network/networkSecurityGroups/write' });
    expect(change?.resourceId).toBe(`${NET}/networksecuritygroups/nsg-apim-weu`);
  });

  it('accepts a single object and bytes as well as a JSON array', async () => {
    const [event] = json('nsg-write.eventgrid.json') as unknown[];
    expect((await parseEvents(event)).changes).toHaveLength(1);
    expect((await parseEvents(Buffer.from(text('nsg-write.eventgrid.json')))).changes).toHaveLength(1);
    expect(await parseEvents('[]')).toEqual({ changes: [], ignored: [], validations: [], problems: [] });
  });
});

describe('parseEvents: what is set aside', () => {
  it('ignores an unwatched action cheaply, saying which operation', async () => {
    const parsed = await parseEvents(text('list-keys-action.eventgrid.json'));
    expect(parsed.changes).toEqual([]);
    expect(parsed.ignored).toEqual([
      {
        index: 0,
        eventId: 'ad4e5f60-7182-4394-a5a6-c7d8e9f0a1b2',
        eventType: 'Microsoft.Resources.ResourceActionSuccess',
        source: 'resources-topic',
        resourceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-data/providers/microsoft.storage/storageaccounts/stdata001',
        operationName: 'Microsoft.Storage/storageAccounts/listKeys/action',
        reason: 'operation is not watched',
      },
    ]);
  });

  it('ignores failed operations, other resource types and other event types', async () => {
    const [write] = json('nsg-write.eventgrid.json') as Array<Record<string, unknown>>;
    const failed = { ...write, id: 'f1', eventType: 'Microsoft.Resources.ResourceWriteFailure' };
    const nic = { ...write, id: 'f2', data: { ...(write!.data as object), operationName: 'Microsoft.Network/networkInterfaces/write', resourceUri: ids.nsg().replace('networkSecurityGroups', 'networkInterfaces') } };
    const blob = { ...write, id: 'f3', eventType: 'Microsoft.Storage.BlobCreated', data: { url: 'https://x' } };
    const rg = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net';
    const rgDelete = { ...write, id: 'f4', eventType: 'Microsoft.Resources.ResourceDeleteSuccess', subject: rg, data: { ...(write!.data as object), resourceUri: rg, operationName: 'Microsoft.Resources/subscriptions/resourceGroups/delete' } };
    const parsed = await parseEvents([failed, nic, blob, rgDelete]);
    expect(parsed.changes).toEqual([]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.ignored.map((i) => [i.eventId, i.reason])).toEqual([
      ['f1', 'the operation did not succeed'],
      ['f2', 'operation is not watched'],
      ['f3', 'event type is not a resource change the watcher reads'],
      ['f4', 'event names a subscription or resource group, not a watched resource'],
    ]);
    expect(parsed.ignored[3]).toMatchObject({ resourceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-net', operationName: 'Microsoft.Resources/subscriptions/resourceGroups/delete' });
  });

  it('recognizes the subscription validation handshake', async () => {
    const parsed = await parseEvents(text('subscription-validation.eventgrid.json'));
    expect(parsed.validations).toEqual([
      {
        index: 0,
        eventId: '2d1781af-3a4c-4d7c-bd0c-e34b19da4e66',
        validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6',
        validationUrl: expect.stringContaining('https://rp-westeurope.eventgrid.azure.net:553/'),
      },
    ]);
    expect(validationResponseBody(parsed.validations[0]!)).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
  });
});

describe('parseEvents: malformed input', () => {
  it('reports a missing dataVersion with the SDK reason and the event id', async () => {
    const parsed = await parseEvents(text('missing-data-version.eventgrid.json'));
    expect(parsed.changes).toEqual([]);
    expect(parsed.problems).toEqual([
      { index: 0, eventId: 'f3930415-c6d7-48e9-b0f1-b2c3d4e5f6a7', reason: "Event Grid schema: event is missing required property 'dataVersion'" },
    ]);
  });

  it('reports a wrong specversion', async () => {
    const parsed = await parseEvents(text('wrong-specversion.cloudevent.json'));
    expect(parsed.problems).toEqual([{ index: 0, eventId: '04a41526-d7e8-49f0-81a2-c3d4e5f6a7b8', reason: 'CloudEvents 1.0 schema: event is not in the Cloud Event 1.0 schema' }]);
  });

  it('reports a body that is not JSON, without throwing', async () => {
    const parsed = await parseEvents(text('not-json.txt'));
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ index: undefined });
    expect(parsed.problems[0]!.reason).toMatch(/^body is not JSON: /);
    expect((await parseEvents(42)).problems[0]!.reason).toBe('body is neither an event object nor an array of events (got number)');
    expect((await parseEvents(null)).problems[0]!.reason).toContain('got null');
  });

  it('never lets a bad event fail the rest of a batch', async () => {
    const parsed = await parseEvents(text('mixed-batch.eventgrid.json'));
    expect(parsed.changes.map((c) => c.eventId)).toEqual(['4db48cba-50a2-455a-93b4-de41a3b5b7f6', '8b2c3d4e-5f60-4172-8384-a5b6c7d8e9f0']);
    expect(parsed.ignored.map((i) => i.index)).toEqual([3]);
    expect(parsed.problems).toEqual([
      { index: 1, eventId: 'f3930415-c6d7-48e9-b0f1-b2c3d4e5f6a7', reason: "Event Grid schema: event is missing required property 'dataVersion'" },
      { index: 2, reason: 'event is not a JSON object (got string)' },
    ]);
  });

  it.each([
    ['a CloudEvent read as Event Grid schema', 'nsg-write.cloudevent.json', 'eventgrid', "Event Grid schema: event is missing required property 'eventType'"],
    ['an Event Grid event read as a CloudEvent', 'nsg-write.eventgrid.json', 'cloudevents', "CloudEvents 1.0 schema: event is missing required property 'type'"],
  ] as const)('reports %s when the schema is forced', async (_, file, schema, reason) => {
    const parsed = await parseEvents(text(file), { schema });
    expect(parsed.problems.map((p) => p.reason)).toEqual([reason]);
  });

  it('names what is wrong with the data of a resource event', async () => {
    const [write] = json('nsg-write.eventgrid.json') as Array<Record<string, unknown>>;
    const cases = [
      { ...write, id: 'p1', data: 'not an object' },
      { ...write, id: 'p2', subject: 'nsg-apim-weu', data: { ...(write!.data as object), resourceUri: 'nsg-apim-weu' } },
      { ...write, id: 'p3', eventTime: 'yesterday' },
      { ...write, id: 'p4', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: {} },
      { ...write, id: 'p5', eventType: 'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated', data: { apiVersion: '1' } },
    ];
    const parsed = await parseEvents(cases);
    expect(parsed.changes).toEqual([]);
    expect(parsed.problems).toEqual([
      { index: 0, eventId: 'p1', reason: 'Microsoft.Resources.ResourceWriteSuccess event has no data object' },
      { index: 1, eventId: 'p2', reason: 'Microsoft.Resources.ResourceWriteSuccess event names "nsg-apim-weu", which is not an ARM resource id' },
      { index: 2, eventId: 'p3', reason: 'Event Grid schema: eventTime "yesterday" is not a date' },
      { index: 3, eventId: 'p4', reason: 'subscription validation event has no data.validationCode' },
      { index: 4, eventId: 'p5', reason: 'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated event has no data.resourceInfo object' },
    ]);
  });
});

describe('parseEvents: CloudEvents 1.0', () => {
  it('reads a single CloudEvent', async () => {
    const parsed = await parseEvents(text('nsg-write.cloudevent.json'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.changes).toEqual([
      expect.objectContaining({
        eventId: 'be5f6071-8293-44a5-b6b7-d8e9f0a1b2c3',
        schema: 'cloudevents',
        source: 'resources-topic',
        resourceId: `${NET}/networksecuritygroups/nsg-apim-weu`,
        time: '2024-06-19T13:18:04.611Z',
        caller: user,
      }),
    ]);
  });

  it('reads a batch, keeping watched changes and ignoring the rest', async () => {
    const parsed = await parseEvents(text('batch.cloudevents.json'), { schema: 'cloudevents' });
    expect(parsed.problems).toEqual([]);
    expect(parsed.changes.map((c) => [c.operation.kind, c.verb, c.caller.appId])).toEqual([
      ['subnet', 'write', servicePrincipal.appId],
      ['route', 'delete', servicePrincipal.appId],
    ]);
    expect(parsed.ignored.map((i) => [i.index, i.operationName])).toEqual([[2, 'Microsoft.Storage/storageAccounts/listKeys/action']]);
  });

  it('reports an invalid time', async () => {
    const event = { ...(json('nsg-write.cloudevent.json') as object), time: '19/06/2024' };
    expect((await parseEvents(event)).problems[0]!.reason).toBe('CloudEvents 1.0 schema: time "19/06/2024" is not a date');
  });
});

describe('parseEvents: Azure Resource Notifications', () => {
  it('carries the resource body of CreatedOrUpdated as an ArmResource', async () => {
    const parsed = await parseEvents(text('arn-nsg-created-or-updated.eventgrid.json'));
    expect(parsed.problems).toEqual([]);
    const [change] = parsed.changes;
    expect(change).toMatchObject({
      eventId: '4eef929a-a65c-47dd-93e2-46b8c17c6c17',
      source: 'resource-notifications',
      resourceId: `${NET}/networksecuritygroups/nsg-apim-weu`,
      operation: { kind: 'networkSecurityGroup', verb: 'write' },
      verb: 'write',
      time: '2024-06-19T13:21:40.841Z',
      caller: {},
      apiVersion: '2023-09-01',
    });
    expect(change!.correlationId).toBeUndefined();
    expect(change!.resource).toMatchObject({
      id: ids.nsg(),
      name: 'nsg-apim-weu',
      type: 'Microsoft.Network/networkSecurityGroups',
      location: 'westeurope',
      tags: { owner: 'network-team' },
    });
    const rules = (change!.resource!.properties as { securityRules: Array<{ name: string }> }).securityRules;
    expect(rules.map((r) => r.name)).toEqual(['AllowApimManagement', 'DenyInternetInbound']);
  });

  it('reads Deleted (CloudEvents) without a body', async () => {
    const parsed = await parseEvents(text('arn-public-ip-deleted.cloudevent.json'));
    expect(parsed.changes).toEqual([
      expect.objectContaining({ source: 'resource-notifications', schema: 'cloudevents', verb: 'delete', resourceId: `${NET}/publicipaddresses/pip-apim-weu`, time: '2024-06-19T13:25:02.100Z' }),
    ]);
    expect(parsed.changes[0]!.resource).toBeUndefined();
  });

  it('uses the resource id, not resourceInfo.type, for the operation; and the ARN time when the envelope has none', async () => {
    const event = json('arn-nsg-created-or-updated.eventgrid.json') as Array<{ data: { resourceInfo: Record<string, unknown> } }>;
    event[0]!.data.resourceInfo.type = 'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated';
    const [change] = (await parseEvents(event)).changes;
    expect(change?.operation.kind).toBe('networkSecurityGroup');
    expect(change?.resource?.type).toBe('Microsoft.Network/networkSecurityGroups');

    const ce = json('arn-public-ip-deleted.cloudevent.json') as Record<string, unknown>;
    delete ce.time;
    expect((await parseEvents(ce)).changes[0]?.time).toBe('2024-06-19T13:25:02.100Z');
  });

  it('ignores ARN events for resource types nobody watches', async () => {
    const event = json('arn-nsg-created-or-updated.eventgrid.json') as Array<{ subject: string; data: { resourceInfo: Record<string, unknown> } }>;
    const storage = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stdata001';
    event[0]!.subject = storage;
    event[0]!.data.resourceInfo = { id: storage, name: 'stdata001', type: 'Microsoft.Storage/storageAccounts', location: 'eastus', properties: { allowBlobPublicAccess: 1 } };
    const parsed = await parseEvents(event);
    expect(parsed.ignored).toEqual([expect.objectContaining({ source: 'resource-notifications', operationName: 'Microsoft.Storage/storageAccounts/write', reason: 'operation is not watched' })]);
  });
});

describe('events meet the index', () => {
  it('a rule deletion and an NSG write reach the instance that uses the NSG; an unrelated change reaches nobody', async () => {
    const index = DependencyIndex.fromViews([buildView()]);
    const changes = (await parseEvents([...(json('security-rule-delete.eventgrid.json') as unknown[]), ...(json('list-keys-action.eventgrid.json') as unknown[])])).changes;
    expect(changes.map((c) => index.dependentsOf(c.resourceId))).toEqual([[{ instanceId: ids.apim(), region: 'westeurope' }]]);
    const [subnet] = (await parseEvents(text('subnet-write.eventgrid.json'))).changes;
    expect(index.instancesOf(subnet!.resourceId)).toEqual([ids.apim()]);
    const [route] = (await parseEvents(text('route-write.eventgrid.json'))).changes;
    expect(index.instancesOf(route!.resourceId)).toEqual([]);
  });
});
