import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { detectCommand } from './commands';
import type { DialogDependencies } from './dialog-dependencies';
import { escalationRequest, vitalInterestsContact, withoutMessaging } from './escalation-contact';
import type { EscalationRequest } from './ports/escalation-requester';
import { say } from './replies/send';
import type { TriageState } from './triage-state';
import { escalationReason } from './turn-screening';
import { unfinishedSafetyCheckEscalation, type UnfinishedSafetyCheck } from './unfinished-safety-check';
import { wording } from './wording';

const EMERGENCY_RETRY_SUMMARY = 'Emergency risk identified by the risk screen; the alert could not be stored at the time and was sent again';

/**
 * Before and after the dialogs on every message turn: risk the person disclosed must not be lost between turns.
 * - A safety check still unfinished is (re)watched with what the team should be told if the person says nothing more;
 *   every reply restarts the wait, and the end of the check removes the watch (`safetyCheckWatched` stays set until
 *   that removal succeeds, so a failed removal is tried again).
 * - An escalation the dialogs could not store (an emergency alert, an acute result, "stop", a report about someone
 *   else cutting the check short) is tried again now; if that fails too, the watch files it at once, from the store.
 * The state is read without a default, so a conversation whose data was just deleted is not written back (the worker
 * drops a watch whose conversation no longer needs it).
 */
export class RiskFollowThrough {
  constructor(private readonly deps: DialogDependencies) {}

  /**
   * Before the dialogs run: what an earlier turn could not store is tried again first, so an ended check still
   * waiting to be filed does not stand in the way of a new disclosure (or a new safety check).
   */
  async beforeTurn(context: TurnContext): Promise<void> {
    const state = await this.deps.triageState.get(context);
    // "stop" first changes how what is owed is filed (no messages to the person); the end of the turn files it.
    if (!state || detectCommand(context.activity.text) === 'delete') return;
    try {
      await this.retryFailed(context, state);
    } catch (error) {
      this.deps.logger.error({ err: error, code: 'ESCALATION_RETRY_FAILED', conversationId: context.activity.conversation.id }, 'retry before the turn failed');
    }
  }

  /** `watched`: the turn began with a watch stored (or a check that would have one). */
  async afterTurn(context: TurnContext, watched: boolean): Promise<void> {
    const conversationId = context.activity.conversation.id;
    const state = await this.deps.triageState.get(context);
    try {
      if (state) await this.retryFailed(context, state);
      if (state?.emergencyAlertPending) {
        await this.watchFailedEmergencyAlert(context, state);
        return;
      }
      const unfinished = state?.unfinishedSafetyCheck;
      if (state && unfinished !== undefined) {
        await this.deps.safetyCheckWatch.watch(watchRequest(context, unfinished), { dueNow: escalationFailed(unfinished) });
        state.safetyCheckWatched = true;
        return;
      }
      if (watched || state?.safetyCheckWatched) {
        await this.deps.safetyCheckWatch.stopWatching(conversationId);
        if (state) delete state.safetyCheckWatched;
      }
    } catch (error) {
      // The person already has the crisis numbers from this turn; the next turn tries again.
      this.deps.logger.error({ err: error, code: 'SAFETY_CHECK_WATCH_FAILED', conversationId }, 'safety check watch not stored');
    }
  }

  /** Stores now what could not be stored before (an emergency alert, a check's own escalation); clears it once stored. */
  private async retryFailed(context: TurnContext, state: TriageState): Promise<void> {
    if (state.emergencyAlertPending) {
      const reference = await this.retried(context, emergencyAlertRequest(context, state), state.emergencyAlertPending === 'stopped');
      if (reference === undefined) return;
      delete state.emergencyAlertPending;
      delete state.pendingAlertKey;
      state.emergencyReference = reference;
    }
    const unfinished = state.unfinishedSafetyCheck;
    if (unfinished !== undefined && escalationFailed(unfinished)) {
      const request = watchRequest(context, unfinished);
      const reference = await this.retried(context, request, unfinished.ending === 'stopped');
      if (reference === undefined) return;
      delete state.unfinishedSafetyCheck;
      if (request.level === 'emergency') state.emergencyReference = reference;
    }
  }

  /** The emergency alert still could not be stored: the watch files it at once, from the store. */
  private async watchFailedEmergencyAlert(context: TurnContext, state: TriageState): Promise<void> {
    await this.deps.safetyCheckWatch.watch(emergencyAlertRequest(context, state), { dueNow: true });
    state.safetyCheckWatched = true;
  }

  /**
   * Stores the request now and tells the person (unless they asked us to stop). Returns the reference, or undefined
   * when it still cannot be stored.
   */
  private async retried(context: TurnContext, request: EscalationRequest, quietly: boolean): Promise<string | undefined> {
    const conversationId = context.activity.conversation.id;
    let receipt;
    try {
      receipt = await this.deps.escalations.request(request);
    } catch (error) {
      this.deps.logger.error({ err: error, code: 'ESCALATION_RETRY_FAILED', conversationId, level: request.level }, 'escalation still not stored');
      return undefined;
    }
    this.deps.logger.info({ code: 'ESCALATION_RETRIED', conversationId, level: request.level, reference: receipt.reference }, 'escalation stored on a later turn');
    if (!quietly) await say(context, wording.alertSentLate(receipt.reference, receipt.teamPaged, this.deps.service));
    return receipt.reference;
  }
}

/**
 * What the team is told if the watch fires: as the dialogs would have said it. After "stop" (whose own escalation
 * failed) the person gets no further messages and no phone is passed on; otherwise an emergency passes the phone on
 * vital interests, as the emergency response does, and urgent needs consent.
 */
function watchRequest(context: TurnContext, unfinished: UnfinishedSafetyCheck): EscalationRequest {
  const ending = unfinished.ending ?? 'went-quiet';
  const { level, outcome, summary } = unfinishedSafetyCheckEscalation(unfinished, ending);
  // Once telling the team has failed, every retry (this turn, later turns, the worker) is the same alert.
  if (escalationFailed(unfinished)) unfinished.alertKey ??= randomUUID();
  const reason = escalationReason(context, summary, { asqOutcome: outcome, ...(unfinished.alertKey ? { alertKey: unfinished.alertKey } : {}) });
  if (ending === 'stopped') return withoutMessaging(escalationRequest(context, level, reason, { consentToContact: false }));
  return escalationRequest(context, level, reason, level === 'emergency' ? vitalInterestsContact(context) : { consentToContact: false });
}

/** The check's own escalation was attempted and could not be stored: retried now, and the watch files it at once. */
function escalationFailed(unfinished: UnfinishedSafetyCheck): boolean {
  return unfinished.ending !== undefined || unfinished.outcome === 'acute-positive';
}

/** The emergency response's alert, as it is sent again. Vital interests: the phone stays even after "stop". */
function emergencyAlertRequest(context: TurnContext, state: TriageState): EscalationRequest {
  const stopped = state.emergencyAlertPending === 'stopped';
  const summary = EMERGENCY_RETRY_SUMMARY + (stopped ? '; then the person asked to stop' : '');
  state.pendingAlertKey ??= randomUUID();
  const reason = escalationReason(context, summary, { alertKey: state.pendingAlertKey });
  const request = escalationRequest(context, 'emergency', reason, vitalInterestsContact(context));
  return stopped ? withoutMessaging(request) : request;
}
