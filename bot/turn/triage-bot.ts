import { randomUUID } from 'node:crypto';
import { ActivityTypes, type Activity, type ConversationState, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../../config/clock';
import type { TranscriptStore } from '../storage/transcript-store';
import type { ConversationEngine } from './conversation-engine';
import type { ConversationFlags } from './conversation-flags';
import type { ConversationRiskScreen, TurnScreening } from './conversation-risk-screen';

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
}

const EMERGENCY_NUMBER = /\b999\b/;

/**
 * One turn, in the order safety demands: screen first (every message, every channel, inside any
 * dialog), record it, then let the conversation run. Whatever fails, the person gets crisis numbers.
 * Every channel adapter runs this same handler, so no channel or setting can skip the screen.
 */
export class TriageBot {
  constructor(private readonly deps: TriageBotDependencies) {
    for (const [name, value] of Object.entries(deps)) {
      if (value === undefined || value === null) throw new Error(`TriageBot: missing dependency ${name}`);
    }
  }

  readonly run = async (context: TurnContext): Promise<void> => {
    const { logger } = this.deps;
    const sentTexts: string[] = [];
    context.onSendActivities(async (ctx, activities, next) => {
      for (const activity of activities) if (activity.text) sentTexts.push(activity.text);
      const responses = await next();
      await this.recordOutbound(ctx, activities);
      return responses;
    });

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
  };

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

  private async recordOutbound(context: TurnContext, activities: Partial<Activity>[]): Promise<void> {
    const consent = await this.transcriptConsent(context);
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message) continue;
      await this.appendTranscript(
        { ...context.activity, ...activity, conversation: context.activity.conversation, channelId: context.activity.channelId } as Activity,
        'outbound',
        consent ? activity.text : undefined,
        undefined,
      );
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
      await this.deps.transcripts.append({
        id: randomUUID(),
        conversationId,
        channel: activity.channelId ?? 'unknown',
        direction,
        at: this.deps.clock.now().toISOString(),
        type: activity.type ?? 'unknown',
        ...(text !== undefined ? { text } : {}),
        ...(screening ? { screening: screening.message } : {}),
      });
    } catch (error) {
      // A transcript failure must not stop the reply; the risk result is also in the logs.
      this.deps.logger.error({ err: error, code: 'TRANSCRIPT_WRITE_FAILED', conversationId }, 'transcript append failed');
    }
  }

  private async sendFailSafe(context: TurnContext): Promise<void> {
    try {
      await context.sendActivity(this.deps.crisisMessage());
    } catch (error) {
      this.deps.logger.fatal({ err: error, code: 'FAIL_SAFE_SEND_FAILED' }, 'could not send crisis numbers');
    }
  }
}
