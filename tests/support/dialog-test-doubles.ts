/**
 * Small, real implementations of the ports the dialogs use, standing in for services other teams
 * are building (risk screen rules, knowledge base + recognizer, opening hours, signposting,
 * escalation). They behave like the real thing in the ways the dialogs rely on.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { DateTime } from 'luxon';
import { parse } from 'yaml';
import type { ConversationRiskScreen, TurnScreening } from '../../bot/turn/conversation-risk-screen';
import type { TranscriptEntry, TranscriptStore } from '../../bot/storage/transcript-store';
import type { SignpostingConfig } from '../../config/service-schema';
import type { EscalationReceipt, EscalationRequest, EscalationRequester } from '../../dialogs/ports/escalation-requester';
import type { InformationAnswer, InformationResult, InformationSource } from '../../dialogs/ports/information-source';
import type { OpeningHoursService, OpeningStatus } from '../../dialogs/ports/opening-hours-service';
import type { PersonalDataEraser } from '../../dialogs/ports/personal-data-eraser';
import type { SafetyCheckWatch } from '../../dialogs/ports/safety-check-watch';
import type { SignpostingService, SignpostingSituation, SignpostRoute } from '../../dialogs/ports/signposting-service';
import { higherOf, type RiskLevel, type RiskSubject } from '../../escalation/risk/risk-level';
import type { ScreeningResult } from '../../escalation/risk/screening-result';

/** What the (scripted) risk screen says about the next message. */
export interface ScriptedRisk {
  level: RiskLevel;
  subject?: RiskSubject;
  flags?: string[];
  ruleId?: string;
  category?: string;
}

interface ScriptedMemory {
  conversation: ScreeningResult;
}

export const TEST_RULES_VERSION = 'test-rules+000000000000';

function result(level: RiskLevel, subject: RiskSubject, flags: string[], ruleId: string | undefined, category: string | undefined): ScreeningResult {
  return {
    level,
    subject,
    flags,
    matches: ruleId
      ? [{ ruleId, category: category ?? 'test', ruleLevel: level, level, text: '', start: 0, end: 0, modifiers: subject === 'other' ? ['third_party'] : [] }]
      : [],
    rulesVersion: TEST_RULES_VERSION,
  };
}

/**
 * A ConversationRiskScreen whose per-message verdict is set by the test (the table says what the
 * rules would find), with the real contract for the conversation level: it accumulates through the
 * memory kept in conversation state and never drops.
 */
export class ScriptedRiskScreen implements ConversationRiskScreen {
  private next: ScriptedRisk = { level: 'none' };
  readonly screened: string[] = [];

  setNext(risk: ScriptedRisk | undefined): void {
    this.next = risk ?? { level: 'none' };
  }

  screenTurn(text: string, memory: unknown): TurnScreening {
    this.screened.push(text);
    const { level, subject = 'self', flags = [], ruleId, category } = this.next;
    this.next = { level: 'none' };
    const message = result(level, subject, flags, ruleId ?? (level === 'none' ? undefined : `test-${level}`), category);
    const previous = (memory as ScriptedMemory | undefined)?.conversation;
    const conversation: ScreeningResult = previous
      ? {
          level: higherOf(previous.level, message.level),
          subject: message.level !== 'none' && message.level === higherOf(previous.level, message.level) ? message.subject : previous.subject,
          flags: [...new Set([...previous.flags, ...message.flags])],
          matches: [...previous.matches, ...message.matches],
          rulesVersion: message.rulesVersion,
        }
      : message;
    return { message, conversation, previousLevel: previous?.level ?? 'none', memory: { conversation } satisfies ScriptedMemory };
  }
}

export class InMemoryTranscriptStore implements TranscriptStore {
  readonly entries: TranscriptEntry[] = [];

  async append(entry: TranscriptEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }

  async list(conversationId: string): Promise<TranscriptEntry[]> {
    return this.entries.filter((e) => e.conversationId === conversationId).map((e) => structuredClone(e));
  }

  async eraseConversation(conversationId: string): Promise<number> {
    let erased = 0;
    for (const entry of this.entries) {
      if (entry.conversationId === conversationId && entry.text !== undefined) {
        delete entry.text;
        erased++;
      }
    }
    return erased;
  }
}

export class TranscriptEraser implements PersonalDataEraser {
  constructor(private readonly transcripts: TranscriptStore) {}

  async erase(conversationId: string): Promise<{ transcriptEntries: number }> {
    return { transcriptEntries: await this.transcripts.eraseConversation(conversationId) };
  }
}

/**
 * Stores requests in memory, like a durable store would; can be told to fail the next N requests, or to
 * report that no pager is configured (the record is kept but nobody is paged).
 */
export class RecordingEscalationRequester implements EscalationRequester {
  readonly requests: EscalationRequest[] = [];
  failNext = 0;
  teamPaged = true;
  /** Answer as if an open escalation already covered each request: added to it, not created. */
  coverWith: string | undefined;
  /** Conversations whose person asked to stop; `keepsPhone` is what the team still holds afterwards. */
  readonly stopped: string[] = [];
  keepsPhone = false;

  failStop = false;

  async personAskedToStop(conversationId: string): Promise<{ keepsPhone: boolean }> {
    if (this.failStop) throw new Error('escalation store unavailable');
    this.stopped.push(conversationId);
    return { keepsPhone: this.keepsPhone };
  }

  async request(request: EscalationRequest): Promise<EscalationReceipt> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('escalation store unavailable');
    }
    this.requests.push(structuredClone(request));
    const keepsPhone = request.contact.phone !== undefined;
    if (this.coverWith) return { reference: this.coverWith, stored: true, created: false, keepsPhone, teamPaged: this.teamPaged };
    return { reference: `CR-${String(this.requests.length).padStart(4, '0')}`, stored: true, created: true, keepsPhone, teamPaged: this.teamPaged };
  }
}

