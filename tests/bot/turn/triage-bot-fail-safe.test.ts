import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type Activity, type Storage, type StoreItems } from 'botbuilder';
import pino from 'pino';
import { ConversationFlags } from '../../../bot/turn/conversation-flags';
import type { ConversationEngine } from '../../../bot/turn/conversation-engine';
import type { ConversationRiskScreen } from '../../../bot/turn/conversation-risk-screen';
import { TriageBot } from '../../../bot/turn/triage-bot';
import { RiskScreenAdapter } from '../../../bot/wiring/risk-screen-adapter';
import type { TranscriptStore } from '../../../bot/storage/transcript-store';
import { ManualClock } from '../../../config/clock';
import { loadRiskScreen } from '../../../config/load-risk-rules';
import { crisisNumbersText } from '../../../dialogs/knowledge/crisis-numbers';
import type { InformationSource } from '../../../dialogs/ports/information-source';
import { TriageConversationEngine } from '../../../dialogs/triage-conversation-engine';
import {
  ConfigSignposting,
  InMemoryTranscriptStore,
  RecordingEscalationRequester,
  RecordingSafetyCheckWatch,
  TranscriptEraser,
  WeekdayOpeningHours,
} from '../../support/dialog-test-doubles';
import { loadExampleServiceConfig } from '../../support/load-example-config';

/**
 * Safety principle 2: whatever fails — the store, language understanding, the risk screen itself,
 * a bug in a dialog — the person still gets the crisis numbers. Each case injects one fault into
 * otherwise real components (the real rules, the real dialogs) and checks what the person sees.
 */
const config = loadExampleServiceConfig();
const CRISIS_NUMBERS = [/999/, /111/, /116 123/, /85258/, new RegExp(config.signposting.localCrisisLine.number)];

class FailingStorage implements Storage {
  constructor(private readonly failOn: 'read' | 'write') {}
  private readonly inner = new MemoryStorage();
  async read(keys: string[]): Promise<StoreItems> {
    if (this.failOn === 'read') throw new Error('injected: database unavailable');
    return this.inner.read(keys);
  }
  async write(changes: StoreItems): Promise<void> {
    if (this.failOn === 'write') throw new Error('injected: disk full');
    return this.inner.write(changes);
  }
  async delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

class FailingTranscripts implements TranscriptStore {
  async append(): Promise<void> {
    throw new Error('injected: transcript table locked');
  }
  async list(): Promise<never[]> {
    return [];
  }
  async eraseConversation(): Promise<number> {
    return 0;
  }
}

const brokenRecognizer: InformationSource = {
  answer: async () => {
    throw new Error('injected: language understanding timed out');
  },
  answerFor: async () => {
    throw new Error('injected: language understanding timed out');
  },
};

interface Faults {
  storage?: Storage;
  transcripts?: TranscriptStore;
  information?: InformationSource;
  riskScreen?: ConversationRiskScreen;
  engine?: ConversationEngine;
}

function buildBot(faults: Faults) {
  const logger = pino({ level: 'silent' });
  const clock = new ManualClock('2026-12-25T02:30:00Z');
  const conversationState = new ConversationState(faults.storage ?? new MemoryStorage());
  const flags = new ConversationFlags(conversationState);
  const signposting = new ConfigSignposting(config.signposting);
  const transcripts = faults.transcripts ?? new InMemoryTranscriptStore();
  const engine =
    faults.engine ??
    new TriageConversationEngine({
      conversationState,
      flags,
      information: faults.information ?? brokenRecognizer,
      openingHours: new WeekdayOpeningHours(config.service.timeZone),
      signposting,
      escalations: new RecordingEscalationRequester(),
      eraser: new TranscriptEraser(transcripts),
      safetyCheckWatch: new RecordingSafetyCheckWatch(),
      clock,
      service: { ...config.service, signposting: config.signposting },
      logger,
      contactTimes: { emergencyMinutes: 15 },
    });
  const bot = new TriageBot({
    riskScreen: faults.riskScreen ?? new RiskScreenAdapter(loadRiskScreen()),
    engine,
    conversationState,
    flags,
    transcripts,
    clock,
    logger,
    crisisMessage: () => crisisNumbersText(config.signposting),
  });
  return new TestAdapter(async (context) => bot.run(context));
}

async function reply(adapter: TestAdapter, text: string): Promise<string> {
  const texts: string[] = [];
  await adapter.receiveActivity({ type: ActivityTypes.Message, text });
  let activity: Partial<Activity> | undefined;
  while ((activity = adapter.activeQueue.shift())) if (activity.text) texts.push(activity.text);
  return texts.join('\n');
}

function expectCrisisNumbers(text: string): void {
  for (const number of CRISIS_NUMBERS) expect(text).toMatch(number);
}

describe('fail-safe: the person always gets the crisis numbers', () => {
  it('when conversation state cannot be read', async () => {
    expectCrisisNumbers(await reply(buildBot({ storage: new FailingStorage('read') }), 'what time do you open'));
  });

  it('when conversation state cannot be written, even mid-emergency', async () => {
    const text = await reply(buildBot({ storage: new FailingStorage('write') }), "I've taken an overdose");
    expect(text).toMatch(/999/);
    expectCrisisNumbers(text);
  });

  it('when language understanding fails', async () => {
    expectCrisisNumbers(await reply(buildBot({}), 'how do I make a complaint about my care'));
  });

  it('when the risk screen itself throws', async () => {
    const riskScreen: ConversationRiskScreen = {
      screenTurn: () => {
        throw new Error('injected: rules failed to compile');
      },
    };
    expectCrisisNumbers(await reply(buildBot({ riskScreen }), 'hello'));
  });

  it('when a dialog has a bug', async () => {
    const engine: ConversationEngine = {
      handleTurn: async () => {
        throw new TypeError("injected: Cannot read properties of undefined (reading 'steps')");
      },
      saveState: async () => undefined,
    };
    expectCrisisNumbers(await reply(buildBot({ engine }), 'hi'));
  });

  it('when the dialogs answer an emergency without 999, the turn handler adds it', async () => {
    const engine: ConversationEngine = {
      handleTurn: async (context) => {
        await context.sendActivity('Thanks for your message.');
      },
      saveState: async () => undefined,
    };
    const text = await reply(buildBot({ engine }), 'I am standing on the bridge and going to jump now');
    expect(text).toMatch(/Thanks for your message/);
    expectCrisisNumbers(text);
  });

  it('still replies normally when only the transcript cannot be written', async () => {
    const text = await reply(buildBot({ transcripts: new FailingTranscripts() }), 'I want to kill myself');
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/could not/i);
  });
});
