/**
 * Port to the escalation side: texts from on-call rota numbers are acknowledgements of pages,
 * not service-user conversations. Implemented with escalation's handleRotaSmsReply.
 */
export interface RotaReplyHandler {
  /** `phone` is E.164 without any "whatsapp:" prefix. */
  isRotaNumber(phone: string): boolean;
  /** Returns the text to send back to the clinician ('' for no reply). */
  handle(from: string, body: string): Promise<string>;
}
