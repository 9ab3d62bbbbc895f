import type { Logger } from 'pino';
import type { Clock } from '../../config/clock';
import type { EscalationRequester } from '../../dialogs/ports/escalation-requester';
import type { DueSafetyCheckWatch, SafetyCheckWatchStore } from '../storage/safety-check-watch-store';
import { PeriodicTask } from './periodic-task';

export interface SafetyCheckWatchWorkerDeps {
  watches: SafetyCheckWatchStore;
  escalations: EscalationRequester;
  /** The bot's clock: the same one that set the due times. */
  clock: Clock;
  logger: Logger;
  /** Lease owner, unique per process. */
  workerId: string;
  /**
   * Whether the conversation's saved state still owes what the watch holds (a check unfinished, an emergency alert
   * pending). The state is the truth; the watch may be stale.
   */
  isStillNeeded: (contact: { channel: string; conversationId: string }) => Promise<boolean>;
}

const DEFAULT_POLL_MS = 30_000;
/** Long enough to store one escalation; a crashed worker's watches are taken over after it. */
const LEASE_MS = 60_000;
const BATCH = 20;

/**
 * Files the escalation of every safety check whose person went quiet. Due watches are leased from the store, so a
 * restart or a second instance picks up what a crashed one left (at least once). Filing twice is harmless: the
 * escalation service keeps one open escalation per conversation and audits the repeat.
 */
export class SafetyCheckWatchWorker {
  private readonly periodic: PeriodicTask;

  constructor(private readonly deps: SafetyCheckWatchWorkerDeps) {
    this.periodic = new PeriodicTask(() => this.runOnce(), deps.logger, 'SAFETY_CHECK_WATCH_RUN_FAILED');
  }

  /** Files every due watch; returns how many escalations were filed. */
  async runOnce(): Promise<number> {
    const { watches, clock, workerId } = this.deps;
    let filed = 0;
    for (;;) {
      const due = await watches.claimDue(clock.now(), workerId, LEASE_MS, BATCH);
      for (const watch of due) if (await this.fileOne(watch)) filed += 1;
      if (due.length < BATCH) return filed;
    }
  }

  /** Files one due watch; true when an escalation was filed. A failure leaves the lease to run out and retry. */
  private async fileOne(watch: DueSafetyCheckWatch): Promise<boolean> {
    const { watches, escalations, logger, isStillNeeded } = this.deps;
    const { conversationId, armId, request } = watch;
    try {
      if (!(await isStillNeeded(request.contact))) {
        await watches.complete(conversationId, armId);
        logger.info({ code: 'SAFETY_CHECK_WATCH_DROPPED', conversationId }, 'safety check already ended: watch dropped');
        return false;
      }
    } catch (error) {
      logger.error({ err: error, code: 'SAFETY_CHECK_WATCH_CHECK_FAILED', conversationId }, 'could not read the conversation; will retry');
      return false;
    }
    let reference: string;
    try {
      reference = (await escalations.request(request)).reference;
    } catch (error) {
      logger.error({ err: error, code: 'SAFETY_CHECK_WENT_QUIET_ESCALATION_FAILED', conversationId }, 'went-quiet escalation not stored; will retry');
      return false;
    }
    logger.info({ code: 'SAFETY_CHECK_WENT_QUIET_ESCALATED', conversationId, level: request.level, reference }, 'person went quiet during the safety check: team told');
    try {
      // False when the person wrote again meanwhile: the newer watch stays.
      await watches.complete(conversationId, armId);
    } catch (error) {
      // Filed already; the next run files it again, which the escalation service records on the same escalation.
      logger.error({ err: error, code: 'SAFETY_CHECK_WATCH_COMPLETE_FAILED', conversationId, reference }, 'escalation filed, but the watch could not be removed');
    }
    return true;
  }

  /** Checks now and then every `pollMs`. */
  start(pollMs: number = DEFAULT_POLL_MS): void {
    this.periodic.start(pollMs);
  }

  async stop(): Promise<void> {
    await this.periodic.stop();
  }
}
