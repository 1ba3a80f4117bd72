/**
 * Pieces of `az` commands for remediation texts, built from ARM ids so that a remediation can be
 * pasted as it is: every command names its `--subscription` (the default one may be another), values
 * from Azure are shell words (src/output/safe-text.ts), and a value the user must choose is a quoted
 * placeholder, `'<nsg-name-or-id>'`, which a shell passes as text (never a redirect).
 */
import { tryParseResourceId } from '../arm/resource-id.js';
import type { ApimInstance, ApimLocation } from '../model/instance.js';
import type { LocationView } from '../model/view.js';
import { shellWord } from '../output/safe-text.js';

/** The stable Microsoft.ApiManagement API version the remediation commands use (reference §8.1). */
export const APIM_API_VERSION = '2024-05-01';

/** A value the user must choose, e.g. `'<prefix>'`: one shell word, visibly not a real value. */
export function placeholder(what: string): string {
  return shellWord(`<${what}>`);
}

/** Shell-quoted resource group of an id, or a placeholder. */
export function resourceGroupOf(id: string): string {
  return quoted(tryParseResourceId(id)?.resourceGroup, 'resource-group');
}

export function quoted(value: string | undefined, what: string): string {
  return value === undefined ? placeholder(what) : shellWord(value);
}

/**
 * The NSG to attach: an unattached one of the estate in the VNet's subscription and region when
 * there is one (by id, so that its resource group does not matter), else a placeholder.
 */
export function nsgChoice(view: Pick<LocationView, 'unattachedNetworkSecurityGroups'>): string {
  const spare = view.unattachedNetworkSecurityGroups?.[0];
  return spare ? shellWord(spare.id) : placeholder('nsg-name-or-id');
}

/** `--subscription s --resource-group rg`: where a resource is, as far as its id tells. */
export function scopeArgs(id: string): string {
  return `--subscription ${quoted(tryParseResourceId(id)?.subscriptionId, 'subscription-id')} --resource-group ${resourceGroupOf(id)}`;
}

/** `--subscription s --resource-group rg --vnet-name vnet --name snet` for `az network vnet subnet …`. */
export function subnetArgs(subnetId: string): string {
  const parsed = tryParseResourceId(subnetId);
  const vnet = quoted(parsed?.segments[0]?.name, 'vnet');
  const subnet = quoted(parsed?.segments[1]?.name, 'subnet');
  return `${scopeArgs(subnetId)} --vnet-name ${vnet} --name ${subnet}`;
}

/** `--subscription s --resource-group rg --name x` for a top-level resource (`az network public-ip …`, `az apim …`). */
export function resourceArgs(id: string): string {
  return `${scopeArgs(id)} --name ${quoted(tryParseResourceId(id)?.name, 'name')}`;
}

/**
 * Re-applies the network configuration (needed after DNS or public IP label changes). A multi-region
 * instance needs the location in the body; a single-region one takes none.
 */
export function applyNetworkConfigurationCommand(instance: ApimInstance, location: ApimLocation): string {
  const body = instance.locations.length > 1 ? ` --body ${shellWord(JSON.stringify({ location: location.displayName || location.region }))}` : '';
  const url = `https://management.azure.com${instance.id}/applynetworkconfigurationupdates?api-version=${APIM_API_VERSION}`;
  return `az rest --method post --url ${shellWord(url)}${body}`;
}
