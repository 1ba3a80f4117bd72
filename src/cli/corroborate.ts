/** `check --corroborate`: each evaluated instance's networkstatus attached to its report, after the evaluation. */
import { corroborate, type LocationNetworkStatus } from '../corroboration/network-status.js';
import { buildReport } from '../engine/report.js';
import type { Report } from '../model/finding.js';

export async function corroborateReport(
  report: Report,
  read: (instanceId: string) => Promise<LocationNetworkStatus[]>,
  now: Date,
  warn: (line: string) => void,
): Promise<Report> {
  const instances = await Promise.all(
    report.instances.map(async (instance) => {
      if (instance.status === 'not-injected') return instance;
      try {
        return corroborate(instance, await read(instance.id), now);
      } catch (e) {
        warn(`warning: the networkstatus of ${instance.id} could not be read (${(e as Error).message.replace(/\s+/g, ' ').slice(0, 300)}): its findings are not corroborated`);
        return instance;
      }
    }),
  );
  return buildReport(instances);
}
