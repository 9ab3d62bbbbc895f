import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { ConversationReference } from 'botbuilder';
import type { Server } from 'restify';
import { createCloudAdapter } from '../../../bot/adapter/create-cloud-adapter';
import { registerDirectLine, type LocalDirectLine } from '../../../bot/channels/directline/directline-routes';
import { DirectLineConversationLog } from '../../../bot/channels/directline/directline-conversation-log';
import { ProactiveMessenger } from '../../../bot/channels/proactive-messenger';
import { runTerminalChat } from '../../../bot/channels/terminal/run-terminal-chat';
import { TwilioSmsSender } from '../../../bot/channels/twilio-sms/sms-sender';
import { createTwilioRestClient } from '../../../escalation/notify/twilio-rest-client';
import { registerTwilioSmsChannel } from '../../../bot/channels/twilio-sms/twilio-sms-channel';
import type { TwilioSmsAdapter } from '../../../bot/channels/twilio-sms/twilio-sms-adapter';
import { createServer } from '../../../bot/server/create-server';
import type { AppStore } from '../../../bot/storage/app-store';
import { SystemClock } from '../../../config/clock';
import { FakeTwilioServer } from '../../support/fake-twilio-server';
import { postTwilioWebhook } from '../../support/twilio-webhook-client';
import { capturedLogger, closeServer, CRISIS_TEXT, listen, openTempStore, recordingLogic, type SeenTurn } from './support/channel-test-kit';

const AUTH_TOKEN = 'proactive-test-auth-token-000000';
const PUBLIC_BASE_URL = 'https://crisis-bot.example.nhs.uk';
const PERSON = '+447700900555';
const ACCEPTED = 'A member of the crisis team has accepted your alert (reference 4821).';