/** Keeps the latest watch per conversation in memory, as the durable store would; can be told to fail. */
export class RecordingSafetyCheckWatch implements SafetyCheckWatch {
  readonly watches = new Map<string, EscalationRequest>();
  /** Conversations whose latest watch is due at once (its own escalation failed). */
  readonly dueNow = new Set<string>();
  /** Every call, in order, e.g. "watch conv-1" / "stop conv-1". */
  readonly calls: string[] = [];
  failNext = 0;

  async watch(request: EscalationRequest, options: { dueNow?: boolean } = {}): Promise<void> {
    this.failIfTold();
    const id = request.contact.conversationId;
    this.calls.push(`watch ${id}`);
    this.watches.set(id, structuredClone(request));
    if (options.dueNow) this.dueNow.add(id);
    else this.dueNow.delete(id);
  }

  async stopWatching(conversationId: string): Promise<void> {
    this.failIfTold();
    this.calls.push(`stop ${conversationId}`);
    this.watches.delete(conversationId);
  }

  private failIfTold(): void {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('watch store unavailable');
    }
  }
}

/** Monday to Friday, 09:00-17:00, service time zone; no holidays. */
export class WeekdayOpeningHours implements OpeningHoursService {
  constructor(private readonly timeZone = 'Europe/London') {}

  status(now: Date): OpeningStatus {
    const local = DateTime.fromJSDate(now, { zone: this.timeZone });
    const weekday = local.weekday <= 5;
    const minutes = local.hour * 60 + local.minute;
    if (weekday && minutes >= 9 * 60 && minutes < 17 * 60) return { open: true, description: 'open until 5pm' };
    let next = local.startOf('day').set({ hour: 9 });
    if (!weekday || minutes >= 9 * 60) next = next.plus({ days: 1 });
    while (next.weekday > 5) next = next.plus({ days: 1 });
    return { open: false, description: 'closed', nextOpening: next.toJSDate() };
  }
}

/** The signposting rules of the issue, over the example service's numbers. */
export class ConfigSignposting implements SignpostingService {
  constructor(private readonly numbers: SignpostingConfig) {}

  routes(situation: SignpostingSituation): SignpostRoute[] {
    const n = this.numbers;
    const routes: SignpostRoute[] = [n.emergency];
    if (situation.open) routes.push(n.serviceLine, n.localCrisisLine);
    else
      routes.push(n.nhs111, n.localCrisisLine, n.samaritans, n.shout, {
        label: 'Out-of-hours GP',
        number: n.nhs111.number,
        note: 'call 111 when your surgery is closed',
      });
    if (situation.under19) routes.push(n.childline);
    return routes;
  }

  crisisText(): string {
    const n = this.numbers;
    return (
      `If you are in danger now call 999. NHS 111 option 2 (24/7), Samaritans ${n.samaritans.number}, ` +
      `text SHOUT to ${n.shout.number}, crisis line ${n.localCrisisLine.number}.`
    );
  }
}

interface KbItem {
  id: string;
  intent: string;
  title?: string;
  questions: string[];
  answer: string;
  source: string;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter((w) => w.length > 2));
}

/**
 * The shipped knowledge base with a plain word-overlap recognizer: an exact (or near-exact)
 * example question answers; a partial overlap with several topics offers them; otherwise nothing.
 */
export class KnowledgeBaseInformation implements InformationSource {
  private readonly items: KbItem[];

  constructor(
    private readonly numbers: SignpostingConfig,
    private readonly values: { serviceName: string; privacyNoticeUrl: string },
  ) {
    const text = readFileSync(join(__dirname, '..', '..', 'config', 'knowledge-base.yaml'), 'utf8');
    this.items = (parse(text) as { items: KbItem[] }).items;
  }

  async answer(text: string): Promise<InformationResult> {
    const asked = words(text);
    if (asked.size === 0) return { kind: 'none' };
    const scored = this.items
      .map((item) => ({
        item,
        score: Math.max(...item.questions.map((q) => overlap(asked, words(q)))),
      }))
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score);
    const best = scored[0];
    if (!best || best.score < 0.3) return { kind: 'none' };
    if (best.score >= 0.75 && (scored[1]?.score ?? 0) < best.score) return this.toAnswer(best.item);
    return {
      kind: 'choices',
      options: scored.slice(0, 3).map((s) => ({ intent: s.item.intent, label: s.item.title ?? s.item.id.replace(/-/g, ' ') })),
    };
  }

  async answerFor(intent: string): Promise<InformationAnswer | undefined> {
    const item = this.items.find((i) => i.intent === intent);
    return item ? this.toAnswer(item) : undefined;
  }

  private toAnswer(item: KbItem): InformationAnswer {
    const n = this.numbers;
    const values: Record<string, string> = {
      serviceName: this.values.serviceName,
      privacyNoticeUrl: this.values.privacyNoticeUrl,
      emergency: n.emergency.number,
      nhs111: n.nhs111.number,
      samaritans: n.samaritans.number,
      shout: n.shout.number,
      childline: n.childline.number,
      serviceLine: n.serviceLine.number,
      localCrisisLine: n.localCrisisLine.number,
    };
    const answer = item.answer.replace(/\{([^{}]*)\}/g, (whole, name: string) => values[name] ?? whole).replace(/\s+/g, ' ').trim();
    return { kind: 'answer', itemId: item.id, intent: item.intent, answer, sourceUrl: item.source };
  }
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.max(a.size, b.size);
}
