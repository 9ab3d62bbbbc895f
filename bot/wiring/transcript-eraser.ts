import type { PersonalDataEraser } from '../../dialogs/ports/personal-data-eraser';
import type { AuditLog } from '../../escalation/ports/audit-log';
import type { Clock } from '../../config/clock';
import type { TranscriptStore } from '../storage/transcript-store';
import { randomUUID } from 'node:crypto';

/** "Delete my data": erases conversation text; the safety audit trail stays, as the privacy notice says. */
export class TranscriptEraser implements PersonalDataEraser {
  constructor(
    private readonly transcripts: TranscriptStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async erase(conversationId: string): Promise<{ transcriptEntries: number }> {
    const transcriptEntries = await this.transcripts.eraseConversation(conversationId);
    await this.audit.append({
      id: randomUUID(),
      at: this.clock.now().toISOString(),
      actor: 'person',
      source: 'conversation',
      action: 'personal-data-erased',
      conversationId,
      details: { transcriptEntries },
    });
    return { transcriptEntries };
  }
}
