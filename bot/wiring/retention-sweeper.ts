import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../config/clock';
import type { AuditLog } from '../../escalation/ports/audit-log';
import type { EscalationStore } from '../../escalation/ports/escalation-store';
import type { TranscriptRetention } from '../storage/transcript-store';
import { PeriodicTask } from './periodic-task';

export interface RetentionSweeperDeps {
  transcripts: TranscriptRetention;
  escalations: Pick<EscalationStore, 'list'>;
  /** Deletes idle Direct Line delivery logs (they hold message text only to deliver it). */
  deliveryLogs: { deleteIdle(): Promise<number> };
  audit: AuditLog;
  /** The bot's clock: it stamps the transcript, so ages are measured on it. */
  clock: Clock;
  /** Real time. A clock shifted ahead (CRISIS_BOT_NOW for a drill) must not make today's messages look old. */
  wallClock: Clock;
  logger: Logger;
  /** service.transcriptRetentionDays: what the welcome message promises. */
  retentionDays: number;
}

export interface RetentionSweep {
  before: string;
  transcriptEntries: number;
  conversations: number;
  deliveryLogs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Keeps the promise in the welcome message: message text is erased once it is older than the service's
 * retention period. The safety record (levels, rule ids, escalations, audit) stays, as after "delete my
 * data". A conversation with an escalation still open keeps its text until the escalation closes, since
 * the clinician needs it ("unless needed for your care" in the privacy answer).
 */
export class RetentionSweeper {
  private readonly periodic: PeriodicTask;

  constructor(private readonly deps: RetentionSweeperDeps) {
    this.periodic = new PeriodicTask(() => this.sweepOnce(), deps.logger, 'RETENTION_SWEEP_FAILED');
  }

  async sweepOnce(): Promise<RetentionSweep> {
    const { transcripts, escalations, deliveryLogs, audit, clock, wallClock, logger, retentionDays } = this.deps;
    const now = new Date(Math.min(clock.now().getTime(), wallClock.now().getTime()));
    const before = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
    const open = await escalations.list({ states: ['open', 'paging', 'acknowledged'] });
    const keep = new Set(open.map((e) => e.contact.conversationId));
    const erased = await transcripts.eraseTextBefore(before, keep);
    const deletedLogs = await deliveryLogs.deleteIdle();
    const sweep: RetentionSweep = { before, transcriptEntries: erased.entries, conversations: erased.conversations.length, deliveryLogs: deletedLogs };
    if (sweep.transcriptEntries > 0 || sweep.deliveryLogs > 0) {
      await audit.append({
        id: randomUUID(),
        at: now.toISOString(),
        actor: 'system',
        source: 'retention',
        action: 'retention-erased',
        details: { ...sweep },
      });
    }
    logger.info({ code: 'RETENTION_SWEEP', ...sweep }, 'retention sweep done');
    return sweep;
  }

  /** Sweeps now and then every `intervalMs`; a failed sweep is logged and tried again at the next one. */
  start(intervalMs: number = DEFAULT_INTERVAL_MS): void {
    this.periodic.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.periodic.stop();
  }
}
