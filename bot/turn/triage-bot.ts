import { randomUUID } from 'node:crypto';
import { ActivityTypes, type Activity, type ConversationState, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../../config/clock';
import { appendTranscriptEntries, type TranscriptEntry, type TranscriptStore } from '../storage/transcript-store';
import type { ConversationEngine } from './conversation-engine';
import type { ConversationFlags } from './conversation-flags';
import type { ConversationRiskScreen, TurnScreening } from './conversation-risk-screen';
import { ConversationTurnQueue } from './conversation-turn-queue';

export interface TriageBotDependencies {
  riskScreen: ConversationRiskScreen;
  engine: ConversationEngine;
  conversationState: ConversationState;
  flags: ConversationFlags;
  transcripts: TranscriptStore;
  clock: Clock;
  logger: Logger;
  /** The fail-safe message: crisis numbers, always deliverable, needs no store or NLU. */
  crisisMessage: () => string;
  /** One conversation's turns one after another (default: a queue of this bot's own). */
  turnQueue?: ConversationTurnQueue;
}

const EMERGENCY_NUMBER = /\b999\b/;

/**
 * One turn, in the order safety demands: screen first (every message, every channel, inside any
 * dialog), record it, then let the conversation run. Whatever fails, the person gets crisis numbers.
 * Every channel adapter runs this same handler, so no channel or setting can skip the screen.
 */
export class TriageBot {
  private readonly turnQueue: ConversationTurnQueue;

  constructor(private readonly deps: TriageBotDependencies) {
    for (const [name, value] of Object.entries(deps)) {
      if (value === undefined || value === null) throw new Error(`TriageBot: missing dependency ${name}`);
    }
    this.turnQueue = deps.turnQueue ?? new ConversationTurnQueue();
  }

  readonly run = async (context: TurnContext): Promise<void> => {
    const { channelId, conversation } = context.activity;
    await this.turnQueue.run(`${channelId ?? ''}/${conversation?.id ?? ''}`, () => this.runQueued(context));
  };

  private async runQueued(context: TurnContext): Promise<void> {
    const sentTexts: string[] = [];
    // The replies are recorded together when the turn ends: one transcript write per turn, not one per reply.
    const replies: TranscriptEntry[] = [];
    context.onSendActivities(async (ctx, activities, next) => {
      for (const activity of activities) if (activity.text) sentTexts.push(activity.text);
      const responses = await next();
      await this.queueReplies(ctx, activities, replies);
      return responses;
    });
    try {
      await this.runTurn(context, sentTexts);
    } finally {
      await this.recordReplies(context, replies);
    }
  }

  private async runTurn(context: TurnContext, sentTexts: readonly string[]): Promise<void> {
    const { logger } = this.deps;
    let screening: TurnScreening | undefined;
    try {
      screening = await this.screenInbound(context);
    } catch (error) {
      logger.error({ err: error, code: 'RISK_SCREEN_FAILED', conversationId: context.activity.conversation?.id }, 'risk screen failed');
      await this.sendFailSafe(context);
      return;
    }

    try {
      await this.deps.engine.handleTurn(context, screening);
      await this.deps.engine.saveState(context);
      await this.deps.conversationState.saveChanges(context);
    } catch (error) {
      logger.error(
        { err: error, code: 'TURN_FAILED', conversationId: context.activity.conversation?.id, level: screening?.conversation.level },
        'turn failed; sending crisis numbers',
      );
      await this.sendFailSafe(context);
      return;
    }

    // Defence in depth: a turn that brings an emergency must carry 999, whatever the dialogs did.
    // (Later turns of a conversation that already had one are not re-alarmed on every reply.)
    const bringsEmergency =
      screening !== undefined &&
      (screening.message.level === 'emergency' || (screening.conversation.level === 'emergency' && screening.previousLevel !== 'emergency'));
    if (bringsEmergency && !sentTexts.some((t) => EMERGENCY_NUMBER.test(t))) {
      logger.error({ code: 'EMERGENCY_REPLY_MISSING', conversationId: context.activity.conversation?.id }, 'emergency turn without 999');
      await this.sendFailSafe(context);
    }
  }

  private async screenInbound(context: TurnContext): Promise<TurnScreening | undefined> {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message) {
      await this.appendTranscript(activity, 'inbound', undefined, undefined);
      return undefined;
    }
    const text = typeof activity.text === 'string' ? activity.text : '';
    // Screening must not depend on the store: if state cannot be read, screen without memory.
    let memory: unknown;
    try {
      memory = await this.deps.flags.riskMemory.get(context);
    } catch (error) {
      this.deps.logger.error({ err: error, code: 'STATE_READ_FAILED' }, 'conversation state unavailable; screening without memory');
    }
    const screening = this.deps.riskScreen.screenTurn(text, memory);
    if (this.deps.logger.isLevelEnabled('info')) {
      this.deps.logger.info(
        {
          conversationId: activity.conversation?.id,
          channel: activity.channelId,
          level: screening.message.level,
          conversationLevel: screening.conversation.level,
          rules: screening.message.matches.map((m) => m.ruleId),
          rulesVersion: screening.message.rulesVersion,
        },
        'message screened',
      );
    }
    await this.deps.flags.riskMemory.set(context, screening.memory);
    const consent = await this.transcriptConsent(context);
    await this.appendTranscript(activity, 'inbound', consent ? text : undefined, screening);
    return screening;
  }

  private async transcriptConsent(context: TurnContext): Promise<boolean> {
    try {
      return (await this.deps.flags.privacy.get(context))?.transcriptConsent === true;
    } catch {
      return false;
    }
  }

  /** Builds the entries as the replies go out (time and consent as they are then); written at the end of the turn. */
  private async queueReplies(context: TurnContext, activities: Partial<Activity>[], replies: TranscriptEntry[]): Promise<void> {
    const { conversation, channelId } = context.activity;
    if (!conversation?.id) return;
    let consent: boolean | undefined;
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message) continue;
      consent ??= await this.transcriptConsent(context);
      replies.push(this.entry(conversation.id, channelId, 'outbound', ActivityTypes.Message, consent ? activity.text : undefined, undefined));
    }
  }

  private async recordReplies(context: TurnContext, replies: TranscriptEntry[]): Promise<void> {
    if (replies.length === 0) return;
    // Consent withdrawn during the turn ("delete my data") also covers the replies not yet written,
    // just as the erasure covers everything written before it.
    if (!(await this.transcriptConsent(context))) for (const reply of replies) delete reply.text;
    try {
      await appendTranscriptEntries(this.deps.transcripts, replies);
    } catch (error) {
      // A transcript failure must not stop the reply.
      this.deps.logger.error({ err: error, code: 'TRANSCRIPT_WRITE_FAILED', conversationId: replies[0].conversationId }, 'transcript append failed');
    }
  }

  private async appendTranscript(
    activity: Activity,
    direction: 'inbound' | 'outbound',
    text: string | undefined,
    screening: TurnScreening | undefined,
  ): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!conversationId) return;
    try {
      await this.deps.transcripts.append(this.entry(conversationId, activity.channelId, direction, activity.type, text, screening));
    } catch (error) {
      // A transcript failure must not stop the reply; the risk result is also in the logs.
      this.deps.logger.error({ err: error, code: 'TRANSCRIPT_WRITE_FAILED', conversationId }, 'transcript append failed');
    }
  }

  private entry(
    conversationId: string,
    channel: string | undefined,
    direction: 'inbound' | 'outbound',
    type: string | undefined,
    text: string | undefined,
    screening: TurnScreening | undefined,
  ): TranscriptEntry {
    const entry: TranscriptEntry = {
      id: randomUUID(),
      conversationId,
      channel: channel ?? 'unknown',
      direction,
      at: this.deps.clock.now().toISOString(),
      type: type ?? 'unknown',
    };
    if (text !== undefined) entry.text = text;
    if (screening) entry.screening = screening.message;
    return entry;
  }

  private async sendFailSafe(context: TurnContext): Promise<void> {
    try {
      await context.sendActivity(this.deps.crisisMessage());
    } catch (error) {
      this.deps.logger.fatal({ err: error, code: 'FAIL_SAFE_SEND_FAILED' }, 'could not send crisis numbers');
    }
  }
}
