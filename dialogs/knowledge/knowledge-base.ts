import { DateTime } from 'luxon';
import {
  ANSWER_PLACEHOLDERS,
  type AnswerPlaceholder,
  type KnowledgeBaseConfig,
  type KnowledgeItem,
} from '../../config/knowledge-base-schema';
import type { ServiceConfig } from '../../config/service-schema';

/** Values substituted for {placeholders} in answers. */
export type AnswerValues = Record<AnswerPlaceholder, string>;

export interface KnowledgeAnswer {
  itemId: string;
  intent: string;
  title: string;
  /** Answer with placeholders filled in; ready to send. */
  text: string;
  source: string;
}

export interface ReviewStatus {
  id: string;
  title: string;
  owner: string;
  reviewDue: string;
  /** Whole days past reviewDue; an item is only past review the day after its due date. */
  daysOverdue: number;
}

/** Phone numbers in answers come from the service config, so one edit there updates every answer. */
export function answerValuesFrom(config: Pick<ServiceConfig, 'service' | 'signposting'>): AnswerValues {
  const s = config.signposting;
  return {
    serviceName: config.service.shortName,
    privacyNoticeUrl: config.service.privacyNoticeUrl,
    emergency: s.emergency.number,
    nhs111: s.nhs111.number,
    samaritans: s.samaritans.number,
    shout: s.shout.number,
    childline: s.childline.number,
    serviceLine: s.serviceLine.number,
    localCrisisLine: s.localCrisisLine.number,
  };
}

export function renderAnswer(template: string, values: AnswerValues): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) =>
    (ANSWER_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as AnswerPlaceholder] : whole,
  );
}

/** The reviewed answers the bot may give. No I/O: built from an already-loaded, validated config. */
export class KnowledgeBase {
  private readonly byIntentMap: ReadonlyMap<string, KnowledgeItem>;

  constructor(
    private readonly config: KnowledgeBaseConfig,
    private readonly values: AnswerValues,
  ) {
    this.byIntentMap = new Map(config.items.map((item) => [item.intent, item]));
  }

  get items(): readonly KnowledgeItem[] {
    return this.config.items;
  }

  intents(): string[] {
    return this.config.items.map((i) => i.intent);
  }

  byIntent(intent: string): KnowledgeItem | undefined {
    return this.byIntentMap.get(intent);
  }

  byId(id: string): KnowledgeItem | undefined {
    return this.config.items.find((i) => i.id === id);
  }

  /** The filled-in answer for an intent, or undefined for 'none' / unknown intents. */
  answerFor(intent: string): KnowledgeAnswer | undefined {
    const item = this.byIntentMap.get(intent);
    if (!item) return undefined;
    return { itemId: item.id, intent: item.intent, title: item.title, text: renderAnswer(item.answer, this.values), source: item.source };
  }

  /** Title for a "did you mean" button or menu entry. */
  titleFor(intent: string): string | undefined {
    return this.byIntentMap.get(intent)?.title;
  }

  /** Items whose reviewDue date is before `at`'s date in `timeZone`, most overdue first. */
  itemsPastReview(at: Date, timeZone = 'Europe/London'): ReviewStatus[] {
    return itemsPastReview(this.config.items, at, timeZone);
  }
}

/** Pure: which items are past review on `at`'s local date. Used at start-up and by `kb check`. */
export function itemsPastReview(items: readonly KnowledgeItem[], at: Date, timeZone = 'Europe/London'): ReviewStatus[] {
  const today = DateTime.fromJSDate(at, { zone: timeZone }).startOf('day');
  return items
    .map((item) => {
      const due = DateTime.fromISO(item.reviewDue, { zone: timeZone }).startOf('day');
      return { item, daysOverdue: Math.round(today.diff(due, 'days').days) };
    })
    .filter(({ daysOverdue }) => daysOverdue > 0)
    .sort((a, b) => b.daysOverdue - a.daysOverdue)
    .map(({ item, daysOverdue }) => ({ id: item.id, title: item.title, owner: item.owner, reviewDue: item.reviewDue, daysOverdue }));
}

/** One log line per overdue item, for the start-up warning. */
export function describePastReview(statuses: readonly ReviewStatus[]): string[] {
  return statuses.map((s) => `knowledge item "${s.id}" was due for review on ${s.reviewDue} (${s.daysOverdue} day(s) ago); owner: ${s.owner}`);
}
