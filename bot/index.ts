/**
 * Composition root: the one place that reads configuration and calls `new` for services.
 * Everything else receives its dependencies through its constructor.
 */
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import dotenv from 'dotenv';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { ShiftedClock, SystemClock, type Clock } from '../config/clock';
import type { Env } from '../config/env-schema';
import { loadEnv } from '../config/load-env';
import { loadKnowledgeBase } from '../config/load-knowledge-base';
import { loadRiskScreen } from '../config/load-risk-rules';
import { loadServiceConfig } from '../config/load-service-config';
import type { ServiceConfig } from '../config/service-schema';
import { crisisNumbersText } from '../dialogs/knowledge/crisis-numbers';
import { answerValuesFrom, describePastReview, KnowledgeBase } from '../dialogs/knowledge/knowledge-base';
import { OpeningHours } from '../dialogs/knowledge/opening-hours';
import { TriageConversationEngine } from '../dialogs/triage-conversation-engine';
import { ClinicianSmsReplies } from '../escalation/clinician-sms-replies';
import { EscalationService } from '../escalation/escalation-service';
import { EscalationWorker } from '../escalation/escalation-worker';
import { UndeliverableNotifier } from '../escalation/notify/undeliverable-notifier';
import type { Notifier } from '../escalation/ports/notifier';
import type { RiskScreen } from '../escalation/risk/risk-screen';
import { WorkerWakeUp } from '../escalation/worker-wake-up';
import { createCloudAdapter } from './adapter/create-cloud-adapter';
import { registerDirectLine } from './channels/directline/directline-routes';
import { azureDirectLineTokenSource, localDirectLineTokenSource } from './channels/webchat/webchat-token-source';
import { registerWebChatPage } from './channels/webchat/webchat-page-route';
import { createLogger } from './logger';
import { createRecognizer } from './nlu/create-recognizer';
import { loadExtraTraining } from './nlu/training-data';
import { createServer } from './server/create-server';
import { registerHealthRoutes } from './server/routes/health-routes';
import { registerMessagesRoute } from './server/routes/messages-route';
import type { AppStore } from './storage/app-store';
import { openStore } from './storage/open-store';
import { registerEscalationWebhooks } from './twilio/escalation-webhooks';
import { ConversationFlags } from './turn/conversation-flags';
import { JsonConversationState } from './turn/json-conversation-state';
import { TriageBot } from './turn/triage-bot';
import { EscalationRequesterAdapter } from './wiring/escalation-requester-adapter';
import { KnowledgeInformationSource } from './wiring/knowledge-information-source';
import { OpeningHoursAdapter } from './wiring/opening-hours-adapter';
import { ProactivePersonNotifier } from './wiring/proactive-person-notifier';
import { ProactiveMessenger } from './channels/proactive-messenger';
import { RiskScreenAdapter } from './wiring/risk-screen-adapter';
import { SignpostingAdapter } from './wiring/signposting-adapter';
import { TranscriptEraser } from './wiring/transcript-eraser';
import { RetentionSweeper } from './wiring/retention-sweeper';
import { SafetyCheckWatchAdapter } from './wiring/safety-check-watch-adapter';
import { SafetyCheckWatchWorker } from './wiring/safety-check-watch-worker';
import { StoredSafetyCheckState } from './wiring/stored-safety-check-state';
import { DirectLineConversationLog } from './channels/directline/directline-conversation-log';

