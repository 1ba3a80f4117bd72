import { readFileSync } from 'node:fs';
import { QueueClient } from '@azure/storage-queue';
import { describe, expect, inject, it } from 'vitest';
import { decodeMessageText, parseQueueMessage } from '../../src/events/queue-message.js';

const text = (name: string) => readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8');
// Event Grid writes one event per queue message: the object, not the array.
const oneEvent = JSON.stringify((JSON.parse(text('nsg-write.eventgrid.json')) as unknown[])[0]);
const NSG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-net/providers/microsoft.network/networksecuritygroups/nsg-apim-weu';

describe('parseQueueMessage', () => {
  it.each([
    ['plain JSON text', oneEvent],
    ['base64-encoded JSON', Buffer.from(oneEvent).toString('base64')],
    ['base64 with a line break', Buffer.from(oneEvent).toString('base64').replace(/(.{76})/g, '$1\n')],
    ['the object the Functions host hands over', JSON.parse(oneEvent) as unknown],
    ['bytes', Buffer.from(oneEvent)],
  ])('reads %s', async (_, message) => {
    const parsed = await parseQueueMessage(message);
    expect(parsed.problems).toEqual([]);
    expect(parsed.changes.map((c) => c.resourceId)).toEqual([NSG]);
  });

  it('reads a CloudEvent message', async () => {
    const parsed = await parseQueueMessage(Buffer.from(text('nsg-write.cloudevent.json')).toString('base64'));
    expect(parsed.changes).toEqual([expect.objectContaining({ schema: 'cloudevents', resourceId: NSG })]);
  });

  it.each([
    ['text that is neither', 'hello world'],
    ['base64 of something that is not JSON', Buffer.from('<xml/>').toString('base64')],
    ['an empty message', ''],
  ])('reports %s as a problem', async (_, message) => {
    const parsed = await parseQueueMessage(message);
    expect(parsed.changes).toEqual([]);
    expect(parsed.problems).toEqual([{ index: undefined, reason: 'queue message is neither JSON nor base64-encoded JSON' }]);
  });

  it('reports a malformed event in a message with its id', async () => {
    const event = JSON.parse(oneEvent) as Record<string, unknown>;
    delete event.dataVersion;
    const parsed = await parseQueueMessage(Buffer.from(JSON.stringify(event)).toString('base64'));
    expect(parsed.problems).toEqual([{ index: 0, eventId: '4db48cba-50a2-455a-93b4-de41a3b5b7f6', reason: "Event Grid schema: event is missing required property 'dataVersion'" }]);
  });

  it('decodes nothing that merely looks like base64 but is not JSON', () => {
    expect(decodeMessageText('abcd')).toBeUndefined();
    expect(decodeMessageText(`  ${oneEvent}  `)).toBe(oneEvent);
  });

  it('reads messages as they come back from a real queue (Azurite), in both encodings', async () => {
    const queue = new QueueClient(inject('storageConnectionString'), `events-${Date.now()}`);
    await queue.create();
    await queue.sendMessage(oneEvent);
    await queue.sendMessage(Buffer.from(oneEvent).toString('base64'));
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 2 });
    expect(receivedMessageItems).toHaveLength(2);
    for (const m of receivedMessageItems) {
      expect((await parseQueueMessage(m.messageText)).changes.map((c) => c.eventId)).toEqual(['4db48cba-50a2-455a-93b4-de41a3b5b7f6']);
    }
    await queue.delete();
  });
});
