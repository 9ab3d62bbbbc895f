/** Twilio refuses a Body longer than 1,600 characters (SMS and WhatsApp). */
export const MAX_TWILIO_BODY_CHARS = 1600;

/** Digit groups separated by single spaces or hyphens: "116 123", "0800 1111", "+44 7700 900123". */
const PHONE_LIKE = /\+?\d+(?:[ -]\d+)*/g;

interface Range {
  start: number;
  end: number;
}

function protectedRanges(text: string): Range[] {
  const ranges: Range[] = [];
  for (const match of text.matchAll(PHONE_LIKE)) {
    ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return ranges;
}

function insideProtected(position: number, ranges: Range[]): boolean {
  return ranges.some((r) => position > r.start && position < r.end);
}

/** Cut positions (index where the next part starts) of one kind, best (latest) first. */
function candidates(text: string, limit: number, pattern: RegExp): number[] {
  const found: number[] = [];
  for (const match of text.matchAll(pattern)) {
    const cut = match.index + match[0].length;
    if (cut > 0 && cut <= limit) found.push(cut);
  }
  return found.reverse();
}

const BOUNDARIES: RegExp[] = [
  /\n\s*\n/g, // paragraph
  /\n/g, // line
  /[.!?]["')\]]*\s+/g, // sentence end
  /[;:,]\s+/g, // clause
  /\s+/g, // word
];

function bestCut(text: string, max: number): number {
  const ranges = protectedRanges(text);
  // A cut in the first third would leave a tiny part; prefer a weaker boundary later on.
  const minimumUseful = Math.floor(max / 3);
  for (const boundary of BOUNDARIES) {
    const cut = candidates(text, max, boundary).find((c) => c >= minimumUseful && !insideProtected(c, ranges));
    if (cut !== undefined) return cut;
  }
  // One enormous word: cut hard, but still outside any number.
  let cut = max;
  const straddling = ranges.find((r) => cut > r.start && cut < r.end);
  if (straddling && straddling.start > 0) cut = straddling.start;
  return cut;
}

/**
 * Splits a reply into Twilio-sized parts at the most natural boundary (paragraph, line, sentence,
 * clause, word) and never inside a phone number, so "116 123" always arrives whole.
 */
export function splitForSms(text: string, max: number = MAX_TWILIO_BODY_CHARS): string[] {
  if (max < 40) throw new Error('splitForSms: max must be at least 40 characters');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = bestCut(rest, max);
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}
