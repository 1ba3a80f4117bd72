/**
 * Pieces of `az` commands for remediation texts, built from ARM ids so that a remediation can be
 * pasted as it is. Values from Azure are shell-quoted; placeholders the user must choose stay in angle brackets.
 */
import { tryParseResourceId } from '../arm/resource-id.js';
import type { ApimInstance, ApimLocation } from '../model/instance.js';
import { shellWord } from '../output/safe-text.js';

/** The stable Microsoft.ApiManagement API version the remediation commands use (reference §8.1). */
export const APIM_API_VERSION = '2024-05-01';

/** Shell-quoted resource group of an id, or a placeholder. */
export function resourceGroupOf(id: string): string {
  return quoted(tryParseResourceId(id)?.resourceGroup, '<resource-group>');
}

export function quoted(value: string | undefined, placeholder: string): string {
  return value === undefined ? placeholder : shellWord(value);
}

/** `--resource-group rg --vnet-name vnet --name snet` for `az network vnet subnet …`. */
export function subnetArgs(subnetId: string): string {
  const parsed = tryParseResourceId(subnetId);
  const vnet = quoted(parsed?.segments[0]?.name, '<vnet>');
  const subnet = quoted(parsed?.segments[1]?.name, '<subnet>');
  return `--resource-group ${resourceGroupOf(subnetId)} --vnet-name ${vnet} --name ${subnet}`;
}

/** `--resource-group rg --name x` for a top-level resource (`az network public-ip …`, `az network nsg …`). */
export function resourceArgs(id: string): string {
  return `--resource-group ${resourceGroupOf(id)} --name ${quoted(tryParseResourceId(id)?.name, '<name>')}`;
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
