import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { parse as parseQuery } from 'querystring';

/**
 * A fake of the Twilio REST API on 127.0.0.1 (ephemeral port) for tests and the bench.
 * Implements POST /2010-04-01/Accounts/:sid/Messages.json and Calls.json with Twilio-shaped JSON,
 * records every request (including refused ones), and can fail on purpose: 429, 500, or hang.
 * Point the SDK at it with TWILIO_API_BASE_URL=server.baseUrl.
 */

export type FakeTwilioResource = 'Messages' | 'Calls';

export interface RecordedTwilioRequest {
  seq: number;
  resource: FakeTwilioResource;
  accountSid: string;
  /** Basic auth username:password as received (tests check credentials were sent). */
  basicAuth?: { username: string; password: string };
  /** Form parameters, single values as strings and repeated keys as arrays. */
  params: Record<string, string | string[]>;
  receivedAtMs: number;
  /** What the fake answered: 201, 429, 500, or 'hang'. */
  outcome: number | 'hang';
  /** The sid returned with a 201. */
  sid?: string;
}

export type FailureMode = { kind: 'status'; status: 429 | 500 | 503 } | { kind: 'hang' };

export interface FailurePlan {
  mode: FailureMode;
  /** Fail exactly the next N requests, then succeed. */
  next?: number;
  /** Fail every Nth request (1-based: every: 2 fails the 2nd, 4th...). */
  every?: number;
  /** Fail this fraction of requests, drawn from a seeded RNG so runs are reproducible. */
  fraction?: number;
  seed?: number;
  /** Only these resources fail (default both). */
  resources?: FakeTwilioResource[];
}

/** mulberry32: tiny seeded PRNG, good enough for fault injection. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTE = /^\/2010-04-01\/Accounts\/([A-Za-z0-9]+)\/(Messages|Calls)\.json$/;

export class FakeTwilioServer {
  readonly requests: RecordedTwilioRequest[] = [];
  private server?: Server;
  private failure?: { plan: FailurePlan; random: () => number; remaining?: number };
  private seq = 0;
  private sidCounter = 0;
  private readonly waiters = new Set<() => void>();
  private readonly hung = new Set<ServerResponse>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    return this;
  }

  get baseUrl(): string {
    if (!this.server) throw new Error('fake Twilio server not started');
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Replaces the failure plan; undefined makes every request succeed again. */
  setFailures(plan: FailurePlan | undefined): void {
    this.failure = plan ? { plan, random: seededRandom(plan.seed ?? 1), remaining: plan.next } : undefined;
  }

  accepted(resource?: FakeTwilioResource): RecordedTwilioRequest[] {
    return this.requests.filter((r) => r.outcome === 201 && (!resource || r.resource === resource));
  }

  /** Requests (accepted or not) addressed to a number. */
  requestsTo(to: string): RecordedTwilioRequest[] {
    return this.requests.filter((r) => r.params.To === to);
  }

  /** Resolves once the predicate holds over the recorded requests; rejects after timeoutMs. */
  waitFor(predicate: (requests: RecordedTwilioRequest[]) => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate(this.requests)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate(this.requests)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake Twilio: condition not met within ${timeoutMs} ms (${this.requests.length} requests seen)`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  private shouldFail(resource: FakeTwilioResource, seq: number): FailureMode | undefined {
    const failure = this.failure;
    if (!failure) return undefined;
    const { plan } = failure;
    if (plan.resources && !plan.resources.includes(resource)) return undefined;
    if (failure.remaining !== undefined) {
      if (failure.remaining <= 0) return undefined;
      failure.remaining -= 1;
      return plan.mode;
    }
    if (plan.every !== undefined) return seq % plan.every === 0 ? plan.mode : undefined;
    if (plan.fraction !== undefined) return failure.random() < plan.fraction ? plan.mode : undefined;
    return plan.mode;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = ROUTE.exec(url.pathname);
    if (req.method !== 'POST' || !route) {
      this.json(res, 404, { code: 20404, message: `The requested resource ${url.pathname} was not found`, status: 404 });
      return;
    }
    const [, accountSid, resource] = route as unknown as [string, string, FakeTwilioResource];
    const params = parseQuery(Buffer.concat(chunks).toString('utf8')) as Record<string, string | string[]>;
    const seq = ++this.seq;
    const record: RecordedTwilioRequest = {
      seq,
      resource,
      accountSid,
      basicAuth: parseBasicAuth(req.headers.authorization),
      params,
      receivedAtMs: Date.now(),
      outcome: 201,
    };

    const failure = this.shouldFail(resource, seq);
    if (failure?.kind === 'hang') {
      record.outcome = 'hang';
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
    } else if (failure?.kind === 'status') {
      record.outcome = failure.status;
      const code = failure.status === 429 ? 20429 : 20500;
      this.json(res, failure.status, { code, message: failure.status === 429 ? 'Too Many Requests' : 'Internal Server Error', more_info: `https://www.twilio.com/docs/errors/${code}`, status: failure.status });
    } else if (!params.To || !params.From) {
      record.outcome = 400;
      this.json(res, 400, { code: 21604, message: "A 'To' and 'From' phone number is required.", status: 400 });
    } else if (typeof params.To === 'string' && !/^(whatsapp:)?\+[1-9]\d{6,14}$/.test(params.To)) {
      record.outcome = 400;
      this.json(res, 400, { code: 21211, message: `The 'To' number ${params.To} is not a valid phone number.`, status: 400 });
    } else {
      record.sid = `${resource === 'Messages' ? 'SM' : 'CA'}${String(++this.sidCounter).padStart(32, '0')}`;
      this.json(res, 201, this.resourceJson(resource, accountSid, record.sid, params));
    }
    this.requests.push(record);
    for (const waiter of [...this.waiters]) waiter();
  }

  private resourceJson(resource: FakeTwilioResource, accountSid: string, sid: string, params: Record<string, string | string[]>) {
    const now = new Date().toUTCString();
    const common = { sid, account_sid: accountSid, to: params.To, from: params.From, date_created: now, date_updated: now, api_version: '2010-04-01' };
    return resource === 'Messages'
      ? { ...common, body: params.Body, status: 'queued', direction: 'outbound-api', num_segments: '1', uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json` }
      : { ...common, status: 'queued', direction: 'outbound-api', uri: `/2010-04-01/Accounts/${accountSid}/Calls/${sid}.json` };
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

function parseBasicAuth(header: string | undefined): { username: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
