/**
 * Starts a real Azurite (Table, Queue, Blob) on 127.0.0.1 for the whole test run, on free ports so
 * that several runs can share a machine, and hands tests its connection string via inject().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    storageConnectionString: string;
  }
}

let child: ChildProcess | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitPort(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Azurite did not open port ${port} in time`);
}

export async function setup(project: TestProject): Promise<void> {
  const [blob, queue, table] = [await freePort(), await freePort(), await freePort()];
  const bin = createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');
  child = spawn(
    process.execPath,
    [bin, '--silent', '--disableTelemetry', '--inMemoryPersistence', '--skipApiVersionCheck', '--loose',
      '--blobHost', '127.0.0.1', '--blobPort', String(blob),
      '--queueHost', '127.0.0.1', '--queuePort', String(queue),
      '--tableHost', '127.0.0.1', '--tablePort', String(table)],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 20_000;
  await Promise.all([blob, queue, table].map((p) => waitPort(p, deadline)));
  const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  project.provide(
    'storageConnectionString',
    `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};` +
      `BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue}/devstoreaccount1;` +
      `TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;`,
  );
}

export async function teardown(): Promise<void> {
  child?.kill('SIGTERM');
}
