import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from '../dialogs-sdk';
import type { DialogDependencies } from '../dialog-dependencies';
import { EMERGENCY_DIALOG, type EmergencyOptions } from '../emergency-dialog';
import { ask, say, TEXT_PROMPT } from '../replies/send';
import { interpretYesNo, YES_NO_CHOICES, type YesNoAnswer } from '../replies/yes-no';
import { readTriageState } from '../triage-state';
import { URGENT_CONTACT_DIALOG, type UrgentContactOptions } from '../urgent-contact-dialog';
import { SIGNPOSTING_DIALOG, type SignpostingOptions } from '../signposting-dialog';
import { wording } from '../wording';
import { ASQ_QUESTIONS, asqSummary, nextAsqStep } from './asq-scoring';

export const SAFETY_CHECK_DIALOG = 'safety-check';
const INTRO = `${SAFETY_CHECK_DIALOG}-intro`;
const QUESTION_LOOP = `${SAFETY_CHECK_DIALOG}-question`;

interface QuestionLoopOptions {
  answers: YesNoAnswer[];
}

/**
 * The ASQ, one question at a time, for a person at urgent risk themselves. Every answer has
 * already been through the risk screen: a plan or an overdose typed as an answer interrupts this
 * dialog (main dialog) before it gets here.
 */
export class SafetyCheckDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(SAFETY_CHECK_DIALOG);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(new WaterfallDialog(INTRO, [this.introStep.bind(this)]));
    this.addDialog(new WaterfallDialog(QUESTION_LOOP, [this.askStep.bind(this), this.recordStep.bind(this)]));
    this.initialDialogId = INTRO;
  }

  private async introStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = await readTriageState(this.deps.triageState, step.context);
    state.unfinishedSafetyCheck = { answers: [] };
    await say(step.context, wording.asqIntro());
    return step.replaceDialog(QUESTION_LOOP, { answers: [] } satisfies QuestionLoopOptions);
  }

  private async askStep(step: WaterfallStepContext<QuestionLoopOptions>): Promise<DialogTurnResult> {
    const next = nextAsqStep(step.options.answers);
    if (next.kind === 'ask') return ask(step, ASQ_QUESTIONS[next.question]!, YES_NO_CHOICES);
    return step.next();
  }

  private async recordStep(step: WaterfallStepContext<QuestionLoopOptions>): Promise<DialogTurnResult> {
    const answers = [...step.options.answers, interpretYesNo(step.result as string | undefined)];
    const next = nextAsqStep(answers);
    const state = await readTriageState(this.deps.triageState, step.context);
    state.unfinishedSafetyCheck = { answers, ...(next.kind === 'done' ? { outcome: next.outcome } : {}) };
    if (next.kind === 'ask') return step.replaceDialog(QUESTION_LOOP, { answers } satisfies QuestionLoopOptions);

    const { outcome } = next;
    const summary = asqSummary(answers, outcome);
    this.deps.logger.info({ code: 'ASQ_COMPLETED', conversationId: step.context.activity.conversation.id, outcome }, 'safety check completed');
    // Negative: nothing is owed to the crisis team. Acute: the emergency response escalates at once and ends the
    // check once its alert is stored; until then the scored check stays, so its watch can still file it.
    if (outcome === 'negative') delete state.unfinishedSafetyCheck;
    if (outcome === 'acute-positive') {
      state.actedLevel = 'emergency';
      return step.replaceDialog(EMERGENCY_DIALOG, { summary, asqOutcome: outcome } satisfies EmergencyOptions);
    }
    if (outcome === 'non-acute-positive') {
      await say(step.context, answers.includes('refused') ? wording.asqRefused() : wording.asqNonAcute());
      return step.replaceDialog(URGENT_CONTACT_DIALOG, { summary, asqOutcome: outcome } satisfies UrgentContactOptions);
    }
    return step.replaceDialog(SIGNPOSTING_DIALOG, { preface: wording.asqNegative(), level: 'concern' } satisfies SignpostingOptions);
  }
}
