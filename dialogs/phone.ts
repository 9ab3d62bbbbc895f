import { parsePhoneNumberFromString } from 'libphonenumber-js';

export interface UkPhone {
  e164: string;
  /** As people write it, e.g. "07700 900123". */
  national: string;
}

/**
 * A valid UK phone number, or undefined. "UK" means the +44 numbering plan, which also covers the
 * Crown Dependencies (libphonenumber reports some +44 mobiles as GG/JE/IM). Other country codes
 * are not accepted. Ofcom's mobile drama range (07700 900xxx) is not valid.
 */
export function parseUkPhone(text: string | undefined): UkPhone | undefined {
  const candidate = (text ?? '').replace(/[^\d+() .-]/g, ' ').trim();
  if (!/\d/.test(candidate)) return undefined;
  const phone = parsePhoneNumberFromString(candidate, 'GB');
  if (!phone || !phone.isValid() || phone.countryCallingCode !== '44') return undefined;
  return { e164: phone.number, national: phone.formatNational() };
}
