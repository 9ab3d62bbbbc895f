import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import pino from 'pino';
import { ConversationFlags } from '../../../bot/turn/conversation-flags';
import type { ConversationEngine } from '../../../bot/turn/conversation-engine';
import type { ConversationRiskScreen } from '../../../bot/turn/conversation-risk-screen';
import { TriageBot } from '../../../bot/turn/triage-bot';
import type { TranscriptEntry, TranscriptStore } from '../../../bot/storage/transcript-store';
import { RiskScreenAdapter } from '../../../bot/wiring/risk-screen-adapter';
import { ManualClock } from '../../../config/clock';
import { loadRiskScreen } from '../../../config/load-risk-rules';

/** Records every call, in order, so the number of writes per turn and their timing can be checked. */
class RecordingTranscripts implements TranscriptStore {
  readonly entries: TranscriptEntry[] = [];
  readonly calls: string[] = [];
  async append(entry: TranscriptEntry): Promise<void> {
    this.calls.push(`append:${entry.direction}`);
    this.entries.push(structuredClone(entry));
  }
  async appendMany(entries: readonly TranscriptEntry[]): Promise<void> {
    this.calls.push(`appendMany:${entries.length}`);
    this.entries.push(...entries.map((e) => structuredClone(e)));
  }
  async list(conversationId: string): Promise<TranscriptEntry[]> {
    return this.entries.filter((e) => e.conversationId === conversationId);
  }
  async eraseConversation(): Promise<number> {
    return 0;
  }
}

/** Only append: the turn handler must fall back to one append per reply. */
class AppendOnlyTranscripts implements TranscriptStore {
  readonly entries: TranscriptEntry[] = [];
  async append(entry: TranscriptEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }
  async list(): Promise<TranscriptEntry[]> {
    return this.entries;
  }
  async eraseConversation(): Promise<number> {
    return 0;
  }
}

// Compiling the rules is the slow part; one screen serves every test.
let riskScreen: ConversationRiskScreen;
beforeAll(() => {
  riskScreen = new RiskScreenAdapter(loadRiskScreen());
});

function buildBot(options: { transcripts: TranscriptStore; engine: (flags: ConversationFlags) => ConversationEngine; riskScreen?: ConversationRiskScreen }) {
  const conversationState = new ConversationState(new MemoryStorage());
  const flags = new ConversationFlags(conversationState);
  const bot = new TriageBot({
    riskScreen: options.riskScreen ?? riskScreen,
    engine: options.engine(flags),
    conversationState,
    flags,
    transcripts: options.transcripts,
    clock: new ManualClock('2026-03-03T11:00:00Z'),
    logger: pino({ level: 'silent' }),
    crisisMessage: () => 'Call 999 in an emergency. Samaritans 116 123.',
  });
  return new TestAdapter(async (context) => bot.run(context));
}

function engine(handle: (context: TurnContext) => Promise<void>): ConversationEngine {
  return { handleTurn: handle, saveState: async () => undefined };
}

describe('TriageBot transcript writes', () => {
  it('records the message before the conversation runs, then all the replies of the turn in one write', async () => {
    const transcripts = new RecordingTranscripts();
    let seenDuringTurn: string[] = [];
    const adapter = buildBot({
      transcripts,
      engine: (flags) =>
        engine(async (context) => {
          await flags.privacy.set(context, { transcriptConsent: true });
          seenDuringTurn = [...transcripts.calls];
          await context.sendActivity('first reply');
          await context.sendActivities([{ type: ActivityTypes.Message, text: 'second reply' }, { type: ActivityTypes.Typing }]);
        }),
    });
    await adapter.send('what time do you open?').assertReply('first reply').assertReply('second reply');
    expect(seenDuringTurn).toEqual(['append:inbound']);
    expect(transcripts.calls).toEqual(['append:inbound', 'appendMany:2']);
    const [inbound, first, second] = transcripts.entries;
    expect(inbound).toMatchObject({ direction: 'inbound', type: 'message', screening: { level: 'none' } });
    expect([first.text, second.text]).toEqual(['first reply', 'second reply']);
    expect(first).toMatchObject({ direction: 'outbound', type: 'message', channel: 'test', conversationId: inbound.conversationId, at: '2026-03-03T11:00:00.000Z' });
    expect(new Set(transcripts.entries.map((e) => e.id)).size).toBe(3);
  });

  it('keeps no reply text when consent is withdrawn during the turn ("delete my data")', async () => {
    const transcripts = new RecordingTranscripts();
    let turn = 0;
    const adapter = buildBot({
      transcripts,
      engine: (flags) =>
        engine(async (context) => {
          turn += 1;
          if (turn === 1) {
            await flags.privacy.set(context, { transcriptConsent: true });
            await context.sendActivity('consent noted');
            return;
          }
          await context.sendActivity('deleting now');
          await flags.privacy.set(context, { transcriptConsent: false });
          await context.sendActivity('done');
        }),
    });
    // Real state between turns: save it at the end of each, as the dialogs engine does.
    await adapter.send('yes').assertReply('consent noted');
    await adapter.send('stop').assertReply('deleting now').assertReply('done');
    const replies = transcripts.entries.filter((e) => e.direction === 'outbound');
    expect(replies.map((e) => e.text)).toEqual(['consent noted', undefined, undefined]);
  });

  it('records the fail-safe reply when the risk screen fails', async () => {
    const transcripts = new RecordingTranscripts();
    const adapter = buildBot({
      transcripts,
      riskScreen: {
        screenTurn: () => {
          throw new Error('injected: rules failed');
        },
      },
      engine: () => engine(async () => undefined),
    });
    await adapter.send('hello').assertReply((reply) => expect(reply.text).toMatch(/999/));
    expect(transcripts.calls).toEqual(['appendMany:1']);
    expect(transcripts.entries[0]).toMatchObject({ direction: 'outbound', type: 'message' });
  });

  it('appends the replies one by one, in order, to a store that cannot batch', async () => {
    const transcripts = new AppendOnlyTranscripts();
    const adapter = buildBot({
      transcripts,
      engine: (flags) =>
        engine(async (context) => {
          await flags.privacy.set(context, { transcriptConsent: true });
          await context.sendActivity('one');
          await context.sendActivity('two');
        }),
    });
    await adapter.send('hi').assertReply('one').assertReply('two');
    expect(transcripts.entries.map((e) => [e.direction, e.text])).toEqual([
      ['inbound', undefined],
      ['outbound', 'one'],
      ['outbound', 'two'],
    ]);
  });
});
