import { createHmac } from 'node:crypto';

/**
 * A stable, non-reversible id for a phone number or similar address. Keyed (HMAC), because the
 * space of phone numbers is small enough to brute-force a plain hash. Changing the key starts
 * new conversations for everyone, so it must be stable across restarts.
 */
export function hashAddress(key: string, address: string): string {
  if (!key) throw new Error('hashAddress: a non-empty key is required');
  return createHmac('sha256', key).update(address.trim().toLowerCase()).digest('hex').slice(0, 32);
}
