/**
 * An instance named by an HTTP caller: subscription, resource group and service name, each checked
 * against Azure's grammar. The ARM id is rebuilt from the validated parts, never taken from the
 * request, so no request can make the watcher read anything but an APIM service.
 */
import { RESOURCE_TYPES } from '../arm/resource-id.js';

export interface InstanceRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export type InstanceRefErrorCode = 'INVALID_SUBSCRIPTION_ID' | 'INVALID_RESOURCE_GROUP' | 'INVALID_INSTANCE_NAME';

export interface InstanceRefError {
  code: InstanceRefErrorCode;
  message: string;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Resource groups: 1–90 letters (any script), digits, underscores, hyphens, periods and parentheses; no trailing period.
const RESOURCE_GROUP = /^[\p{L}\p{N}_\-.()]{1,90}$/u;
// API Management service names: 1–50 characters, letters, digits and hyphens, starting with a letter, not ending with a hyphen.
const SERVICE_NAME = /^[A-Za-z](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;

export function parseInstanceRef(parts: { subscriptionId?: string; resourceGroup?: string; name?: string }): { ref: InstanceRef } | { error: InstanceRefError } {
  const { subscriptionId = '', resourceGroup = '', name = '' } = parts;
  if (!GUID.test(subscriptionId)) {
    return { error: { code: 'INVALID_SUBSCRIPTION_ID', message: 'subscriptionId must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)' } };
  }
  if (!RESOURCE_GROUP.test(resourceGroup) || resourceGroup.endsWith('.')) {
    return {
      error: {
        code: 'INVALID_RESOURCE_GROUP',
        message: 'resourceGroup must be 1–90 letters, digits, underscores, hyphens, periods or parentheses, not ending with a period',
      },
    };
  }
  if (!SERVICE_NAME.test(name)) {
    return {
      error: {
        code: 'INVALID_INSTANCE_NAME',
        message: 'name must be an API Management service name: 1–50 letters, digits and hyphens, starting with a letter, not ending with a hyphen',
      },
    };
  }
  return { ref: { subscriptionId: subscriptionId.toLowerCase(), resourceGroup, name } };
}

export function instanceIdOf(ref: InstanceRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/${RESOURCE_TYPES.apim}/${ref.name}`;
}
