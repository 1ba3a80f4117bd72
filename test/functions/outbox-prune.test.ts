/** The sweep prunes the alert outbox: sent and given-up rows after ALERT_OUTBOX_RETENTION_DAYS. */
import { expect, inject, it } from 'vitest';
import { createRuntime } from '../../functions/runtime.js';
import { sweepHandler } from '../../functions/sweep.js';
import { Outbox } from '../../src/alerts/outbox.js';
import { loadConfig } from '../../src/config/config.js';
import { decideAlerts } from '../../src/alerts/policy.js';
import { CHANGE, finding, report, T0 } from '../alerts/fixtures.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { syntheticEstate } from '../support/synthetic-estate.js';
import { context, watcherTestSettings } from './host.js';

it('the sweep deletes sent and given-up outbox rows older than the retention, and keeps the rest', async () => {
  const resources = syntheticEstate({ instances: 1, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: 1 });
  const sub = resources[0]!.id.split('/')[2]!;
  const sim = await ArmSimulator.start(resources);
  try {
    const cs = inject('storageConnectionString');
    const config = loadConfig(
      watcherTestSettings({ connectionString: cs, armEndpoint: sim.url, subscriptionId: sub, prefix: 'prune' }, {
        ALERT_TEAMS_WEBHOOK_URL: 'https://contoso.webhook.office.com/x',
        ALERT_OUTBOX_RETENTION_DAYS: '7',
      }),
    );
    const created = new Date(Date.UTC(2026, 0, 1));
    const runtime = await createRuntime(config, { armCredential: fakeCredential(), clock: { now: () => new Date(created.getTime() + 8 * 24 * 3600_000) } });
    const outbox = Outbox.fromConnectionString(cs, config.alerts!.settings.outboxTable);
    const [alert] = decideAlerts({
      report: report('fail', [finding()]),
      previous: undefined,
      channels: [{ name: 'default', minSeverity: 'breaks-on-apply' }],
      changes: [CHANGE],
      now: T0,
      options: { unknownAfterMinutes: 60, subjectPrefix: '' },
    }).alerts as [ReturnType<typeof decideAlerts>['alerts'][number]];
    const teams = { kind: 'teams', channel: 'default' } as const;
    await outbox.enqueue(alert, [teams], created);
    await outbox.enqueue({ ...alert, id: 'given-up' }, [teams], created);
    await outbox.enqueue({ ...alert, id: 'recent' }, [teams], new Date(created.getTime() + 2 * 24 * 3600_000));
    await outbox.enqueue({ ...alert, id: 'pending' }, [teams], created);
    for (const e of await outbox.list(alert.instance.id)) {
      if (e.alertId === 'given-up') await outbox.markFailed(e, 'HTTP 400');
      else if (e.alertId !== 'pending') await outbox.markSent(e, created);
    }
    await sweepHandler(async () => runtime)({ isPastDue: false } as never, context('sweep'));
    expect((await outbox.list(alert.instance.id)).map((e) => e.alertId).sort()).toEqual(['pending', 'recent']);
  } finally {
    await sim.stop();
  }
});
