import {
  ComponentDialog,
  Dialog,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from './dialogs-sdk';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { higherOf, riskRank, type RiskLevel, type RiskSubject } from '../escalation/risk/risk-level';
import { CALLBACK_DIALOG, CallbackDialog, type CallbackOptions } from './callback-dialog';
import { detectCommand } from './commands';
import { honourStop } from './honour-stop';
import { escalateUnfinishedSafetyCheck } from './unfinished-safety-check';
import type { DialogDependencies } from './dialog-dependencies';
import { EMERGENCY_DIALOG, EmergencyDialog } from './emergency-dialog';
import { INFORMATION_DIALOG, InformationDialog, type InformationOptions } from './information-dialog';
import { isNotSafeChoice, MENU_DIALOG, MenuDialog, type MenuOptions } from './menu-dialog';
import { say } from './replies/send';
import { interpretYesNo } from './replies/yes-no';
import { isReroute } from './reroute';
import { decideRiskAction, needsReassessment } from './risk-routing';
import { SAFETY_CHECK_DIALOG, SafetyCheckDialog } from './safety-check/safety-check-dialog';
import { SIGNPOSTING_DIALOG, SignpostingDialog, type SignpostingOptions } from './signposting-dialog';
import { THIRD_PARTY_DIALOG, ThirdPartyDialog, type ThirdPartyOptions } from './third-party-dialog';
import { readTriageState, type TriageState } from './triage-state';
import { turnScreening } from './turn-screening';
import { URGENT_CONTACT_DIALOG, UrgentContactDialog } from './urgent-contact-dialog';
import { recordConsent, WELCOME_CONSENT_DIALOG, WelcomeConsentDialog, type WelcomeConsentOptions } from './welcome-consent-dialog';
import { wording } from './wording';

export const MAIN_DIALOG = 'main';
const ROUTE = `${MAIN_DIALOG}-route`;
const REROUTED_THIS_TURN = Symbol('triage.reroutedThisTurn');

export interface MainOptions {
  /** Start with the welcome (a person joined the conversation). */
  welcome?: boolean;
}

/** Starts a dialog inside the routing loop, so a reply that is not an answer is still routed. */
interface RouteOptions {
  start?: { id: string; options?: object };
}

/** "help" and "start over" do not cut into the safety questions or the emergency response. */
const NOT_INTERRUPTED_BY_MENU = new Set([SAFETY_CHECK_DIALOG, EMERGENCY_DIALOG, URGENT_CONTACT_DIALOG]);

/**
 * Every turn: risk first (a rise in the conversation's level, or any emergency message, interrupts
 * whatever dialog is running), then "stop"/"delete my data" (works everywhere), then the person's
 * request: menu, call back, a person to talk to, or the knowledge base.
 */
export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(MAIN_DIALOG);
    this.addDialog(new WelcomeConsentDialog(deps));
    this.addDialog(new EmergencyDialog(deps));
    this.addDialog(new SafetyCheckDialog(deps));
    this.addDialog(new UrgentContactDialog(deps));
    this.addDialog(new ThirdPartyDialog(deps));
    this.addDialog(new SignpostingDialog(deps));
    this.addDialog(new InformationDialog(deps));
    this.addDialog(new CallbackDialog(deps));
    this.addDialog(new MenuDialog(deps));
    this.addDialog(
      new WaterfallDialog(ROUTE, [this.routeStep.bind(this), this.afterRequestStep.bind(this), this.afterConsentStep.bind(this)]),
    );
    this.initialDialogId = ROUTE;
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: MainOptions): Promise<DialogTurnResult> {
    if (options?.welcome) return this.start(innerDc, WELCOME_CONSENT_DIALOG, { introduce: true } satisfies WelcomeConsentOptions);
    return (await this.interrupt(innerDc)) ?? innerDc.beginDialog(ROUTE, {} satisfies RouteOptions);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc)) ?? super.onContinueDialog(innerDc);
  }

  private start(innerDc: DialogContext, id: string, options?: object): Promise<DialogTurnResult> {
    return innerDc.beginDialog(ROUTE, { start: { id, ...(options ? { options } : {}) } } satisfies RouteOptions);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const context = innerDc.context;
    if (context.activity.type !== ActivityTypes.Message) return undefined;
    const state = await readTriageState(this.deps.triageState, context);
    const screening = turnScreening(context);
    const acted = { self: state.actedLevel, other: state.actedLevelOther };
    let action = decideRiskAction(screening, acted);
    const conversationId = context.activity.conversation.id;
    if (action.kind === 'none' && state.unfinishedSafetyCheck === undefined && needsReassessment(screening, acted, state.selfActedAt, this.deps.clock.now(), this.repeatAfterMs())) {
      this.deps.logger.info({ code: 'ROUTE_REASSESS', conversationId, lastResponse: state.selfActedAt }, 'urgent disclosure long after the last safety check');
      action = { kind: 'urgent', subject: 'self' };
    }

    if (action.kind === 'emergency') {
      this.markActed(state, 'emergency', action.subject);
      // The emergency response escalates the person's own risk at once, superseding the safety questions.
      if (action.subject === 'self') delete state.unfinishedSafetyCheck;
      // The person's own emergency reply says it is automated; the advice about someone else does not.
      if (action.subject === 'other') await this.introduceIfNew(context, state);
      state.welcomed = true;
      this.deps.logger.info({ code: 'ROUTE_EMERGENCY', conversationId, subject: action.subject }, 'emergency takes over');
      await innerDc.cancelAllDialogs();
      if (action.subject === 'self') return this.start(innerDc, EMERGENCY_DIALOG, {});
      return this.turnToSomeoneElse(innerDc, state, 'emergency');
    }

    const command = detectCommand(context.activity.text);
    if (command === 'delete') {
      await innerDc.cancelAllDialogs();
      await honourStop(context, this.deps, state);
      return { status: DialogTurnStatus.complete };
    }

    if (action.kind === 'urgent' || action.kind === 'concern') {
      this.markActed(state, action.kind, action.subject);
      this.deps.logger.info({ code: 'ROUTE_RISK_RISE', conversationId, level: action.kind, subject: action.subject }, 'risk level rose');
      if (action.kind === 'concern' && innerDc.activeDialog) {
        // A concern does not cancel what the person is doing: they get the numbers, then the
        // question they were answering again (the message was about how they feel, not an answer).
        await say(context, wording.concernNote(this.deps.service));
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      }
      await this.introduceIfNew(context, state);
      await innerDc.cancelAllDialogs();
      if (action.subject === 'other') return this.turnToSomeoneElse(innerDc, state, action.kind);
      if (action.kind === 'urgent') return this.start(innerDc, SAFETY_CHECK_DIALOG);
      return this.start(innerDc, SIGNPOSTING_DIALOG, { preface: wording.concernPreface(), level: 'concern' } satisfies SignpostingOptions);
    }

    const active = innerDc.activeDialog;
    if (active && (command === 'startOver' || command === 'help') && !NOT_INTERRUPTED_BY_MENU.has(active.id)) {
      await innerDc.cancelAllDialogs();
      if (command === 'startOver') await say(context, wording.startOver());
      return this.start(innerDc, MENU_DIALOG, {} satisfies MenuOptions);
    }
    return undefined;
  }

  /**
   * Advice about someone else comes first; then, if the person's own safety check was cut short by it, the crisis
   * team is told about them too (their own risk must not vanish because they changed the subject).
   */
  private async turnToSomeoneElse(innerDc: DialogContext, state: TriageState, level: ThirdPartyOptions['level']): Promise<DialogTurnResult> {
    const started = await this.start(innerDc, THIRD_PARTY_DIALOG, { level } satisfies ThirdPartyOptions);
    await escalateUnfinishedSafetyCheck(innerDc.context, this.deps, state, 'interrupted');
    return started;
  }

  private markActed(state: TriageState, level: RiskLevel, subject: RiskSubject): void {
    if (subject === 'self') {
      state.actedLevel = higherOf(state.actedLevel, level);
      if (riskRank(level) >= riskRank('urgent')) state.selfActedAt = this.deps.clock.now().toISOString();
    } else {
      state.actedLevelOther = higherOf(state.actedLevelOther, level);
    }
  }

  private repeatAfterMs(): number {
    return this.deps.service.safetyCheckRepeatAfterHours * 60 * 60 * 1000;
  }

  /** The person's last safety check (or emergency response) is too long ago to stand for how they are now. */
  private lastResponseIsOld(state: TriageState): boolean {
    return state.selfActedAt === undefined || this.deps.clock.now().getTime() - Date.parse(state.selfActedAt) >= this.repeatAfterMs();
  }

  private async introduceIfNew(context: TurnContext, state: TriageState): Promise<void> {
    if (state.welcomed) return;
    state.welcomed = true;
    await say(context, wording.shortIntro(this.deps.service));
  }

  private async routeStep(step: WaterfallStepContext<RouteOptions>): Promise<DialogTurnResult> {
    const start = step.options?.start;
    if (start) return step.beginDialog(start.id, start.options);
    const context = step.context;
    const text = context.activity.text ?? '';
    const command = detectCommand(text);
    const state = await readTriageState(this.deps.triageState, context);
    if (!state.welcomed) {
      if (!text.trim() || command === 'greeting' || command === 'help') {
        return step.beginDialog(WELCOME_CONSENT_DIALOG, { introduce: true } satisfies WelcomeConsentOptions);
      }
      // A first message that is already a question gets an answer now; consent is asked afterwards.
      await this.introduceIfNew(context, state);
    }

    const privacy = await this.deps.flags.privacy.get(context);
    if (!privacy && state.consentAsked) {
      const answer = interpretYesNo(text);
      if (answer === 'yes' || answer === 'no') {
        await recordConsent(context, this.deps, answer === 'yes');
        return step.endDialog();
      }
    }

    switch (command) {
      case 'greeting':
      case 'help':
        return step.beginDialog(MENU_DIALOG, {} satisfies MenuOptions);
      case 'startOver':
        await say(context, wording.startOver());
        return step.beginDialog(MENU_DIALOG, {} satisfies MenuOptions);
      case 'callback':
        return step.beginDialog(CALLBACK_DIALOG, { level: 'callback', summary: 'Call back requested' } satisfies CallbackOptions);
      case 'talkToSomeone':
        return step.beginDialog(SIGNPOSTING_DIALOG, {} satisfies SignpostingOptions);
      default:
        break;
    }

    // Risk already acted on earlier (so no rise this turn) is still never a knowledge-base question:
    // a repeated disclosure gets the numbers and the human routes again, not a topic the classifier guessed.
    const message = turnScreening(context)?.message;
    if (message && (message.level === 'urgent' || message.level === 'emergency')) {
      if (message.subject === 'other') return step.beginDialog(THIRD_PARTY_DIALOG, { level: message.level } satisfies ThirdPartyOptions);
      return step.beginDialog(SIGNPOSTING_DIALOG, { preface: wording.concernPreface(), level: message.level } satisfies SignpostingOptions);
    }

    const result = await this.deps.information.answer(text);
    if (result.kind === 'none') return step.beginDialog(MENU_DIALOG, { preface: wording.notUnderstoodMenu() } satisfies MenuOptions);
    return step.beginDialog(INFORMATION_DIALOG, { result } satisfies InformationOptions);
  }

  private async afterRequestStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (isNotSafeChoice(step.result)) return this.respondToNotSafe(step);
    const rerouted = await this.rerouteIfAsked(step);
    if (rerouted) return rerouted;
    // A natural point to ask about keeping messages: a request has just been dealt with, and the
    // person is not in a safety conversation.
    const state = await readTriageState(this.deps.triageState, step.context);
    const privacy = await this.deps.flags.privacy.get(step.context);
    if (!privacy && !state.consentAsked && riskRank(state.actedLevel) < riskRank('urgent')) {
      return step.beginDialog(WELCOME_CONSENT_DIALOG, { introduce: false } satisfies WelcomeConsentOptions);
    }
    return step.endDialog();
  }

  /**
   * The person chose "I'm not feeling safe" from the menu: the safety questions, as for an urgent message, unless the
   * person went through them recently; then the numbers and human routes again, as for a repeated disclosure.
   */
  private async respondToNotSafe(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = await readTriageState(this.deps.triageState, step.context);
    this.deps.logger.info({ code: 'ROUTE_NOT_SAFE_CHOSEN', conversationId: step.context.activity.conversation.id }, 'person chose "not feeling safe"');
    if (riskRank(state.actedLevel) < riskRank('urgent') || this.lastResponseIsOld(state)) {
      this.markActed(state, 'urgent', 'self');
      return step.replaceDialog(ROUTE, { start: { id: SAFETY_CHECK_DIALOG } } satisfies RouteOptions);
    }
    const options: SignpostingOptions = { preface: wording.concernPreface(), level: state.actedLevel };
    return step.replaceDialog(ROUTE, { start: { id: SIGNPOSTING_DIALOG, options } } satisfies RouteOptions);
  }

  private async afterConsentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return (await this.rerouteIfAsked(step)) ?? step.endDialog();
  }

  /** The reply was not an answer to the last question: route it as a new message (once per turn). */
  private async rerouteIfAsked(step: WaterfallStepContext): Promise<DialogTurnResult | undefined> {
    if (!isReroute(step.result) || step.context.turnState.get(REROUTED_THIS_TURN)) return undefined;
    step.context.turnState.set(REROUTED_THIS_TURN, true);
    return step.replaceDialog(ROUTE, {} satisfies RouteOptions);
  }
}
