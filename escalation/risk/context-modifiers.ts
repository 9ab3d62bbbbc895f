import type { CompiledContextCues } from './compile-rules';
import type { RiskSubject } from './risk-level';

/** How far either side of a match the context is read; keeps screening linear on very long messages. */
const CONTEXT_WINDOW = 240;
/** Sentence ends: . ! ? ; and newline (char codes, checked per character). */
function isSentenceEnd(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 59 || code === 10;
}
const CLAUSE_BREAK = /.*(?:[,:(]|(?<![a-z0-9])(?:but|and|so|because|cos|coz|cuz|though|although|however|except|yet|whereas|while|then|plus|or)(?![a-z0-9]))/s;
const CONTRAST_BREAK = /.*(?<![a-z0-9])(?:but|however|although|though|yet|now|these days|at the moment|atm|currently|tonight|today|again)(?![a-z0-9])/s;
const REFLEXIVE_SELF = /(?<![a-z0-9])(?:myself|meself|my self|my own)(?![a-z0-9])/;
/** "my family would be better off without me": the family is named, but the person at risk is the speaker. */
const FIRST_PERSON_CONDITION = /(?<![a-z0-9])(?:without me|if i (?:was|were|wasnt|werent|died|did)|if im (?:gone|dead|not)|when im (?:gone|dead))(?![a-z0-9])/;
const REFLEXIVE_OTHER = /(?<![a-z0-9])(?:himself|herself|themselves|themself|his own|her own|their own)(?![a-z0-9])/;

export interface MatchContext {
  negated: boolean;
  past: boolean;
  hypothetical: boolean;
  subject: RiskSubject;
  /** The sentence around the match (bounded), for rules that are softened by nearby words. */
  sentence: string;
}

function sentenceBounds(text: string, start: number, end: number): { from: number; to: number } {
  let from = start;
  const minFrom = Math.max(0, start - CONTEXT_WINDOW);
  while (from > minFrom && !isSentenceEnd(text.charCodeAt(from - 1))) from--;
  let to = end;
  const maxTo = Math.min(text.length, end + CONTEXT_WINDOW);
  while (to < maxTo && !isSentenceEnd(text.charCodeAt(to))) to++;
  return { from, to };
}

/** Reads the words around one rule match to decide negation, distant past, hypothetical framing and subject. */
export function assessContext(text: string, start: number, end: number, cues: CompiledContextCues): MatchContext {
  const { from, to } = sentenceBounds(text, start, end);
  const before = text.slice(from, start);
  const matched = text.slice(start, end);
  const after = text.slice(end, to);
  const sentence = text.slice(from, to);

  const clauseBefore = before.replace(CLAUSE_BREAK, '');
  const negated = cues.negation.test(clauseBefore) && !cues.negationException.test(clauseBefore);

  // "I used to cut, but now I want to die": a later "but"/"now" ends what the history marker covers.
  const pastScopeBefore = before.replace(CONTRAST_BREAK, '');
  // After the match, history words only count inside the same clause: "i want to die, i used to be happy" is current.
  const pastScopeAfter = after.split(/[,;:]|(?<![a-z0-9])(?:but|however|although|though|yet|now|and|so|because|cos|coz)(?![a-z0-9])/)[0];
  const past = cues.pastMatcher.test(pastScopeBefore + matched + pastScopeAfter);

  const hypothetical = cues.hypotheticalMatcher.test(sentence);

  return { negated, past, hypothetical, subject: subjectOf(before, matched, cues), sentence };
}

function subjectOf(before: string, matched: string, cues: CompiledContextCues): RiskSubject {
  if (REFLEXIVE_SELF.test(matched) || FIRST_PERSON_CONDITION.test(matched)) return 'self';
  if (REFLEXIVE_OTHER.test(matched)) return 'other';
  let subject: RiskSubject = 'self';
  const finder = cues.subject;
  finder.lastIndex = 0;
  let found: RegExpExecArray | null;
  while ((found = finder.exec(before)) !== null) {
    if (found[0].length === 0) {
      finder.lastIndex++;
      continue;
    }
    subject = found[1] !== undefined ? 'other' : 'self';
  }
  return subject;
}
