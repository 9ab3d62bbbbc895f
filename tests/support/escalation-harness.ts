import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import pino, { type Logger } from 'pino';
import type { AppStore } from '../../bot/storage/app-store';
import { openStore } from '../../bot/storage/open-store';
import type { Clock } from '../../config/clock';
import type { ServiceConfig } from '../../config/service-schema';
import type { EscalationLevel, EscalationRecord } from '../../escalation/escalation-record';
import { EscalationService, type StartEscalationInput } from '../../escalation/escalation-service';
import { EscalationWorker, type EscalationWorkerOptions } from '../../escalation/escalation-worker';
import { TwilioNotifier } from '../../escalation/notify/twilio-notifier';
import type { Notifier } from '../../escalation/ports/notifier';
import type { PersonEvent, PersonNotifier, PersonTellResult } from '../../escalation/ports/person-notifier';
import { WorkerWakeUp } from '../../escalation/worker-wake-up';
import { FakeTwilioServer } from './fake-twilio-server';
import { loadExampleServiceConfig } from './load-example-config';

export const TEST_ACCOUNT_SID = 'AC00000000000000000000000000000042';
export const TEST_AUTH_TOKEN = 'test-auth-token';
export const TEST_FROM = '+447700900000';
export const TEST_PUBLIC_BASE_URL = 'https://crisis-bot.example.nhs.uk';

/** Records what the person would be told, in order. */
export class RecordingPersonNotifier implements PersonNotifier {
  readonly told: { escalationId: string; reference: string; event: PersonEvent }[] = [];
  failNext = 0;
  /** Set to answer every tell as never deliverable (e.g. the person texted STOP). */
  unreachableBecause: string | undefined;

  async tell(escalation: EscalationRecord, event: PersonEvent): Promise<PersonTellResult> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('proactive message failed (test)');
    }
    if (this.unreachableBecause !== undefined) return { delivered: false, reason: this.unreachableBecause };
    this.told.push({ escalationId: escalation.id, reference: escalation.reference, event });
    return { delivered: true };
  }

  eventsFor(escalationId: string): PersonEvent[] {
    return this.told.filter((t) => t.escalationId === escalationId).map((t) => t.event);
  }
}

export function makeTempDir(prefix = 'escalation-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function startInput(conversationId: string, level: EscalationLevel = 'emergency'): StartEscalationInput {
  return {
    level,
    reason: { riskRules: ['suicidal-intent-plan'], categories: ['suicide'], rulesVersion: 'test', asqOutcome: 'acute-positive', summary: 'suicidal ideation with plan' },
    contact: { channel: 'webchat', conversationId, consentToContact: true },
    conversationReference: { conversation: { id: conversationId }, serviceUrl: 'http://127.0.0.1/' },
  };
}

export interface HarnessOptions {
  clock: Clock;
  config?: ServiceConfig;
  ackTimeoutOverrideSeconds?: number;
  workerOptions?: Partial<EscalationWorkerOptions>;
  /** Use this notifier instead of Twilio against the fake server. */
  notifier?: Notifier;
  dataDir?: string;
  logger?: Logger;
}

/** Real SQLite store in a temp dir, real Twilio SDK against the fake server, real service and worker. */
export class EscalationHarness {
  readonly wakeUp = new WorkerWakeUp();
  readonly person = new RecordingPersonNotifier();
  config!: ServiceConfig;
  store!: AppStore;
  fake!: FakeTwilioServer;
  notifier!: Notifier;
  service!: EscalationService;
  worker!: EscalationWorker;
  private temp?: { dir: string; remove(): void };

  constructor(private readonly options: HarnessOptions) {}

  async start(): Promise<this> {
    const logger = this.options.logger ?? pino({ level: 'silent' });
    this.config = this.options.config ?? loadExampleServiceConfig();
    if (!this.options.dataDir) this.temp = makeTempDir();
    this.store = await openStore({ dataDir: this.options.dataDir ?? this.temp!.dir, logger });
    this.fake = await new FakeTwilioServer().start();
    this.notifier =
      this.options.notifier ??
      new TwilioNotifier({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, fromNumber: TEST_FROM, apiBaseUrl: this.fake.baseUrl, requestTimeoutMs: 5000, logger });
    this.service = new EscalationService({
      store: this.store.escalations,
      audit: this.store.audit,
      clock: this.options.clock,
      logger,
      currentConfig: () => this.config,
      wakeUp: this.wakeUp,
      ackTimeoutOverrideSeconds: this.options.ackTimeoutOverrideSeconds,
    });
    this.worker = this.newWorker('worker-a');
    return this;
  }

  newWorker(id: string, options: Partial<EscalationWorkerOptions> = {}): EscalationWorker {
    return new EscalationWorker({
      store: this.store.escalations,
      audit: this.store.audit,
      clock: this.options.clock,
      logger: this.options.logger ?? pino({ level: 'silent' }),
      notifier: this.notifier,
      personNotifier: this.person,
      wakeUp: this.wakeUp,
      publicBaseUrl: TEST_PUBLIC_BASE_URL,
      workerId: id,
      options: { retryBaseMs: 20, retryMaxMs: 200, ...this.options.workerOptions, ...options },
    });
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    await this.fake.stop();
    await this.store.close();
    this.temp?.remove();
  }
}

/** Polls until the check passes (returns true) or fails after timeoutMs. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
