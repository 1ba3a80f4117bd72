/**
 * The live-Azure source of the CLI: `--subscription` (repeatable) and `--management-group` open a
 * LiveArmReader instead of an estate file. Before anything is read, one token is asked for, so that a
 * missing sign-in is one line on stderr and exit 2 within seconds. Progress goes to stderr only.
 *
 * APIM_VNET_GUARD_ARM_ENDPOINT (test-only) sends ARM traffic to a local simulator; see
 * src/sources/arm/transport.ts.
 */
import { Option, type Command } from 'commander';
import type { TokenCredential } from '@azure/identity';
import type { RetryBudget } from '../sources/arm/retry-policy.js';
import type { Scope } from '../sources/reader.js';
import type { OpenedSource } from './estate-source.js';
import { SourceError } from './source-error.js';

export interface LiveOptions {
  subscription?: string[];
  managementGroup?: string;
}

/** What the live source needs of the CLI's io. `credential` is for tests; otherwise DefaultAzureCredential. */
export interface LiveIo {
  env: Record<string, string | undefined>;
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  credential?: TokenCredential;
  /** Retry budget (tests use milliseconds). */
  retry?: RetryBudget;
}

/** A live read that could not complete (the checked instance answered 403, …): exit 3, one line. */
export class LiveReadError extends Error {
  override name = 'LiveReadError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MANAGEMENT_GROUP = /^[\w.()-]{1,90}$/;

/** Adds --subscription and --management-group to a command (check, export). */
export function addLiveOptions(command: Command): Command {
  if (command.name() === 'check') {
    command.addHelpText(
      'after',
      `
Live Azure (instead of --estate; same formats and exit status):
  apim-vnet-guard check --subscription 00000000-0000-0000-0000-000000000000 --format json
  apim-vnet-guard check --management-group landing-zones --instance /subscriptions/…/service/apim-prod
  Signs in like the Azure CLI (az login, environment, workload or managed identity; AZURE_CLIENT_ID
  picks a user-assigned identity). Needs Reader on the scope; Resource Graph is used when permitted.`,
    );
  }
  return command
    .addOption(
      new Option('--subscription <id>', 'read live from this Azure subscription (repeatable), with your Azure sign-in (az login, managed or workload identity)').argParser(
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      ),
    )
    .addOption(new Option('--management-group <name>', 'read live from every subscription of this management group (needs Resource Graph)'));
}

export function hasLiveScope(options: LiveOptions): boolean {
  return (options.subscription?.length ?? 0) > 0 || options.managementGroup !== undefined;
}

/** Validated scope, or SourceError naming the bad value. */
export function liveScope(options: LiveOptions): Scope {
  const subscriptions = [...new Set((options.subscription ?? []).map((s) => s.trim().toLowerCase()))];
  for (const s of subscriptions) {
    if (!GUID.test(s)) throw new SourceError(`--subscription "${s.slice(0, 100)}" is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)`);
  }
  const scope: Scope = { subscriptions };
  if (options.managementGroup !== undefined) {
    if (!MANAGEMENT_GROUP.test(options.managementGroup)) {
      throw new SourceError(`--management-group "${options.managementGroup.slice(0, 100)}" is not a management group name (letters, digits, - _ . ( ), at most 90)`);
    }
    scope.managementGroup = options.managementGroup;
  }
  return scope;
}

/**
 * Opens the live reader: validates the scope and the endpoint override, and makes sure we are signed
 * in. The Azure SDKs are loaded only here, so that `check --estate` does not pay for them.
 */
export async function openLiveSource(options: LiveOptions, io: LiveIo): Promise<OpenedSource> {
  const scope = liveScope(options);
  const { openAzureSource } = await import('./live-azure.js');
  return openAzureSource(scope, io);
}
