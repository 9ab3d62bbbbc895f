import type { Clock } from '../../config/clock';
import type { EscalationRequest } from '../../dialogs/ports/escalation-requester';
import type { SafetyCheckWatch } from '../../dialogs/ports/safety-check-watch';
import type { SafetyCheckWatchStore } from '../storage/safety-check-watch-store';

const MINUTE_MS = 60_000;

/** The dialogs' watch over a safety check, kept in the store so that a restart does not forget it. */
export class SafetyCheckWatchAdapter implements SafetyCheckWatch {
  constructor(
    private readonly store: SafetyCheckWatchStore,
    private readonly clock: Clock,
    /** service.safetyCheckQuietMinutes */
    private readonly quietMinutes: number,
  ) {
    if (!(quietMinutes > 0)) throw new RangeError('quietMinutes must be a positive number');
  }

  async watch(request: EscalationRequest, options: { dueNow?: boolean } = {}): Promise<void> {
    const now = this.clock.now().getTime();
    await this.store.arm(request, new Date(options.dueNow ? now : now + this.quietMinutes * MINUTE_MS));
  }

  async stopWatching(conversationId: string): Promise<void> {
    await this.store.disarm(conversationId);
  }
}
