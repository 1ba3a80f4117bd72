import type { TokenCredential } from '@azure/identity';
import { QueueServiceClient } from '@azure/storage-queue';
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { decodeQueueMessage, encodeQueueMessage, storageWorkQueue } from '../../src/state/queue.js';
import { storageClients } from '../../src/state/storage-clients.js';
import { parseQueueMessage } from '../../src/events/queue-message.js';
import { resourceEvent, nsgId } from '../watcher/fixtures.js';

const neverCalled: TokenCredential = {
  async getToken() {
    throw new Error('no token may be requested in this test');
  },
};

describe('the evaluations queue on Azurite', () => {
  it('sends base64 JSON that the host decodes back to the request, hidden until its window closes', async () => {
    const q = QueueServiceClient.fromConnectionString(inject('storageConnectionString')).getQueueClient(`q-${randomBytes(4).toString('hex')}`);
    await q.create();
    const work = storageWorkQueue(q);
    const request = { instanceId: '/subscriptions/x/resourceGroups/r/providers/Microsoft.ApiManagement/service/a', trigger: 'event' as const, windowId: 'w1' };
    await work.scheduleEvaluation(request, 2);
    await work.scheduleEvaluation({ ...request, windowId: 'w2' }, 0);
    const now = await q.receiveMessages({ numberOfMessages: 32 });
    expect(now.receivedMessageItems.map((m) => decodeQueueMessage(m.messageText))).toEqual([{ ...request, windowId: 'w2' }]);
    await new Promise((r) => setTimeout(r, 2_200));
    const later = await q.receiveMessages({ numberOfMessages: 32 });
    expect(later.receivedMessageItems.map((m) => decodeQueueMessage(m.messageText))).toEqual([request]);
    expect(later.receivedMessageItems[0]!.messageText).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('events the watcher puts in base64 are read back by the events parser', async () => {
    const event = resourceEvent({ id: 'e1', resourceId: nsgId('nsg-a'), operationName: 'Microsoft.Network/networkSecurityGroups/write' });
    const parsed = await parseQueueMessage(encodeQueueMessage(event));
    expect(parsed.changes.map((c) => c.eventId)).toEqual(['e1']);
  });
});

describe('storage clients', () => {
  it('from a connection string reach Azurite over http', async () => {
    const clients = storageClients({ kind: 'connectionString', connectionString: inject('storageConnectionString') });
    const table = clients.table(`t${randomBytes(4).toString('hex')}`);
    await table.createTable();
    await table.upsertEntity({ partitionKey: 'p', rowKey: 'r', v: 1 });
    expect((await table.getEntity('p', 'r')).v).toBe(1);
  });

  it('identity-based: the endpoints come from the settings and the credential is the one given', () => {
    const clients = storageClients(
      { kind: 'identity', tableServiceUri: 'https://acct.table.core.windows.net/', queueServiceUri: 'https://acct.queue.core.windows.net' },
      { credential: neverCalled },
    );
    expect(clients.table('vnetguardinstances').url).toBe('https://acct.table.core.windows.net');
    expect(clients.table('vnetguardinstances').tableName).toBe('vnetguardinstances');
    expect(clients.queue('resource-events').url).toBe('https://acct.queue.core.windows.net/resource-events');
  });
});
