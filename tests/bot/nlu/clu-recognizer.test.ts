import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CluConfigError, CluError, cluConfigFromEnv, CluRecognizer, type CluConfig } from '../../../bot/nlu/clu-recognizer';
import { FallbackRecognizer } from '../../../bot/nlu/fallback-recognizer';
import type { IntentRecognizer } from '../../../dialogs/knowledge/recognizer';

const KEY = 'test-key-123';
type Behaviour = (req: IncomingMessage, body: unknown, res: ServerResponse) => void;

/** A fake Azure AI Language endpoint on 127.0.0.1 that checks path, version, key and body. */
class FakeClu {
  behaviour: Behaviour = (_req, _body, res) => reply(res, 200, prediction('opening_hours', [['opening_hours', 0.93], ['travel_parking', 0.04], ['None', 0.03]]));
  requests: { url: string; key: string | undefined; body: unknown }[] = [];
  private server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body: unknown = raw ? JSON.parse(raw) : undefined;
      this.requests.push({ url: req.url ?? '', key: req.headers['ocp-apim-subscription-key'] as string | undefined, body });
      if (req.method !== 'POST' || req.url !== '/language/:analyze-conversations?api-version=2023-04-01') return reply(res, 404, { error: { code: 'NotFound' } });
      if (req.headers['ocp-apim-subscription-key'] !== KEY) return reply(res, 401, { error: { code: '401', message: 'Access denied due to invalid subscription key.' } });
      this.behaviour(req, body, res);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function prediction(top: string, intents: [string, number][]): unknown {
  return {
    kind: 'ConversationResult',
    result: {
      query: 'ignored',
      prediction: { projectKind: 'Conversation', topIntent: top, intents: intents.map(([category, confidenceScore]) => ({ category, confidenceScore })), entities: [] },
    },
  };
}

async function cluError(p: Promise<unknown>): Promise<CluError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CluError) return err;
    throw err;
  }
  throw new Error('expected a CluError');
}

