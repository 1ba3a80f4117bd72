/**
 * ARM list calls, one resource type in one subscription, following nextLink page by page: the fallback
 * where Resource Graph is not permitted, and how a single-instance check finds the other instances
 * that share its subnet. Each page's raw body is kept (see read-resource.ts for why).
 */
import type { FullOperationResponse, OperationOptions } from '@azure/core-client';
import type { ArmResource } from '../../arm/arm-resource.js';
import { RESOURCE_TYPES } from '../../arm/resource-id.js';
import type { ArmConnection } from './connection.js';

interface Pager {
  byPage(): AsyncIterableIterator<unknown[]>;
}

/** Lists every resource of `type` in a subscription. Throws the SDK's RestError when a page fails. */
export async function listArmResources(
  connection: ArmConnection,
  subscriptionId: string,
  type: string,
  onPage?: (rows: number) => void,
): Promise<ArmResource[]> {
  const out: ArmResource[] = [];
  const options: OperationOptions = {
    onResponse: (response: FullOperationResponse) => {
      if (response.status < 200 || response.status >= 300) return;
      const body = JSON.parse(response.bodyAsText ?? '{}') as { value?: unknown };
      const rows = Array.isArray(body.value) ? (body.value as ArmResource[]) : [];
      out.push(...rows);
      onPage?.(rows.length);
    },
  };
  const pager = await pagerFor(connection, subscriptionId, type, options);
  // Iterating drives the requests; the items are taken from the raw bodies above.
  for await (const page of pager.byPage()) void page;
  return out;
}

async function pagerFor(connection: ArmConnection, subscriptionId: string, type: string, options: OperationOptions): Promise<Pager> {
  const network = () => connection.networkClient(subscriptionId);
  switch (type.toLowerCase()) {
    case RESOURCE_TYPES.apim.toLowerCase():
      return (await connection.apimClient(subscriptionId)).apiManagementService.list(options);
    case RESOURCE_TYPES.virtualNetwork.toLowerCase():
      return (await network()).virtualNetworks.listAll(options);
    case RESOURCE_TYPES.networkSecurityGroup.toLowerCase():
      return (await network()).networkSecurityGroups.listAll(options);
    case RESOURCE_TYPES.routeTable.toLowerCase():
      return (await network()).routeTables.listAll(options);
    case RESOURCE_TYPES.publicIp.toLowerCase():
      return (await network()).publicIPAddresses.listAll(options);
    default:
      throw new Error(`resources of type ${type} are not listed`);
  }
}
