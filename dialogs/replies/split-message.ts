/**
 * Splits text into messages of at most `max` characters, breaking between paragraphs, then
 * sentences, then words, so nothing (least of all a phone number) is cut in half.
 */
export function splitMessage(text: string, max: number): string[] {
  if (max < 20) throw new RangeError(`max must be at least 20 characters, got ${max}`);
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed ? [trimmed] : [];
  const pieces = trimmed
    .split(/\n{2,}/)
    .flatMap((paragraph) => (paragraph.length <= max ? [paragraph] : paragraph.split(/(?<=[.!?])\s+/)))
    .flatMap((sentence) => (sentence.length <= max ? [sentence] : splitWords(sentence, max)));
  const messages: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joiner = current ? (current.endsWith('\n') ? '' : '\n\n') : '';
    if ((current + joiner + piece).length <= max) {
      current = current + joiner + piece;
    } else {
      if (current) messages.push(current);
      current = piece;
    }
  }
  if (current) messages.push(current);
  return messages;
}

function splitWords(sentence: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of sentence.split(/\s+/)) {
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length <= max) current = candidate;
    else {
      if (current) out.push(current);
      current = word.length <= max ? word : word.slice(0, max);
    }
  }
  if (current) out.push(current);
  return out;
}
