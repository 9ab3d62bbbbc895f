/**
 * ESCALATION_ACK_TIMEOUT_SECONDS replaces every step's acknowledgement timeout, for drills and tests.
 * Fractions are allowed so tests can walk a policy in well under a second.
 */
export function parseAckTimeoutOverride(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86400) {
    throw new Error(`ESCALATION_ACK_TIMEOUT_SECONDS must be a number of seconds between 0 and 86400, got "${raw}"`);
  }
  return seconds;
}
