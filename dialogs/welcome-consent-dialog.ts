import type { TurnContext } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogs-sdk';
import type { DialogDependencies } from './dialog-dependencies';
import { ask, say, TEXT_PROMPT } from './replies/send';
import { interpretYesNo, YES_NO_CHOICES } from './replies/yes-no';
import type { Reroute } from './reroute';
import { readTriageState } from './triage-state';
import { wording } from './wording';

export const WELCOME_CONSENT_DIALOG = 'welcome-consent';

export interface WelcomeConsentOptions {
  /** Say who we are first (a new conversation); false when asking consent later at a natural point. */
  introduce: boolean;
}

/** Stores the person's choice and tells them what it means. */
export async function recordConsent(context: TurnContext, deps: DialogDependencies, consent: boolean): Promise<void> {
  await deps.flags.privacy.set(context, { transcriptConsent: consent, decidedAt: deps.clock.now().toISOString() });
  deps.logger.info({ code: 'TRANSCRIPT_CONSENT', conversationId: context.activity.conversation.id, consent }, 'consent recorded');
  await say(context, consent ? wording.consentYes(deps.service) : wording.consentNo());
}

/**
 * Says it is an automated service, not for emergencies, what is kept and for how long, and asks
 * consent. Never blocks help: any reply that is not a yes or no is routed as a new message, and
 * consent stays "only what safety requires" until the person says yes.
 */
export class WelcomeConsentDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(WELCOME_CONSENT_DIALOG);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(new WaterfallDialog(`${WELCOME_CONSENT_DIALOG}-steps`, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = `${WELCOME_CONSENT_DIALOG}-steps`;
  }

  private async askStep(step: WaterfallStepContext<WelcomeConsentOptions>): Promise<DialogTurnResult> {
    const state = await readTriageState(this.deps.triageState, step.context);
    state.welcomed = true;
    state.consentAsked = true;
    if (step.options?.introduce) await say(step.context, wording.intro(this.deps.service));
    return ask(step, wording.consentQuestion(this.deps.service), YES_NO_CHOICES);
  }

  private async answerStep(step: WaterfallStepContext<WelcomeConsentOptions>): Promise<DialogTurnResult> {
    const answer = interpretYesNo(step.result as string | undefined);
    if (answer === 'yes' || answer === 'no') {
      await recordConsent(step.context, this.deps, answer === 'yes');
      return step.endDialog();
    }
    return step.endDialog({ reroute: true } satisfies Reroute);
  }
}
