/**
 * Opens live Azure for the CLI (loaded on demand by live.ts): signs in first (one token, so that a
 * missing sign-in fails in seconds, before the large ARM SDKs are even loaded), then the reader, whose
 * progress and notes go to stderr only.
 */
import type { InstanceView } from '../model/view.js';
import { defaultArmCredential, ensureSignedIn, SignInRequiredError } from '../sources/arm/credential.js';
import { ARM_ENDPOINT_ENV, ArmEndpointError, parseArmEndpointOverride } from '../sources/arm/transport.js';
import type { LiveArmReader } from '../sources/arm/live-reader.js';
import type { EstateReader, Scope, SweepProgress, SweepResult } from '../sources/reader.js';
import { SourceError, type OpenedSource } from './estate-source.js';
import { LiveReadError, type LiveIo } from './live.js';
import { singleLine } from '../output/safe-text.js';

export async function openAzureSource(scope: Scope, io: LiveIo): Promise<OpenedSource> {
  const override = io.env[ARM_ENDPOINT_ENV];
  let armEndpoint: string | undefined;
  if (override !== undefined && override !== '') {
    try {
      armEndpoint = parseArmEndpointOverride(override);
    } catch (e) {
      if (e instanceof ArmEndpointError) throw new SourceError(e.message);
      throw e;
    }
  }
  const credential = io.credential ?? defaultArmCredential();
  try {
    await ensureSignedIn(credential);
  } catch (e) {
    if (e instanceof SignInRequiredError) throw new SourceError(e.message);
    throw e;
  }
  const [{ ArmConnection }, { LiveArmReader }] = await Promise.all([import('../sources/arm/connection.js'), import('../sources/arm/live-reader.js')]);
  const connection = new ArmConnection({ credential, ...(armEndpoint ? { armEndpoint } : {}), ...(io.retry ? { retry: io.retry } : {}) });
  const reader = new LiveSourceReader(new LiveArmReader({ connection, scope }), io.stderr);
  const parts = [
    ...(scope.subscriptions.length > 0 ? [`${scope.subscriptions.length === 1 ? 'subscription' : 'subscriptions'} ${scope.subscriptions.join(', ')}`] : []),
    ...(scope.managementGroup ? [`management group ${scope.managementGroup}`] : []),
  ];
  return { reader, inputErrors: [], description: `Azure ${parts.join(' and ')}` };
}

/** The live reader as the CLI uses it: progress and notes on stderr, read failures as LiveReadError. */
export class LiveSourceReader implements EstateReader {
  constructor(
    readonly live: LiveArmReader,
    private readonly stderr: LiveIo['stderr'],
  ) {}

  async loadInstance(instanceId: string): Promise<InstanceView | undefined> {
    try {
      const { view, notes } = await this.live.readInstance(instanceId);
      for (const note of notes) this.stderr.write(`warning: ${singleLine(note)}\n`);
      return view;
    } catch (e) {
      if (e instanceof Error && e.name === 'InstanceUnreadableError') throw new LiveReadError(e.message);
      throw e;
    }
  }

  async sweep(onProgress?: (p: SweepProgress) => void): Promise<SweepResult> {
    const tty = this.stderr.isTTY === true;
    let shown = false;
    const result = await this.live.sweep((p) => {
      onProgress?.(p);
      if (!tty) return;
      // One line, rewritten in place: stdout stays clean for the report.
      this.stderr.write(`\rReading Azure: ${p.instancesFound} instances found, ${p.resourcesRead} resources read, ${p.requests} requests`);
      shown = true;
    });
    if (shown) this.stderr.write('\n');
    return result;
  }
}
