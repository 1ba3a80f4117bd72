/**
 * A storage fault proxy: a real HTTP proxy on 127.0.0.1 in front of one Azurite endpoint (Table or
 * Queue), which fails chosen writes the ways storage can fail them:
 *   lost-reply  the write is applied by Azurite, then the reply is dropped (the client's socket is
 *               reset): the SDK sends the same write again and meets the row it wrote itself
 *   delay       applied, and the reply held back for `delayMs`
 *   refuse      the connection is reset before anything reaches Azurite: not applied
 *   503         Azurite is not asked; 503 Server Busy: not applied
 *   outage      from this write on, every request (reads too) is refused until heal()
 * Writes are counted across every proxy of one StorageFaultPlan, in the order they arrive, so that a test
 * can first count the writes of a flow and then fail each of them in turn. Deterministic: no
 * randomness; the k-th write is the k-th that arrives.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type StorageFault = 'lost-reply' | 'delay' | 'refuse' | '503' | 'outage';
export const STORAGE_FAULTS: readonly StorageFault[] = ['lost-reply', 'refuse', '503', 'outage', 'delay'];

export interface WriteSeen {
  n: number;
  method: string;
  /** Path without the account and query, e.g. `/instancesabc(PartitionKey='…',RowKey='window')`. */
  path: string;
  fault?: StorageFault;
}

const isWrite = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

export class StorageFaultPlan {
  private writes = 0;
  private fault: { at: number; kind: StorageFault; delayMs: number } | undefined;
  private down = false;
  /** Counting on: only writes made while armed are numbered (and can fail). */
  private armed = false;
  readonly seen: WriteSeen[] = [];

  /** Starts numbering writes from 1; the `at`-th fails with `kind` (no fault: just count). */
  arm(fault?: { at: number; kind: StorageFault; delayMs?: number }): void {
    this.writes = 0;
    this.seen.length = 0;
    this.down = false;
    this.armed = true;
    this.fault = fault ? { ...fault, delayMs: fault.delayMs ?? 300 } : undefined;
  }

  /** Stops counting and ends an outage (the end of the invocation that suffered it). */
  disarm(): void {
    this.armed = false;
    this.down = false;
  }

  /** Ends an outage, keeps counting. */
  heal(): void {
    this.down = false;
  }

  get writeCount(): number {
    return this.writes;
  }

  get outage(): boolean {
    return this.down;
  }

  /** @internal what the proxy does with one request. */
  decide(method: string, path: string): StorageFault | undefined {
    if (this.down) return 'outage';
    if (!this.armed || !isWrite(method)) return undefined;
    const n = ++this.writes;
    const kind = this.fault?.at === n ? this.fault.kind : undefined;
    this.seen.push({ n, method, path, ...(kind ? { fault: kind } : {}) });
    if (kind === 'outage') this.down = true;
    return kind;
  }

  get delayMs(): number {
    return this.fault?.delayMs ?? 0;
  }
}

export interface FaultProxy {
  /** http://127.0.0.1:port */
  url: string;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, plan: StorageFaultPlan): Promise<FaultProxy> {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const fault = plan.decide(req.method ?? 'GET', path);
      if (fault === 'refuse' || fault === 'outage') return void req.socket.destroy();
      if (fault === '503') {
        res.writeHead(503, { 'content-type': 'application/json', 'x-ms-error-code': 'ServerBusy' });
        return void res.end(JSON.stringify({ 'odata.error': { code: 'ServerBusy', message: { lang: 'en-US', value: 'The server is busy (fault proxy).' } } }));
      }
      const upstream = http.request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host }, agent: false },
        (up) => {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            if (fault === 'lost-reply') return void req.socket.destroy();
            const reply = () => {
              res.writeHead(up.statusCode ?? 502, up.headers);
              res.end(Buffer.concat(body));
            };
            if (fault === 'delay') setTimeout(reply, plan.delayMs);
            else reply();
          });
        },
      );
      upstream.on('error', () => req.socket.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Proxies in front of the Table and Queue endpoints of a connection string (one plan for both), and
 * the connection string that goes through them. Blob is left direct: the watcher does not use it.
 */
export async function faultyStorage(connectionString: string, plan: StorageFaultPlan): Promise<{ connectionString: string; close(): Promise<void> }> {
  const endpoint = (name: string) => new RegExp(`${name}Endpoint=(http://[^/;]+)`, 'i').exec(connectionString)?.[1];
  const table = endpoint('Table');
  const queue = endpoint('Queue');
  if (!table || !queue) throw new Error('the connection string names no http Table and Queue endpoints');
  const [tp, qp] = await Promise.all([startFaultProxy(table, plan), startFaultProxy(queue, plan)]);
  return {
    connectionString: connectionString.replace(table, tp.url).replace(queue, qp.url),
    close: async () => void (await Promise.all([tp.close(), qp.close()])),
  };
}