describe('CluRecognizer against a local fake endpoint', () => {
  const fake = new FakeClu();
  let config: CluConfig;

  beforeAll(async () => {
    config = { endpoint: `${await fake.start()}/`, key: KEY, project: 'crisis-kb', deployment: 'production', timeoutMs: 500 };
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.requests = [];
    fake.behaviour = (_req, _body, res) => reply(res, 200, prediction('opening_hours', [['opening_hours', 0.93], ['travel_parking', 0.04], ['None', 0.03]]));
  });

  it('sends the analyze-conversations request and maps the prediction', async () => {
    const r = await new CluRecognizer(config).recognize('when are you open');
    expect(r).toEqual({ intent: 'opening_hours', score: 0.93, alternatives: [{ intent: 'travel_parking', score: 0.04 }] });
    expect(fake.requests[0]).toMatchObject({
      key: KEY,
      body: {
        kind: 'Conversation',
        analysisInput: { conversationItem: { text: 'when are you open', participantId: 'user', id: '1' } },
        parameters: { projectName: 'crisis-kb', deploymentName: 'production' },
      },
    });
  });

  it('maps CLU names to KB intents, drops None and intents the KB does not know', async () => {
    fake.behaviour = (_req, _body, res) => reply(res, 200, prediction('GymMembership', [['GymMembership', 0.8], ['OpeningHours', 0.6], ['None', 0.1]]));
    const r = await new CluRecognizer(config, { knownIntents: ['opening_hours'] }).recognize('gym?');
    expect(r).toEqual({ intent: 'opening_hours', score: 0.6, alternatives: [] });
  });

  it('returns none when CLU says None or scores are low', async () => {
    fake.behaviour = (_req, _body, res) => reply(res, 200, prediction('None', [['None', 0.9], ['opening_hours', 0.2]]));
    expect((await new CluRecognizer(config).recognize('tell me a joke')).intent).toBe('none');
  });

  it('raises unauthorized on a wrong key (401)', async () => {
    const err = await cluError(new CluRecognizer({ ...config, key: 'wrong' }).recognize('hi'));
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('raises rate-limited with Retry-After on 429', async () => {
    fake.behaviour = (_req, _body, res) => reply(res, 429, { error: { code: '429' } }, { 'Retry-After': '7' });
    expect(await cluError(new CluRecognizer(config).recognize('hi'))).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 7 });
  });

  it('raises server on 5xx', async () => {
    fake.behaviour = (_req, _body, res) => reply(res, 503, { error: { code: 'ServiceUnavailable' } });
    expect(await cluError(new CluRecognizer(config).recognize('hi'))).toMatchObject({ kind: 'server', status: 503 });
  });

  it('raises bad-request on other 4xx (e.g. unknown deployment)', async () => {
    fake.behaviour = (_req, _body, res) => reply(res, 404, { error: { code: 'DeploymentNotFound' } });
    expect(await cluError(new CluRecognizer(config).recognize('hi'))).toMatchObject({ kind: 'bad-request', status: 404 });
  });

  it('raises timeout when the endpoint does not answer in time', async () => {
    fake.behaviour = () => undefined; // never replies; the fake closes the connection on stop
    const started = Date.now();
    const err = await cluError(new CluRecognizer({ ...config, timeoutMs: 200 }).recognize('hi'));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('raises bad-response on non-JSON or a missing prediction', async () => {
    fake.behaviour = (_req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>proxy error</html>');
    };
    expect((await cluError(new CluRecognizer(config).recognize('hi'))).kind).toBe('bad-response');
    fake.behaviour = (_req, _body, res) => reply(res, 200, { result: {} });
    expect((await cluError(new CluRecognizer(config).recognize('hi'))).kind).toBe('bad-response');
  });

  it('raises network when nothing listens', async () => {
    const closed = new FakeClu();
    const url = await closed.start();
    await closed.stop();
    expect((await cluError(new CluRecognizer({ ...config, endpoint: url }).recognize('hi'))).kind).toBe('network');
  });

  it('falls back to the embedded recognizer when CLU fails', async () => {
    fake.behaviour = (_req, _body, res) => reply(res, 500, {});
    const embedded: IntentRecognizer = { recognize: async () => ({ intent: 'crisis_help', score: 0.9, alternatives: [] }) };
    const r = await new FallbackRecognizer(new CluRecognizer(config), embedded).recognize('who do i ring');
    expect(r.intent).toBe('crisis_help');
  });
});

describe('cluConfigFromEnv', () => {
  const full = { CLU_ENDPOINT: 'https://x.cognitiveservices.azure.com', CLU_KEY: 'k', CLU_PROJECT: 'p', CLU_DEPLOYMENT: 'd' };

  it('is undefined when CLU is not configured', () => {
    expect(cluConfigFromEnv({})).toBeUndefined();
  });

  it('reads all four variables', () => {
    expect(cluConfigFromEnv({ ...full, CLU_TIMEOUT_MS: '1500' })).toEqual({ endpoint: full.CLU_ENDPOINT, key: 'k', project: 'p', deployment: 'd', timeoutMs: 1500 });
  });

  it('names missing variables and bad values', () => {
    expect(() => cluConfigFromEnv({ CLU_ENDPOINT: full.CLU_ENDPOINT, CLU_KEY: 'k' })).toThrow(new CluConfigError('Azure CLU is partly configured: set CLU_PROJECT, CLU_DEPLOYMENT too, or unset all CLU_* variables'));
    expect(() => cluConfigFromEnv({ ...full, CLU_ENDPOINT: 'not a url' })).toThrow(/CLU_ENDPOINT must be a URL/);
    expect(() => cluConfigFromEnv({ ...full, CLU_TIMEOUT_MS: 'soon' })).toThrow(/CLU_TIMEOUT_MS/);
  });
});
