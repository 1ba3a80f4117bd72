/**
 * What the watcher's identity needs beyond Reader, in one place: the deployment builds its custom
 * role from this list (infra/modules/watched-subscription.bicep, infra/management-group.bicep; the
 * infra checks compare the two), and the messages that ask for a permission name it from here.
 */

/** `listNetworkManagerEffectiveSecurityAdminRules` is a POST, so Reader's `*\/read` does not cover it. */
export const ADMIN_RULES_ACTION = 'Microsoft.Network/virtualNetworks/listNetworkManagerEffectiveSecurityAdminRules/action';

/** Every action the custom role holds, and nothing else: reading admin rules is its only purpose. */
export const ACTIONS_BEYOND_READER: readonly string[] = [ADMIN_RULES_ACTION];
