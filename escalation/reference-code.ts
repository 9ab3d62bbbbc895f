import { randomInt } from 'crypto';

/** Returns an integer in [min, max). Injected so tests can force collisions. */
export type RandomInt = (min: number, max: number) => number;

/**
 * Reference codes a clinician types on a phone keypad at 3am: four digits, no leading zero,
 * and none of the easily confused all-same or 999/111 look-alikes. After many collisions among
 * open escalations the code grows to six digits rather than failing.
 */
export class ReferenceCodeGenerator {
  constructor(private readonly random: RandomInt = randomInt) {}

  next(attempt: number): string {
    const digits = attempt < 20 ? 4 : 6;
    for (;;) {
      const code = String(this.random(10 ** (digits - 1), 10 ** digits));
      if (!/^(\d)\1+$/.test(code)) return code;
    }
  }
}

/** Accepts "4821", "#4821", "REF 4821"; returns the bare code or undefined. */
export function normaliseReference(text: string): string | undefined {
  const match = /^\s*(?:ref(?:erence)?\s*)?#?\s*(\d{4}|\d{6})\s*$/i.exec(text);
  return match ? match[1] : undefined;
}