/** A Bot Framework channel's connector service: records what the bot posts to it. */
async function startFakeConnector(): Promise<{ url: string; posts: { path: string; text?: string }[]; close: () => Promise<void> }> {
  const posts: { path: string; text?: string }[] = [];
  const server: HttpServer = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: string }) : {};
      posts.push({ path: req.url ?? '', text: body.text });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'activity-1' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, posts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('ProactiveMessenger.tell routes a stored conversation reference to its channel', () => {
  let fake: FakeTwilioServer;
  let server: Server;
  let baseUrl: string;
  let store: AppStore;
  let cleanup: () => Promise<void>;
  let seen: SeenTurn[];
  let twilioSms: TwilioSmsAdapter;
  let directLine: LocalDirectLine;
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  let messenger: ProactiveMessenger;

  beforeEach(async () => {
    const { logger } = capturedLogger('warn');
    fake = await new FakeTwilioServer().start();
    connector = await startFakeConnector();
    ({ store, cleanup } = await openTempStore(logger));
    seen = [];
    server = createServer(logger);
    const clock = new SystemClock();
    ({ adapter: twilioSms } = registerTwilioSmsChannel(server, {
      logic: recordingLogic(seen),
      authToken: AUTH_TOKEN,
      publicBaseUrl: PUBLIC_BASE_URL,
      sender: new TwilioSmsSender(createTwilioRestClient({ accountSid: 'AC00000000000000000000000000000002', authToken: AUTH_TOKEN, apiBaseUrl: fake.baseUrl })),
      state: store.state,
      idempotency: store.idempotency,
      audit: store.audit,
      rota: { isRotaNumber: () => false, handle: async () => '' },
      addressHashKey: AUTH_TOKEN,
      serviceName: 'Example Trust',
      crisisMessage: () => CRISIS_TEXT,
      clock,
      logger,
    }));
    directLine = registerDirectLine(server, {
      logic: recordingLogic(seen),
      log: new DirectLineConversationLog(store.state, clock),
      tokenSigningKey: 'proactive-signing-key-0000',
      bot: { id: 'crisis-bot', name: 'Example Trust' },
      crisisMessage: () => CRISIS_TEXT,
      clock,
      logger,
    });
    baseUrl = await listen(server);
    messenger = new ProactiveMessenger({
      cloudAdapter: createCloudAdapter({
        env: { MicrosoftAppId: undefined, MicrosoftAppPassword: undefined, MicrosoftAppTenantId: undefined, MicrosoftAppType: undefined },
        logger, crisisMessage: () => CRISIS_TEXT }),
      appId: '',
      twilioSms,
      directLine: directLine.adapter,
      logger,
    });
  });

  afterEach(async () => {
    await closeServer(server);
    await fake.stop();
    await connector.close();
    await cleanup();
  });

  const text = (body: string, sid: string) =>
    postTwilioWebhook({
      localBaseUrl: baseUrl,
      publicBaseUrl: PUBLIC_BASE_URL,
      path: '/api/twilio/sms',
      authToken: AUTH_TOKEN,
      params: { MessageSid: sid, From: PERSON, To: '+441632960100', Body: body, NumMedia: '0' },
    });

  const referenceOf = (turn: SeenTurn, serviceUrl: string): Partial<ConversationReference> => ({
    channelId: turn.channelId,
    serviceUrl,
    conversation: { id: turn.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    user: { id: turn.fromId, name: '' },
    bot: { id: 'crisis-bot', name: 'Example Trust' },
  });

  it('direct SMS: sends through Twilio to the number behind the hashed conversation, not after STOP', async () => {
    await text('hello', 'SM00000000000000000000000000000a01');
    const reference = referenceOf(seen[0], 'urn:crisis-bot:twilio-direct');
    await expect(messenger.tell(reference, ACCEPTED)).resolves.toEqual({ delivered: true });
    expect(fake.requestsTo(PERSON).map((r) => r.params.Body)).toEqual(['You said: hello', ACCEPTED]);

    await text('STOP', 'SM00000000000000000000000000000a02');
    await expect(messenger.tell(reference, ACCEPTED)).resolves.toEqual({ delivered: false, reason: expect.stringMatching(/opted out/) });
    expect(fake.requestsTo(PERSON)).toHaveLength(2);
  });

  it('direct SMS: a Twilio failure is thrown to the caller so it can retry', async () => {
    await text('hello', 'SM00000000000000000000000000000a03');
    fake.setFailures({ mode: { kind: 'status', status: 503 } });
    await expect(messenger.tell(referenceOf(seen[0], 'urn:crisis-bot:twilio-direct'), ACCEPTED)).rejects.toThrow();
  });

  it('local Direct Line: appends to the conversation the web chat page is polling', async () => {
    const started = await directLine.startConversation();
    const reference = referenceOf({ ...seen[0], conversationId: started.conversationId }, 'urn:crisis-bot:local-directline');
    await expect(messenger.tell(reference, ACCEPTED)).resolves.toEqual({ delivered: true });
    const response = await fetch(`${baseUrl}/v3/directline/conversations/${started.conversationId}/activities`, {
      headers: { authorization: `Bearer ${started.token}` },
    });
    const { activities } = (await response.json()) as { activities: { type: string; text?: string }[] };
    expect(activities.filter((a) => a.type === 'message').map((a) => a.text)).toEqual([ACCEPTED]);
  });

  it('terminal: reaches an open session, and reports a closed one as undeliverable', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const printed: string[] = [];
    output.on('data', (c: Buffer) => printed.push(c.toString('utf8')));
    let reference: Partial<ConversationReference> | undefined;
    const chat = runTerminalChat({
      input,
      output,
      logic: recordingLogic(seen),
      onStart: (adapter) => {
        messenger.registerTerminal(adapter);
        reference = adapter.reference;
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    await expect(messenger.tell(reference!, ACCEPTED)).resolves.toEqual({ delivered: true });
    input.end();
    await chat;
    expect(printed.join('')).toContain(`bot> ${ACCEPTED}`);
    const gone = { ...reference!, conversation: { id: 'terminal:ended', isGroup: false, conversationType: 'personal', name: '' } };
    await expect(messenger.tell(gone, ACCEPTED)).resolves.toMatchObject({ delivered: false });
  });

  it('Bot Framework channels: continueConversationAsync posts to the channel connector', async () => {
    const reference: Partial<ConversationReference> = {
      channelId: 'emulator',
      serviceUrl: connector.url,
      conversation: { id: 'emulator-conversation-1', isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'user-1', name: '' },
      bot: { id: 'crisis-bot', name: 'Example Trust' },
    };
    await expect(messenger.tell(reference, ACCEPTED)).resolves.toEqual({ delivered: true });
    expect(connector.posts).toEqual([{ path: expect.stringMatching(/^\/v3\/conversations\/emulator-conversation-1\/activities(\/[\w-]+)?$/), text: ACCEPTED }]);
  });
});
