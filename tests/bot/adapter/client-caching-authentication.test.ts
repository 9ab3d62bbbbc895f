import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { BotFrameworkAuthentication, type ClaimsIdentity, type UserTokenClient } from 'botframework-connector';
import { ClientCachingAuthentication } from '../../../bot/adapter/client-caching-authentication';

/** A local stand-in for a channel's service URL: records what the bot posts to it. */
class FakeChannel {
  readonly received: { url: string; body: { text?: string } }[] = [];
  private server: HttpServer | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createHttpServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        this.received.push({ url: req.url ?? '', body: JSON.parse(body) as { text?: string } });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${this.received.length}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

function inbound(serviceUrl: string, text: string, deliveryMode?: string): Activity {
  return {
    type: ActivityTypes.Message,
    id: `in-${text}`,
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user-1', name: '' },
    recipient: { id: 'bot', name: '' },
    text,
    ...(deliveryMode ? { deliveryMode } : {}),
  } as Activity;
}

/** CloudAdapter with its protected processActivity (what process() calls after reading the request) exposed. */
class DirectAdapter extends CloudAdapter {
  runActivity(activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity('', activity, logic);
  }
}

interface TurnClients {
  connector: unknown;
  userToken: unknown;
  baseUri: string | undefined;
}

/** Runs one unauthenticated turn (no app id, as with the Emulator) and reports the clients it was given. */
async function turn(adapter: DirectAdapter, activity: Activity, reply?: string): Promise<TurnClients> {
  let clients: TurnClients | undefined;
  await adapter.runActivity(activity, async (context: TurnContext) => {
    const connector = context.turnState.get(adapter.ConnectorClientKey) as { baseUri?: string };
    clients = { connector, userToken: context.turnState.get(adapter.UserTokenClientKey), baseUri: connector.baseUri };
    if (reply) await context.sendActivity(reply);
  });
  if (!clients) throw new Error('the turn did not run');
  return clients;
}

describe('ClientCachingAuthentication', () => {
  const channel = new FakeChannel();
  const otherChannel = new FakeChannel();

  beforeAll(async () => {
    await channel.start();
    await otherChannel.start();
  });

  afterAll(async () => {
    await channel.stop();
    await otherChannel.stop();
  });

  it('reuses one connector client and one user token client per service URL across turns', async () => {
    const auth = new ClientCachingAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const adapter = new DirectAdapter(auth);

    const first = await turn(adapter, inbound(channel.url, 'one'));
    const second = await turn(adapter, inbound(channel.url, 'two'));
    const elsewhere = await turn(adapter, inbound(otherChannel.url, 'three'));

    expect(second.connector).toBe(first.connector);
    expect(second.userToken).toBe(first.userToken);
    expect(elsewhere.connector).not.toBe(first.connector);
    expect(first.baseUri).toBe(channel.url);
    expect(elsewhere.baseUri).toBe(otherChannel.url);
    expect(auth.cachedClientCounts()).toEqual({ connectorClients: 2, userTokenClients: 1 });
  });

  it('delivers replies through the shared client to the right channel on every turn', async () => {
    const adapter = new DirectAdapter(new ClientCachingAuthentication(new ConfigurationBotFrameworkAuthentication({})));
    channel.received.length = 0;
    otherChannel.received.length = 0;

    await turn(adapter, inbound(channel.url, 'a'), 'reply a');
    await turn(adapter, inbound(otherChannel.url, 'b'), 'reply b');
    await turn(adapter, inbound(channel.url, 'c'), 'reply c');

    expect(channel.received.map((r) => r.body.text)).toEqual(['reply a', 'reply c']);
    expect(channel.received[0].url).toBe('/v3/conversations/conv-1/activities/in-a');
    expect(otherChannel.received.map((r) => r.body.text)).toEqual(['reply b']);
  });

  it('still answers expectReplies turns in the response', async () => {
    const adapter = new DirectAdapter(new ClientCachingAuthentication(new ConfigurationBotFrameworkAuthentication({})));
    let replies: Partial<Activity>[] = [];
    const response = await adapter.runActivity(inbound('', 'hi', 'expectReplies'), async (context) => {
      await context.sendActivity('hello back');
    });
    replies = (response?.body as { activities: Partial<Activity>[] }).activities;
    expect(replies.map((a) => a.text)).toEqual(['hello back']);
  });

  it('keeps at most maxCachedClients, dropping the oldest', async () => {
    const auth = new ClientCachingAuthentication(new ConfigurationBotFrameworkAuthentication({}), 2);
    const adapter = new DirectAdapter(auth);
    const first = await turn(adapter, inbound('https://one.example.invalid/', 'x'));
    await turn(adapter, inbound('https://two.example.invalid/', 'x'));
    await turn(adapter, inbound('https://three.example.invalid/', 'x'));
    expect(auth.cachedClientCounts().connectorClients).toBe(2);

    const firstAgain = await turn(adapter, inbound('https://one.example.invalid/', 'x'));
    expect(firstAgain.connector).not.toBe(first.connector);
    expect(firstAgain.baseUri).toBe('https://one.example.invalid/');
  });

  it('does not keep a client whose creation failed', async () => {
    /** The real configuration, except that the first user token client cannot be made. */
    class FailsOnce extends BotFrameworkAuthentication {
      private failed = false;
      constructor(private readonly real: BotFrameworkAuthentication) {
        super();
      }
      authenticateRequest(activity: Activity, authHeader: string) {
        return this.real.authenticateRequest(activity, authHeader);
      }
      authenticateStreamingRequest(authHeader: string, channelIdHeader: string) {
        return this.real.authenticateStreamingRequest(authHeader, channelIdHeader);
      }
      createConnectorFactory(claimsIdentity: ClaimsIdentity) {
        return this.real.createConnectorFactory(claimsIdentity);
      }
      async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
        if (!this.failed) {
          this.failed = true;
          throw new Error('token service unavailable');
        }
        return this.real.createUserTokenClient(claimsIdentity);
      }
    }
    const auth = new ClientCachingAuthentication(new FailsOnce(new ConfigurationBotFrameworkAuthentication({})));
    const adapter = new DirectAdapter(auth);

    await expect(turn(adapter, inbound(channel.url, 'first'))).rejects.toThrow('token service unavailable');
    const recovered = await turn(adapter, inbound(channel.url, 'second'));
    expect(recovered.userToken).toBeDefined();
    expect(auth.cachedClientCounts().userTokenClients).toBe(1);
  });

  it('refuses a cache size that is not a positive integer', () => {
    expect(() => new ClientCachingAuthentication(new ConfigurationBotFrameworkAuthentication({}), 0)).toThrow(/positive integer/);
  });
});
