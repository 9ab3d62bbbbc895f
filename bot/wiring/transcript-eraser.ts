import type { PersonalDataEraser } from '../../dialogs/ports/personal-data-eraser';
import type { AuditLog } from '../../escalation/ports/audit-log';
import type { Clock } from '../../config/clock';
import type { TranscriptStore } from '../storage/transcript-store';
import { randomUUID } from 'node:crypto';

/** Somewhere else a conversation's message text is kept only to deliver it (the local Direct Line log). */
export interface DeliveryLog {
  eraseActivities(conversationId: string): Promise<number>;
}

/**
 * "Delete my data": erases conversation text from the transcript and from the Direct Line delivery log;
 * the safety audit trail stays, as the privacy notice says.
 */
export class TranscriptEraser implements PersonalDataEraser {
  constructor(
    private readonly transcripts: TranscriptStore,
    private readonly deliveryLog: DeliveryLog,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async erase(conversationId: string): Promise<{ transcriptEntries: number }> {
    const transcriptEntries = await this.transcripts.eraseConversation(conversationId);
    const deliveryLogActivities = await this.deliveryLog.eraseActivities(conversationId);
    await this.audit.append({
      id: randomUUID(),
      at: this.clock.now().toISOString(),
      actor: 'person',
      source: 'conversation',
      action: 'personal-data-erased',
      conversationId,
      details: { transcriptEntries, deliveryLogActivities },
    });
    return { transcriptEntries };
  }
}
