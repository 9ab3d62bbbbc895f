import { Writable } from 'stream';
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type Activity, type Storage } from 'botbuilder';
import pino from 'pino';
import { ConversationFlags } from '../../bot/turn/conversation-flags';
import { TriageBot } from '../../bot/turn/triage-bot';
import { ManualClock } from '../../config/clock';
import type { ServiceConfig } from '../../config/service-schema';
import { TriageConversationEngine } from '../../dialogs/triage-conversation-engine';
import {
  ConfigSignposting,
  InMemoryTranscriptStore,
  KnowledgeBaseInformation,
  RecordingEscalationRequester,
  RecordingSafetyCheckWatch,
  ScriptedRiskScreen,
  TranscriptEraser,
  WeekdayOpeningHours,
  type ScriptedRisk,
} from './dialog-test-doubles';
import { loadExampleServiceConfig } from './load-example-config';

export interface DialogHarnessOptions {
  /** Shared storage: a second harness over the same storage and conversation id is a restarted bot. */
  storage?: Storage;
  transcripts?: InMemoryTranscriptStore;
  escalations?: RecordingEscalationRequester;
  channelId?: string;
  conversationId?: string;
  userId?: string;
  /** ISO time; the default is a Tuesday morning (in hours). */
  now?: string;
}

/** Monday-Friday 09:00-17:00 is "in hours" for WeekdayOpeningHours. */
export const IN_HOURS = '2026-03-03T10:00:00Z';
export const OUT_OF_HOURS = '2026-03-03T22:30:00Z';

/**
 * The real TriageBot turn handler with the real dialogs engine, over botbuilder's TestAdapter,
 * with small real implementations of the other teams' services.
 */
export class DialogHarness {
  readonly storage: Storage;
  readonly transcripts: InMemoryTranscriptStore;
  readonly escalations: RecordingEscalationRequester;
  readonly safetyCheckWatch = new RecordingSafetyCheckWatch();
  readonly risk = new ScriptedRiskScreen();
  readonly clock: ManualClock;
  readonly config: ServiceConfig = loadExampleServiceConfig();
  readonly conversationState: ConversationState;
  readonly flags: ConversationFlags;
  readonly logLines: string[] = [];
  readonly adapter: TestAdapter;
  private readonly bot: TriageBot;

  constructor(options: DialogHarnessOptions = {}) {
    this.storage = options.storage ?? new MemoryStorage();
    this.transcripts = options.transcripts ?? new InMemoryTranscriptStore();
    this.escalations = options.escalations ?? new RecordingEscalationRequester();
    this.clock = new ManualClock(options.now ?? IN_HOURS);
    this.conversationState = new ConversationState(this.storage);
    this.flags = new ConversationFlags(this.conversationState);
    const logSink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.logLines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ level: 'info' }, logSink);
    const signposting = new ConfigSignposting(this.config.signposting);
    const engine = new TriageConversationEngine({
      conversationState: this.conversationState,
      flags: this.flags,
      information: new KnowledgeBaseInformation(this.config.signposting, {
        serviceName: this.config.service.shortName,
        privacyNoticeUrl: this.config.service.privacyNoticeUrl,
      }),
      openingHours: new WeekdayOpeningHours(this.config.service.timeZone),
      signposting,
      escalations: this.escalations,
      eraser: new TranscriptEraser(this.transcripts),
      safetyCheckWatch: this.safetyCheckWatch,
      clock: this.clock,
      service: { ...this.config.service, signposting: this.config.signposting },
      logger,
      contactTimes: { emergencyMinutes: 15 },
    });
    this.bot = new TriageBot({
      riskScreen: this.risk,
      engine,
      conversationState: this.conversationState,
      flags: this.flags,
      transcripts: this.transcripts,
      clock: this.clock,
      logger,
      crisisMessage: () => signposting.crisisText(),
    });
    this.adapter = new TestAdapter({
      channelId: options.channelId ?? 'webchat',
      serviceUrl: 'https://test.invalid',
      conversation: { id: options.conversationId ?? 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
      user: { id: options.userId ?? 'user-1', name: 'person' },
      bot: { id: 'bot', name: 'bot' },
    });
  }

  get conversationId(): string {
    return this.adapter.conversation.conversation.id;
  }

  /** The person opens the chat (Web Chat sends conversationUpdate with the person added). */
  async join(): Promise<Partial<Activity>[]> {
    const { user, bot } = this.adapter.conversation;
    if (!user || !bot) throw new Error('test conversation reference has no user or bot');
    return this.receive({ type: ActivityTypes.ConversationUpdate, membersAdded: [user, bot], recipient: bot });
  }

  async say(text: string, risk?: ScriptedRisk): Promise<Partial<Activity>[]> {
    this.risk.setNext(risk);
    return this.receive({ type: ActivityTypes.Message, text });
  }

  /** Any inbound activity through the real turn handler; returns the messages the bot sent. */
  async receive(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.adapter.processActivity(activity, this.bot.run);
    return this.adapter.activeQueue.splice(0).filter((a) => a.type === ActivityTypes.Message);
  }
}

/** What the person sees: each message's text, and the buttons offered, one per line. */
export function visibleText(activities: Partial<Activity>[]): string {
  return activities
    .map((a) => {
      const buttons = a.suggestedActions?.actions.map((action) => action.title ?? String(action.value));
      return `${a.text ?? ''}${buttons && buttons.length > 0 ? `\n[${buttons.join(' | ')}]` : ''}`;
    })
    .join('\n---\n');
}
