import { normaliseReference } from './reference-code';

export type ClinicianReply =
  | { kind: 'accept'; reference?: string }
  | { kind: 'help' }
  | { kind: 'unrecognised' };

const ACCEPT_WORDS = ['ack', 'accept', 'accepted', 'yes', 'y', 'ok', 'okay'];

/**
 * Parses an SMS reply from a rota number: "ACK 4821", "4821", "accept #4821", "1", "ACCEPT", "YES".
 * A bare accept word has no reference and is resolved by the sender's single open page.
 */
export function parseClinicianReply(body: string): ClinicianReply {
  const text = body.trim().replace(/[.!]+$/, '').trim();
  if (/^(help|\?)$/i.test(text)) return { kind: 'help' };
  const bareReference = normaliseReference(text);
  if (bareReference) return { kind: 'accept', reference: bareReference };
  if (text === '1') return { kind: 'accept' };
  const match = /^([a-z]+)(?![a-z])[\s:,-]*(.*)$/i.exec(text);
  if (!match || !ACCEPT_WORDS.includes(match[1].toLowerCase())) return { kind: 'unrecognised' };
  const rest = match[2].trim();
  if (rest === '') return { kind: 'accept' };
  const reference = normaliseReference(rest);
  return reference ? { kind: 'accept', reference } : { kind: 'unrecognised' };
}

/** SMS texts sent back to the clinician. No names, no message text: only references. */
export const clinicianReplies = {
  accepted: (reference: string, dashboardUrl: string) =>
    `Accepted crisis alert ${reference}. You are now responsible for contacting the person. Details: ${dashboardUrl}`,
  alreadyAcceptedByYou: (reference: string) => `You already accepted crisis alert ${reference}.`,
  alreadyAcceptedByOther: (reference: string) =>
    `Crisis alert ${reference} was already accepted by a colleague. No action needed unless they ask.`,
  closed: (reference: string) => `Crisis alert ${reference} is closed. Check the dashboard if you think this is wrong.`,
  notPagedForReference: (reference: string) =>
    `No crisis alert ${reference} was sent to this number. Reply ACK followed by the 4-digit reference in your alert.`,
  noOpenPage: () => 'You have no open crisis alert. If you expected one, check the dashboard or call the crisis team base.',
  severalOpenPages: (references: string[]) =>
    `You have ${references.length} open crisis alerts (${references.join(', ')}). Reply ACK and the reference, e.g. "ACK ${references[0]}".`,
  help: () => 'Reply ACK and the 4-digit reference to accept a crisis alert, e.g. "ACK 4821". Reply 1 if you have just one alert.',
  unrecognised: () => 'Sorry, that reply was not understood. Reply ACK and the 4-digit reference, e.g. "ACK 4821".',
} as const;
