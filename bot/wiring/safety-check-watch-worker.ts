import type { Logger } from 'pino';
import type { Clock } from '../../config/clock';
import type { EscalationRequester } from '../../dialogs/ports/escalation-requester';
import type { SafetyCheckWatchStore } from '../storage/safety-check-watch-store';
import { PeriodicTask } from './periodic-task';

export interface SafetyCheckWatchWorkerDeps {
  watches: SafetyCheckWatchStore;
  escalations: EscalationRequester;
  /** The bot's clock: the same one that set the due times. */
  clock: Clock;
  logger: Logger;
  /** Lease owner, unique per process. */
  workerId: string;
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
    const { watches, escalations, clock, logger, workerId } = this.deps;
    let filed = 0;
    for (;;) {
      const due = await watches.claimDue(clock.now(), workerId, LEASE_MS, BATCH);
      for (const watch of due) {
        const { conversationId, armId, request } = watch;
        try {
          const receipt = await escalations.request(request);
          const removed = await watches.complete(conversationId, armId);
          filed += 1;
          logger.info(
            { code: 'SAFETY_CHECK_WENT_QUIET_ESCALATED', conversationId, level: request.level, reference: receipt.reference, rearmed: !removed },
            'person went quiet during the safety check: team told',
          );
        } catch (error) {
          // The lease runs out and the next run tries again.
          logger.error({ err: error, code: 'SAFETY_CHECK_WENT_QUIET_ESCALATION_FAILED', conversationId }, 'went-quiet escalation not stored; will retry');
        }
      }
      if (due.length < BATCH) return filed;
    }
  }

  /** Checks now and then every `pollMs`. */
  start(pollMs: number = DEFAULT_POLL_MS): void {
    this.periodic.start(pollMs);
  }

  async stop(): Promise<void> {
    await this.periodic.stop();
  }
}
