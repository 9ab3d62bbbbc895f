import { DateTime } from 'luxon';
import type { EscalationLevel } from '../escalation-record';

/**
 * What a page says. Health data stays out of SMS and voice: only the reference, level, the
 * person's channel, the time and a dashboard link. Never the person's words or name.
 */
export interface PageDetails {
  reference: string;
  level: EscalationLevel;
  /** The channel the person used, e.g. "webchat", "sms". */
  channel: string;
  /** When the escalation started. */
  startedAt: Date;
  timeZone: string;
  publicBaseUrl: string;
}

const LEVEL_WORDS: Record<EscalationLevel, string> = {
  emergency: 'EMERGENCY',
  urgent: 'URGENT',
  callback: 'Callback request',
};

export function dashboardUrl(publicBaseUrl: string, reference: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/dashboard/escalations/${encodeURIComponent(reference)}`;
}

function localTime(details: PageDetails): string {
  return DateTime.fromJSDate(details.startedAt, { zone: details.timeZone }).toFormat('HH:mm ccc d LLL');
}

export function pageSmsText(details: PageDetails): string {
  return [
    `${LEVEL_WORDS[details.level]} crisis alert ${details.reference}`,
    `via ${details.channel} at ${localTime(details)}.`,
    `Reply ACK ${details.reference} to accept.`,
    dashboardUrl(details.publicBaseUrl, details.reference),
  ].join(' ');
}

/** Digits read one by one so "4821" is not heard as "four thousand eight hundred...". */
function spokenDigits(reference: string): string {
  return reference.split('').join(' ');
}

export function pageVoiceText(details: PageDetails): string {
  return (
    `This is the crisis text service. ${LEVEL_WORDS[details.level].toLowerCase()} crisis alert, reference ${spokenDigits(details.reference)}, ` +
    `from ${details.channel} at ${localTime(details)}. Press 1 to accept this alert.`
  );
}
