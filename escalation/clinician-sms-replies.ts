import type { Logger } from 'pino';
import { clinicianReplies, parseClinicianReply } from './acknowledgement';
import type { EscalationRecord } from './escalation-record';
import type { EscalationService, PolicyConfig } from './escalation-service';
import { dashboardUrl } from './notify/page-message';
import type { EscalationStore } from './ports/escalation-store';

export interface ClinicianSmsRepliesDeps {
  service: EscalationService;
  store: EscalationStore;
  currentConfig: () => PolicyConfig;
  publicBaseUrl: string;
  logger: Logger;
}

export type RotaReplyOutcome =
  | 'acknowledged'
  | 'already-acknowledged'
  | 'closed'
  | 'not-paged'
  | 'no-open-page'
  | 'ambiguous'
  | 'help'
  | 'unrecognised';

export interface RotaReplyResult {
  outcome: RotaReplyOutcome;
  /** SMS text to send back to the clinician. */
  reply: string;
  reference?: string;
}

function normalisePhone(phone: string): string {
  return phone.replace(/^whatsapp:/i, '').replace(/[\s()-]/g, '');
}

/**
 * SMS replies from on-call numbers: "ACK 4821", "4821", or "1" / "ACCEPT" / "YES" when the
 * clinician has exactly one open page. A reply only acknowledges an escalation that actually
 * paged the sender's number, so a mistyped reference cannot accept someone else's alert.
 */
export class ClinicianSmsReplies {
  constructor(private readonly deps: ClinicianSmsRepliesDeps) {}

  /** Numbers in the configuration's people, policy targets and fallbacks. */
  isRotaNumber(phone: string): boolean {
    const wanted = normalisePhone(phone);
    const config = this.deps.currentConfig();
    if (config.people.some((p) => p.phone === wanted)) return true;
    return Object.values(config.escalation).some(
      (policy) =>
        policy.afterLastStep.fallback.phone === wanted ||
        policy.steps.some((step) => step.targets.some((t) => 'phone' in t && t.phone === wanted)),
    );
  }

  /** Port shape used by the SMS channel: returns the reply text. */
  async handle(from: string, body: string): Promise<string> {
    return (await this.handleRotaSmsReply(from, body)).reply;
  }

  async handleRotaSmsReply(fromRaw: string, body: string): Promise<RotaReplyResult> {
    const from = normalisePhone(fromRaw);
    const parsed = parseClinicianReply(body);
    if (parsed.kind === 'help') return { outcome: 'help', reply: clinicianReplies.help() };
    if (parsed.kind === 'unrecognised') return { outcome: 'unrecognised', reply: clinicianReplies.unrecognised() };

    let escalation: EscalationRecord | undefined;
    if (parsed.reference) {
      const found = await this.deps.service.findByReference(parsed.reference);
      if (!found || !(await this.wasPaged(found, from))) {
        return { outcome: 'not-paged', reply: clinicianReplies.notPagedForReference(parsed.reference), reference: parsed.reference };
      }
      escalation = found;
    } else {
      const open = await this.openPagesFor(from);
      if (open.length === 0) return { outcome: 'no-open-page', reply: clinicianReplies.noOpenPage() };
      if (open.length > 1) return { outcome: 'ambiguous', reply: clinicianReplies.severalOpenPages(open.map((e) => e.reference)) };
      escalation = open[0];
    }

    const actor = this.deps.service.clinicianActor(escalation, from);
    const result = await this.deps.service.acknowledge(escalation.reference, actor, 'sms-reply');
    const reference = escalation.reference;
    this.deps.logger.info({ reference, outcome: result.status, actor }, 'clinician SMS reply handled');
    switch (result.status) {
      case 'acknowledged':
        return { outcome: 'acknowledged', reference, reply: clinicianReplies.accepted(reference, dashboardUrl(this.deps.publicBaseUrl, reference)) };
      case 'already-acknowledged':
        return {
          outcome: 'already-acknowledged',
          reference,
          reply: result.escalation.acknowledgedBy === actor ? clinicianReplies.alreadyAcceptedByYou(reference) : clinicianReplies.alreadyAcceptedByOther(reference),
        };
      case 'closed':
        return { outcome: 'closed', reference, reply: clinicianReplies.closed(reference) };
      case 'not-found':
        return { outcome: 'not-paged', reference, reply: clinicianReplies.notPagedForReference(reference) };
    }
  }

  private async wasPaged(escalation: EscalationRecord, phone: string): Promise<boolean> {
    const attempts = await this.deps.store.listAttempts(escalation.id);
    return attempts.some((a) => a.to === phone);
  }

  /** Escalations still waiting for someone, that paged this number. */
  private async openPagesFor(phone: string): Promise<EscalationRecord[]> {
    const waiting = await this.deps.store.list({ states: ['open', 'paging'] });
    const paged: EscalationRecord[] = [];
    for (const escalation of waiting) if (await this.wasPaged(escalation, phone)) paged.push(escalation);
    return paged;
  }
}
