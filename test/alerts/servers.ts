/** Local receivers on 127.0.0.1: a Teams webhook, an SMTP server, a fake of the ACS Email REST API. */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TeamsServer {
  /** Base URL with a secret-looking path and query, as real webhook URLs have. */
  url: string;
  origin: string;
  calls: number;
  received: unknown[];
  close(): Promise<void>;
}

export interface TeamsBehaviour {
  /** Answer each call with this, in order; 202 once the list is used up. */
  responses?: Array<{ status: number; headers?: Record<string, string>; body?: string } | 'hang'>;
}

export async function startTeamsServer(behaviour: TeamsBehaviour = {}): Promise<TeamsServer> {
  const responses = [...(behaviour.responses ?? [])];
  const hanging: http.ServerResponse[] = [];
  const state = { calls: 0, received: [] as unknown[] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      state.calls++;
      const next = responses.shift();
      if (next === 'hang') {
        hanging.push(res);
        return;
      }
      if (next) {
        res.writeHead(next.status, next.headers ?? {});
        res.end(next.body ?? '');
        return;
      }
      state.received.push(JSON.parse(body));
      res.writeHead(202);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/workflows/${randomUUID()}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=TopSecretSig${port}xyz`,
    origin,
    get calls() {
      return state.calls;
    },
    get received() {
      return state.received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SmtpServer {
  port: number;
  received: ParsedMail[];
  /** RCPT TO addresses per message. */
  envelopes: string[][];
  close(): Promise<void>;
}

export async function startSmtpServer(options: { user?: string; pass?: string } = {}): Promise<SmtpServer> {
  const received: ParsedMail[] = [];
  const envelopes: string[][] = [];
  const server = new SMTPServer({
    authOptional: options.user === undefined,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (options.user === undefined || (auth.username === options.user && auth.password === options.pass)) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          envelopes.push(session.envelope.rcptTo.map((r) => r.address));
          cb();
        },
        (error: Error) => cb(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server.server.address() as AddressInfo);
  return { port, received, envelopes, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface AcsFake {
  endpoint: string;
  connectionString: string;
  sends: Array<{ body: Record<string, unknown>; headers: http.IncomingHttpHeaders; url: string }>;
  polls: number;
  close(): Promise<void>;
}

/** POST /emails:send → 202 + Operation-Location; GET the operation → Succeeded (azure-platform-notes §6). */
export async function startAcsFake(behaviour: { failFirst?: number; status?: number; retryAfter?: string } = {}): Promise<AcsFake> {
  const state = { sends: [] as AcsFake['sends'], polls: 0, failures: behaviour.failFirst ?? 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const { port } = server.address() as AddressInfo;
      const url = req.url ?? '';
      if (req.method === 'POST' && url.startsWith('/emails:send')) {
        if (state.failures > 0) {
          state.failures--;
          res.writeHead(behaviour.status ?? 503, { 'content-type': 'application/json', ...(behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {}) });
          res.end(JSON.stringify({ error: { code: 'ServiceUnavailable', message: 'try later' } }));
          return;
        }
        const id = String(req.headers['operation-id'] ?? randomUUID());
        state.sends.push({ body: JSON.parse(body) as Record<string, unknown>, headers: req.headers, url });
        res.writeHead(202, {
          'content-type': 'application/json',
          'operation-location': `http://127.0.0.1:${port}/emails/operations/${id}?api-version=2025-09-01`,
          'retry-after': '0',
        });
        res.end(JSON.stringify({ id, status: 'Running' }));
        return;
      }
      if (req.method === 'GET' && url.startsWith('/emails/operations/')) {
        state.polls++;
        const id = url.split('/')[3]!.split('?')[0];
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, status: 'Succeeded' }));
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}/`;
  return {
    endpoint,
    connectionString: `endpoint=${endpoint};accesskey=${Buffer.from('a-very-secret-acs-access-key-0123').toString('base64')}`,
    get sends() {
      return state.sends;
    },
    get polls() {
      return state.polls;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
