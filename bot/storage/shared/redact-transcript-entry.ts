import type { ScreeningResult } from '../../../escalation/risk/screening-result';
import type { TranscriptEntry } from '../transcript-store';

/**
 * What survives a person's "delete my data": when and which way a message went, and which
 * risk rules fired at what level (needed to explain any escalation). Free text, including the
 * matched spans inside the screening result, is removed.
 */
export function redactTranscriptEntry(entry: TranscriptEntry): TranscriptEntry {
  const redacted: TranscriptEntry = {
    id: entry.id,
    conversationId: entry.conversationId,
    channel: entry.channel,
    direction: entry.direction,
    at: entry.at,
    type: entry.type,
  };
  if (entry.screening) redacted.screening = redactScreening(entry.screening);
  return redacted;
}

function redactScreening(screening: ScreeningResult): ScreeningResult {
  return {
    level: screening.level,
    subject: screening.subject,
    flags: [...screening.flags],
    rulesVersion: screening.rulesVersion,
    matches: screening.matches.map((match) => ({
      ruleId: match.ruleId,
      category: match.category,
      ruleLevel: match.ruleLevel,
      level: match.level,
      modifiers: [...match.modifiers],
      text: '',
      start: 0,
      end: 0,
    })),
  };
}

/** True when erasing would change the entry, so a repeated erase reports 0 entries affected. */
export function hasErasableText(entry: TranscriptEntry): boolean {
  if (entry.text !== undefined) return true;
  return entry.screening?.matches.some((m) => m.text !== '' || m.start !== 0 || m.end !== 0) ?? false;
}