/** Minutes after which the person is told to call 999 if nobody has been in touch (emergency). */
const EMERGENCY_CONTACT_MINUTES = 15;
const PROJECT_ROOT = path.resolve(__dirname, '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '');

export function fromProjectRoot(file: string): string {
  return path.isAbsolute(file) ? file : path.resolve(PROJECT_ROOT, file);
}

export interface AppOptions {
  env: Env;
  logger?: Logger;
  clock?: Clock;
  /** Bot Framework auth settings for a sovereign cloud or a test's own OpenID server. */
  authOverrides?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  /** Worker tuning, e.g. a faster poll in tests. */
  workerOptions?: ConstructorParameters<typeof EscalationWorker>[0]['options'];
}

export interface App {
  url: string;
  server: Server;
  store: AppStore;
  escalations: EscalationService;
  worker: EscalationWorker;
  retention: RetentionSweeper;
  /** Files the escalation of a safety check whose person went quiet. */
  safetyCheckWatchWorker: SafetyCheckWatchWorker;
  config: ServiceConfig;
  clock: Clock;
  logger: Logger;
  close(): Promise<void>;
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export function createClock(env: Pick<Env, 'CRISIS_BOT_NOW'>): Clock {
  return env.CRISIS_BOT_NOW ? new ShiftedClock(new Date(env.CRISIS_BOT_NOW)) : new SystemClock();
}

/** Configuration and pure services that need no store: shared by the server and the CLI. */
export function loadCore(env: Env, logger: Logger, clock: Clock) {
  const config = loadServiceConfig(fromProjectRoot(env.SERVICE_CONFIG));
  const riskScreen: RiskScreen = loadRiskScreen(fromProjectRoot(env.RISK_RULES));
  const knowledgeBaseConfig = loadKnowledgeBase(fromProjectRoot(env.KNOWLEDGE_BASE));
  const knowledgeBase = new KnowledgeBase(knowledgeBaseConfig, answerValuesFrom(config));
  const openingHours = new OpeningHours(config.openingHours, config.service.timeZone);
  for (const warning of [...describePastReview(knowledgeBase.itemsPastReview(clock.now())), ...openingHours.dataWarnings(clock.now())]) {
    logger.warn({ code: 'CONFIG_REVIEW_DUE' }, warning);
  }
  const crisisMessage = () => crisisNumbersText(config.signposting);
  return { config, riskScreen, knowledgeBaseConfig, knowledgeBase, openingHours, crisisMessage };
}

/**
 * The Twilio account, when fully configured. Paging and the direct SMS channel both need all three; without it the
 * bot never promises a page it cannot send.
 */
function twilioAccount(env: Env): { accountSid: string; authToken: string; fromNumber: string } | undefined {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM_NUMBER: fromNumber } = env;
  return accountSid && authToken && fromNumber ? { accountSid, authToken, fromNumber } : undefined;
}

/** Keys the hash standing for a texter's number; a dedicated secret survives rotating the Twilio auth token. */
function smsAddressHashKey(env: Env, authToken: string, logger: Logger): string {
  if (env.SMS_ADDRESS_HASH_KEY) return env.SMS_ADDRESS_HASH_KEY;
  logger.warn({ code: 'SMS_ADDRESS_HASH_KEY_MISSING' }, 'SMS_ADDRESS_HASH_KEY not set: using the Twilio auth token (rotating it forgets STOP opt-outs)');
  return authToken;
}

/** The Twilio SDK's REST client is loaded only when an account is configured (it costs about 5 MB of heap). */
async function createNotifier(env: Env, logger: Logger): Promise<Notifier> {
  const account = twilioAccount(env);
  if (account) {
    const { TwilioNotifier } = await import('../escalation/notify/twilio-notifier');
    return new TwilioNotifier({
      ...account,
      apiBaseUrl: env.TWILIO_API_BASE_URL,
      logger,
    });
  }
  logger.warn({ code: 'TWILIO_NOT_CONFIGURED' }, 'no Twilio credentials: pages are logged and marked undeliverable');
  return new UndeliverableNotifier(logger);
}

/** The bot without any channel: store, risk screen, dialogs and escalation. Shared by the server and the terminal. */
export async function buildRuntime(env: Env, logger: Logger, clock: Clock) {
  const core = loadCore(env, logger, clock);
  const { config } = core;
  const store = await openStore({ dataDir: fromProjectRoot(env.DATA_DIR), mongodbUri: env.MONGODB_URI, logger });
  try {
    const { recognizer, kind: recognizerKind } = await createRecognizer({
      kb: core.knowledgeBaseConfig,
      extraTraining: loadExtraTraining(),
      env: definedOnly({ CLU_ENDPOINT: env.CLU_ENDPOINT, CLU_KEY: env.CLU_KEY, CLU_PROJECT: env.CLU_PROJECT, CLU_DEPLOYMENT: env.CLU_DEPLOYMENT }),
      logger,
    });
    const wakeUp = new WorkerWakeUp();
    const escalations = new EscalationService({
      store: store.escalations,
      audit: store.audit,
      clock,
      logger,
      currentConfig: () => config,
      wakeUp,
      ackTimeoutOverrideSeconds: env.ESCALATION_ACK_TIMEOUT_SECONDS,
    });
    const escalationRequester = new EscalationRequesterAdapter(escalations, twilioAccount(env) !== undefined);
    const conversationState = new JsonConversationState(store.state);
    const directLineLog = new DirectLineConversationLog(store.state, clock);
    const flags = new ConversationFlags(conversationState);
    const engine = new TriageConversationEngine({
      conversationState,
      flags,
      information: new KnowledgeInformationSource(recognizer, core.knowledgeBase),
      openingHours: new OpeningHoursAdapter(core.openingHours),
      signposting: new SignpostingAdapter(config.signposting),
      escalations: escalationRequester,
      eraser: new TranscriptEraser(store.transcripts, directLineLog, store.audit, clock),
      safetyCheckWatch: new SafetyCheckWatchAdapter(store.safetyCheckWatches, clock, config.service.safetyCheckQuietMinutes),
      clock,
      service: { ...config.service, signposting: config.signposting },
      logger,
      contactTimes: { emergencyMinutes: EMERGENCY_CONTACT_MINUTES },
    });
    const bot = new TriageBot({
      riskScreen: new RiskScreenAdapter(core.riskScreen),
      engine,
      conversationState,
      flags,
      transcripts: store.transcripts,
      clock,
      logger,
      crisisMessage: core.crisisMessage,
    });
    const storedSafetyChecks = new StoredSafetyCheckState(store.state);
    // Started by whoever runs the paging worker (the server, the terminal chat), not by every CLI command.
    const safetyCheckWatchWorker = new SafetyCheckWatchWorker({
      watches: store.safetyCheckWatches,
      escalations: escalationRequester,
      clock,
      logger,
      workerId: `${hostname()}:${process.pid}`,
      isStillNeeded: (contact) => storedSafetyChecks.stillNeeded(contact),
    });
    return { env, logger, clock, ...core, store, recognizerKind, wakeUp, escalations, bot, directLineLog, safetyCheckWatchWorker };
  } catch (error) {
    await store.close();
    throw error;
  }
}

export type Runtime = Awaited<ReturnType<typeof buildRuntime>>;

/** The durable paging worker; `messenger` tells it how to reach people on this process's channels. */
export async function createWorker(
  runtime: Runtime,
  wiring: { publicBaseUrl: string; messenger: Pick<ProactiveMessenger, 'tell'>; options?: AppOptions['workerOptions'] },
): Promise<EscalationWorker> {
  const { env, logger, clock, store, config } = runtime;
  return new EscalationWorker({
    store: store.escalations,
    audit: store.audit,
    clock,
    logger,
    notifier: await createNotifier(env, logger),
    personNotifier: new ProactivePersonNotifier({ messenger: wiring.messenger, signposting: config.signposting, logger }),
    wakeUp: runtime.wakeUp,
    publicBaseUrl: wiring.publicBaseUrl,
    workerId: `${hostname()}:${process.pid}`,
    options: wiring.options,
  });
}

export async function createApp(options: AppOptions): Promise<App> {
  const { env } = options;
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  const clock = options.clock ?? createClock(env);
  const runtime = await buildRuntime(env, logger, clock);
  const { config, store, escalations, bot, crisisMessage, directLineLog, safetyCheckWatchWorker } = runtime;
  try {
    const server = createServer(logger);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.PORT, env.HOST, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const listenHost = address.family === 'IPv6' ? `[${address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
    const url = `http://${listenHost}:${address.port}`;
    const publicBaseUrl = env.PUBLIC_BASE_URL ?? url;

    // Channels: every one runs bot.run, so every message meets the risk screen first.
    const cloudAdapter = createCloudAdapter({ env, logger, crisisMessage, authOverrides: options.authOverrides });
    registerMessagesRoute(server, {
      adapter: cloudAdapter,
      logic: bot.run,
      unauthenticatedLoopbackOnly: !env.MicrosoftAppId && !env.ALLOW_UNAUTHENTICATED_REMOTE,
      logger,
    });
    const directLine = registerDirectLine(server, {
      logic: bot.run,
      log: directLineLog,
      secret: env.DIRECTLINE_SECRET,
      bot: { id: 'crisis-triage-bot', name: config.service.shortName },
      crisisMessage,
      clock,
      logger,
    });
    registerWebChatPage(server, {
      serviceName: config.service.name,
      signposting: config.signposting,
      privacyNoticeUrl: config.service.privacyNoticeUrl,
      tokens:
        env.WEBCHAT_DIRECTLINE_URL && env.DIRECTLINE_SECRET
          ? azureDirectLineTokenSource({ directLineUrl: env.WEBCHAT_DIRECTLINE_URL, secret: env.DIRECTLINE_SECRET })
          : localDirectLineTokenSource(directLine),
      directLineUrl: env.WEBCHAT_DIRECTLINE_URL,
      logger,
    });
    registerEscalationWebhooks(server, {
      service: escalations,
      store: store.escalations,
      idempotency: store.idempotency,
      clock,
      logger,
      authToken: env.TWILIO_AUTH_TOKEN,
      publicBaseUrl,
    });
    let twilioSms: ReturnType<typeof import('./channels/twilio-sms/twilio-sms-channel').registerTwilioSmsChannel> | undefined;
    const account = twilioAccount(env);
    if (account) {
      const [{ registerTwilioSmsChannel }, { TwilioSmsSender }, { createTwilioRestClient }] = await Promise.all([
        import('./channels/twilio-sms/twilio-sms-channel'),
        import('./channels/twilio-sms/sms-sender'),
        import('../escalation/notify/twilio-rest-client'),
      ]);
      twilioSms = registerTwilioSmsChannel(server, {
        logic: bot.run,
        authToken: account.authToken,
        publicBaseUrl,
        sender: new TwilioSmsSender(
          createTwilioRestClient({ accountSid: account.accountSid, authToken: account.authToken, apiBaseUrl: env.TWILIO_API_BASE_URL }),
        ),
        state: store.state,
        idempotency: store.idempotency,
        audit: store.audit,
        rota: new ClinicianSmsReplies({ service: escalations, store: store.escalations, currentConfig: () => config, publicBaseUrl, logger }),
        addressHashKey: smsAddressHashKey(env, account.authToken, logger),
        serviceName: config.service.shortName,
        crisisMessage,
        clock,
        logger,
      });
    }
    const messenger = new ProactiveMessenger({
      cloudAdapter,
      appId: env.MicrosoftAppId ?? '',
      twilioSms: twilioSms?.adapter,
      directLine: directLine.adapter,
      logger,
    });
    const worker = await createWorker(runtime, { publicBaseUrl, messenger, options: options.workerOptions });
    registerHealthRoutes(
      server,
      [
        { name: 'store', check: () => store.ping() },
        // Configuration was validated before the server started listening; a bad file never gets this far.
        { name: 'config', check: async () => undefined },
      ],
      clock.now(),
    );
    worker.start();
    const retention = new RetentionSweeper({
      transcripts: store.transcripts,
      escalations: store.escalations,
      deliveryLogs: { deleteIdle: () => directLineLog.deleteIdle(store.state) },
      audit: store.audit,
      clock,
      wallClock: new SystemClock(),
      logger,
      retentionDays: config.service.transcriptRetentionDays,
    });
    retention.start();
    safetyCheckWatchWorker.start();
    logger.info(
      { url, store: store.kind, recognizer: runtime.recognizerKind, rulesVersion: runtime.riskScreen.rulesVersion, twilio: Boolean(env.TWILIO_ACCOUNT_SID) },
      'listening',
    );

    let closed = false;
    return {
      url,
      server,
      store,
      escalations,
      worker,
      retention,
      safetyCheckWatchWorker,
      config,
      clock,
      logger,
      close: async () => {
        if (closed) return;
        closed = true;
        const closing = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections would hold close() open until they time out.
        server.server.closeIdleConnections();
        await closing;
        await worker.stop();
        await retention.stop();
        await safetyCheckWatchWorker.stop();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** `npm start`: .env, validated configuration, the server, and a graceful stop on SIGTERM/SIGINT. */
export async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const env = loadEnv(process.env);
  const logger = createLogger(env.LOG_LEVEL);
  const app = await createApp({ env, logger });
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    app.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((error: Error) => {
    // Configuration errors name the field; print them plainly, not as a stack trace.
    process.stderr.write(`crisis-triage-bot could not start: ${error.message}\n`);
    process.exit(1);
  });
}
