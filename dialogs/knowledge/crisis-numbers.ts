import { signpostingSchema, type SignpostingConfig } from '../../config/service-schema';

/**
 * Sent when anything fails and even the service config cannot be read. National numbers only;
 * must never depend on config, so it is a constant.
 */
export const FALLBACK_CRISIS_NUMBERS_TEXT =
  'If you need help now: call 999 if your life is at risk. ' +
  'For urgent mental health help call NHS 111 and choose option 2. ' +
  'Samaritans: call 116 123 (free, 24/7). Shout: text SHOUT to 85258. ' +
  'Under 19? Childline: 0800 1111.';

/**
 * The short fail-safe message: 999, NHS 111 option 2, Samaritans, Shout and the local crisis line.
 * Falls back to the national-only constant if the signposting section is missing or invalid,
 * because this is what people get when something has already gone wrong.
 */
export function crisisNumbersText(signposting: SignpostingConfig | undefined): string {
  const parsed = signpostingSchema.safeParse(signposting);
  if (!parsed.success) return FALLBACK_CRISIS_NUMBERS_TEXT;
  const s = parsed.data;
  return (
    `If you need help now: call ${s.emergency.number} if your life is at risk. ` +
    `${s.localCrisisLine.label}: ${s.localCrisisLine.number}. ` +
    `NHS ${s.nhs111.number}, choose option 2. ` +
    `Samaritans: ${s.samaritans.number} (free, 24/7). ` +
    `Shout: text SHOUT to ${s.shout.number}.`
  );
}
