import type { EscalationService } from '../../escalation/escalation-service';
import type { EscalationReceipt, EscalationRequest, EscalationRequester } from '../../dialogs/ports/escalation-requester';

/**
 * The dialogs' way to raise an escalation. It resolves only once the record is durably stored
 * (EscalationService.start returns after the insert), so "someone will contact you" is never
 * said for an escalation that does not exist.
 */
export class EscalationRequesterAdapter implements EscalationRequester {
  constructor(
    private readonly escalations: EscalationService,
    /** False when no pager is configured: the record is kept, but nobody is paged, and the person is told so. */
    private readonly teamCanBePaged: boolean,
  ) {}

  async request(request: EscalationRequest): Promise<EscalationReceipt> {
    const { escalation, created } = await this.escalations.start({
      level: request.level,
      reason: { ...request.reason },
      contact: { ...request.contact },
      ...(request.conversationReference
        ? { conversationReference: JSON.parse(JSON.stringify(request.conversationReference)) as Record<string, unknown> }
        : {}),
      ...(request.personAskedToStop ? { personAskedToStop: true } : {}),
      actor: 'system',
      source: request.reason.asqOutcome ? 'safety-check' : 'risk-screen',
    });
    return { reference: escalation.reference, stored: true, created, keepsPhone: escalation.contact.phone !== undefined, teamPaged: this.teamCanBePaged };
  }

  async personAskedToStop(conversationId: string): Promise<{ keepsPhone: boolean }> {
    return this.escalations.personAskedToStop(conversationId);
  }
}
