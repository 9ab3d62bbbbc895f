import { expandMacros, widenSpaces, type CompiledContextCues } from './compile-rules';
import type { RiskSubject } from './risk-level';
import type { ContextCues } from './risk-rule-set';

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

/** A death that has happened: the person named is bereaved-for, not at risk. "nearly died" is not one. */
const COMPLETED_DEATH =
  /(?<![a-z0-9])(?<!(?:nearly|almost|could have|couldve|might have|mightve|would have|wouldve|may have|nearly have) )(?:died|passed away|passed on|killed (?:himself|herself|themselves|themself)|took (?:his|her|their) own life|committed suicide|funeral)(?![a-z0-9])/;
/** "sent me a text", "told me her teacher …", "said goodbye to me": the speaker only receives the report. */
const MESSAGE_TO_SPEAKER =
  /(?<![a-z0-9])(?:sent|send|sends|sending|texted|text|texts|txted|txt|told|tell|tells|telling|messaged|message|messages|rang|ring|rings|called|calls|phoned|showed|shows|snapped|snapchatted|emailed|wrote|asked|asks|warned|said (?:goodbye |bye )?to|says (?:goodbye |bye )?to|goodbye to|bye to)[\s,]+(?:me|us)$/;
/** The speaker starting their own statement inside the match: "died last month and i wish it was me". */
const SPEAKER_RESTART = /(?<![a-z0-9])(?:i|im|ive|i am|iam|imma)(?![a-z0-9])/;

/** Any clause break, found anywhere (CLAUSE_BREAK finds the last one). */
const CLAUSE_BREAK_ANYWHERE = /[,:(]|(?<![a-z0-9])(?:but|and|so|because|cos|coz|cuz|though|although|however|except|yet|whereas|while|then|plus|or)(?![a-z0-9])/;
/** The speaker starting a new statement: "i wont lie i want to die" — the "wont" is about lying, not the risk. */
const FIRST_PERSON_RESTART = /(?<![a-z0-9])(?:i|im|ive|id|ill|i am|iam)(?![a-z0-9])/;
/** Words just before a negation cue that make it a condition, not a denial: "if things dont get better i will end it". */
const CONDITION_BEFORE_CUE = /(?<![a-z0-9])(?:if|unless|or else)[\s,]+(?:[a-z0-9]+[\s,]+){0,2}?$/;
/** Characters either side of a match kept when re-trying the rule without a negation (room for look-arounds). */
const RETRY_WINDOW = 120;

/** Cues read inside a rule match, compiled once per rule set from the same data as the compiled context cues. */
export interface ContextReadingCues {
  /** Negation cues, unanchored and global: where a negation sits inside a match. */
  readonly cue: RegExp;
  readonly exception: RegExp;
  /** A person noun without "my"/"a" ("dad is hitting mum", "hubby has taken …"), from the PERSON macro; null without one. */
  readonly personNoun: RegExp | null;
}

/** What reading inside a match needs: the cues, a way to re-try the matched rule on edited text, and its kind. */
export interface InsideReading {
  readonly cues: ContextReadingCues;
  /** Does the rule (whose match is being assessed) match `text` starting exactly at `at`? */
  ruleMatchesAt(text: string, at: number): boolean;
  /** The rule describes an experience of the person having it (psychosis): people it names are not the subject. */
  readonly experienceOfSpeaker: boolean;
}

function wordEdged(patterns: readonly string[], macros: Record<string, string>, where: string): RegExp {
  if (patterns.length === 0) return /(?!)/g;
  const bodies = patterns.map((pattern, i) => widenSpaces(expandMacros(pattern, macros, `${where} #${i + 1}`)));
  return new RegExp(`\\b(?:${bodies.join('|')})\\b`, 'g');
}

/** Built once per rule set, from the same cue data as the compiled (anchored) context cues. */
export function compileContextReading(context: ContextCues, macros: Record<string, string>): ContextReadingCues {
  const person = macros.PERSON;
  return {
    cue: wordEdged(context.negation, macros, 'context negation'),
    exception: wordEdged(context.negationExceptions, macros, 'context negationExceptions'),
    personNoun: person === undefined ? null : new RegExp(`(?:${widenSpaces(expandMacros(person, macros, 'macro PERSON'))})s?\\b`, 'y'),
  };
}

export interface MatchContext {
  negated: boolean;
  past: boolean;
  hypothetical: boolean;
  subject: RiskSubject;
  /** False when no words said whose risk it is (subject is then the speaker by default). */
  subjectNamed: boolean;
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

/**
 * Reads the words around one rule match to decide negation, distant past, hypothetical framing and subject.
 * With `inside`, a negation written inside the match is read too (see negatedInside).
 */
export function assessContext(text: string, start: number, end: number, cues: CompiledContextCues, inside?: InsideReading): MatchContext {
  const { from, to } = sentenceBounds(text, start, end);
  const before = text.slice(from, start);
  const matched = text.slice(start, end);
  const after = text.slice(end, to);
  const sentence = text.slice(from, to);

  const clauseBefore = before.replace(CLAUSE_BREAK, '');
  const negatedBefore =
    cues.negation.test(clauseBefore) &&
    !cues.negationException.test(clauseBefore) &&
    !(inside !== undefined && lastCueIsConditional(clauseBefore, inside.cues.cue));
  const negated = negatedBefore || (inside !== undefined && negatedInside(text, start, end, inside));

  // "I used to cut, but now I want to die": a later "but"/"now" ends what the history marker covers.
  const pastScopeBefore = before.replace(CONTRAST_BREAK, '');
  // After the match, history words only count inside the same clause: "i want to die, i used to be happy" is current.
  const pastScopeAfter = after.split(/[,;:]|(?<![a-z0-9])(?:but|however|although|though|yet|now|and|so|because|cos|coz)(?![a-z0-9])/)[0];
  const past = cues.pastMatcher.test(pastScopeBefore + matched + pastScopeAfter);

  const hypothetical = cues.hypotheticalMatcher.test(sentence);

  const { subject, named } = subjectOf(before, matched, after, cues, inside?.cues.personNoun ?? null, inside?.experienceOfSpeaker ?? false);
  return { negated, past, hypothetical, subject, subjectNamed: named, sentence };
}

/**
 * A negation cue inside the match ("ill never kill myself", matched whole by "{INTENT} … kill myself") negates it
 * when the rule did not need the cue: the rule still matches at the same place with the cue removed. A cue the
 * pattern itself requires ("dont want to live", "cant go on", "never want to wake up") is part of what the rule
 * means and negates nothing, so it is never read twice. The cue's scope ends at a clause break or when the
 * speaker starts a new statement ("i wont lie i want to die"), and negation exceptions ("not ok", "no one")
 * cancel it, as they do before a match.
 */
function negatedInside(text: string, start: number, end: number, inside: InsideReading): boolean {
  const { cue, exception } = inside.cues;
  const matched = text.slice(start, end);
  cue.lastIndex = 0;
  let found: RegExpExecArray | null;
  while ((found = cue.exec(matched)) !== null) {
    if (found[0].length === 0) {
      cue.lastIndex++;
      continue;
    }
    const cueStart = start + found.index;
    const cueEnd = cueStart + found[0].length;
    const rest = text.slice(cueEnd, end);
    if (!/[a-z0-9]/.test(rest) || CLAUSE_BREAK_ANYWHERE.test(rest) || FIRST_PERSON_RESTART.test(rest)) continue;
    if (overlapsException(text, cueStart, cueEnd, exception)) continue;
    if (CONDITION_BEFORE_CUE.test(text.slice(Math.max(0, cueStart - RETRY_WINDOW), cueStart))) continue;
    const from = Math.max(0, start - RETRY_WINDOW);
    const to = Math.min(text.length, end + RETRY_WINDOW);
    for (const [cutFrom, cutTo] of negatingParts(text, cueStart, cueEnd, cue)) {
      const resumeAt = cutTo + (/^[\s,]*/.exec(text.slice(cutTo, end))?.[0].length ?? 0);
      const without = text.slice(from, cutFrom) + text.slice(resumeAt, to);
      if (inside.ruleMatchesAt(without, start - from)) return true;
    }
    cue.lastIndex = found.index + found[0].length;
  }
  return false;
}

/** The last negation cue in the clause is a condition ("if i dont get help …"), so it denies nothing. */
function lastCueIsConditional(clauseBefore: string, cue: RegExp): boolean {
  cue.lastIndex = 0;
  let lastStart = -1;
  let found: RegExpExecArray | null;
  while ((found = cue.exec(clauseBefore)) !== null) {
    if (found[0].length === 0) {
      cue.lastIndex++;
      continue;
    }
    lastStart = found.index;
  }
  return lastStart >= 0 && CONDITION_BEFORE_CUE.test(clauseBefore.slice(0, lastStart));
}

/**
 * What to cut to take the negation out: each word of the cue that is a negation cue on its own ("never" in
 * "will never"), then the whole cue ("no plans").
 */
function negatingParts(text: string, cueStart: number, cueEnd: number, cue: RegExp): [number, number][] {
  const parts: [number, number][] = [];
  const words = /[a-z0-9]+/g;
  const cueText = text.slice(cueStart, cueEnd);
  let word: RegExpExecArray | null;
  while ((word = words.exec(cueText)) !== null) {
    if (word[0].length === cueText.length) break;
    cue.lastIndex = 0;
    const alone = cue.exec(word[0]);
    if (alone !== null && alone[0] === word[0]) parts.push([cueStart + word.index, cueStart + word.index + word[0].length]);
  }
  parts.push([cueStart, cueEnd]);
  return parts;
}

function overlapsException(text: string, cueStart: number, cueEnd: number, exception: RegExp): boolean {
  const from = Math.max(0, cueStart - RETRY_WINDOW);
  const window = text.slice(from, Math.min(text.length, cueEnd + RETRY_WINDOW));
  exception.lastIndex = 0;
  let found: RegExpExecArray | null;
  while ((found = exception.exec(window)) !== null) {
    if (found[0].length === 0) {
      exception.lastIndex++;
      continue;
    }
    const exStart = from + found.index;
    if (exStart < cueEnd && exStart + found[0].length > cueStart) return true;
    if (exStart >= cueEnd) return false;
  }
  return false;
}

/**
 * Whose risk a match is about, and whether the words said so (`named`) or it is the default (the speaker).
 * - A completed death ("my grandad died", "my brother killed himself 3 years ago") is about the bereaved speaker:
 *   the person who died is not the one at risk.
 * - Reflexives decide it ("kill myself" / "hurt himself"), and so does the speaker's own absence ("without me").
 * - Otherwise the acting person is the one named at the start of the match — a person as its first words ("dad is
 *   hitting mum", "my son's not breathing"), or a subject pronoun within its first words ("hes turned blue",
 *   "said theyll kill me") — or else the last one named before it in the sentence ("my son says he …").
 *   A person named later in the match is an object ("i want to hurt my dad", "took my nans tablets").
 * - When that person is someone else but the speaker is the object of what they do, in the match or the rest of
 *   its clause ("my partner hits me", "they put a tracker in my arm", "hes going to kill me"), or the speaker
 *   starts their own statement inside the match ("… died and i wish it was me"), the person at risk is the
 *   speaker. Receiving a report is not being the object ("my sister texted me saying goodbye" stays other), nor
 *   is another person of the speaker's ("my dad hits my mum" stays other).
 * - Psychotic experiences name other people as actors ("they put thoughts in my head", "a woman's voice"); they
 *   are the speaker's unless someone else is named before the match ("my son hears voices").
 */
export function subjectOf(
  before: string,
  matched: string,
  after: string,
  cues: CompiledContextCues,
  personNoun: RegExp | null,
  experienceOfSpeaker = false,
): { subject: RiskSubject; named: boolean } {
  // Bereavement is the speaker's only when nobody else is named as at risk: "mum has been down since dad died".
  if (COMPLETED_DEATH.test(matched)) return { subject: 'self', named: false };
  if (REFLEXIVE_SELF.test(matched) || FIRST_PERSON_CONDITION.test(matched)) return { subject: 'self', named: true };
  if (REFLEXIVE_OTHER.test(matched)) return { subject: 'other', named: true };
  const head = experienceOfSpeaker ? null : subjectAtHead(matched, cues, personNoun);
  if (head !== null && head.subject === 'self') return { subject: 'self', named: true };
  // The speaker named earlier in the sentence ("i saw the marks on his arms") is only the default, not a claim.
  const subject = head?.subject ?? lastSubjectBefore(before, cues, personNoun, experienceOfSpeaker);
  if (subject === 'self') return { subject: 'self', named: false };
  if (!experienceOfSpeaker) {
    const rest = matched.slice(head?.end ?? 0);
    const clauseAfter = after.split(CLAUSE_BREAK_ANYWHERE)[0];
    if (speakerIsObject(`${rest} ${clauseAfter}`, personNoun) || SPEAKER_RESTART.test(rest)) return { subject: 'self', named: true };
  }
  return { subject: 'other', named: true };
}

/** How many words a subject pronoun may follow at the start of a match: "said theyll …", "and now hes …". */
const HEAD_WORDS = 2;
/** Pronouns that can only be the subject ("he", not "him"); "someone" may be an object ("kill someone"). */
const SUBJECT_PRONOUN = /^(?:he|she|they|hes|shes|theyre|theyve|hed|shed|theyd|hell|shell|theyll|he is|she is|they are|he has|she has|they have|i|im|ive|id|ill|i am|i have|i will|iam|imma)$/;
/** Words that may come before the speaker's own "i"/"im" at the start of a match. */
const FILLER_LEAD = /^[\s,]*(?:(?:and|so|but|then|now|honestly|just|tbh|ngl|like|cos|because|because|literally|seriously|really|ok|okay|yeah|well)[\s,]+){1,2}$/;
/** Actors a persecutory experience names without saying who: "they", "someone", "people". */
const UNNAMED_ACTORS = /^(?:they|theyre|theyve|theyd|theyll|they are|they have|someone|somebody|people|ppl)$/;
/** A pronoun after these starts a subordinate clause: "scratching my arms till they bleed". */
const SUBORDINATE_LEAD = /(?<![a-z0-9])(?:till|til|until|when|whenever|before|after|if|unless|once|while|whilst)[\s,]+$/;

function subjectAtHead(matched: string, cues: CompiledContextCues, personNoun: RegExp | null): { subject: RiskSubject; end: number } | null {
  const bare = bareNounAt(matched, 0, personNoun, 1);
  if (bare !== null && bare.start === firstWordAt(matched, 0)) return { subject: 'other', end: bare.end };
  const finder = cues.subject;
  finder.lastIndex = 0;
  const found = finder.exec(matched);
  if (found === null || found[0].length === 0) return null;
  const lead = matched.slice(0, found.index);
  const words = wordCount(lead);
  const pronoun = SUBJECT_PRONOUN.test(found[0]);
  // A named person ("my son") leads the match; a subject pronoun may follow a word or two ("said theyll").
  if (words > 0 && (!pronoun || words > HEAD_WORDS || SUBORDINATE_LEAD.test(lead))) return null;
  if (found[1] === undefined) {
    if (!pronoun) return null; // "me", "myself": the speaker as object, not subject
    // "thinks im poisoning him": the speaker inside someone else's words; "and im …", "honestly i …" lead.
    if (words > 0 && !FILLER_LEAD.test(lead)) return null;
  }
  return { subject: found[1] !== undefined ? 'other' : 'self', end: found.index + found[0].length };
}

function lastSubjectBefore(before: string, cues: CompiledContextCues, personNoun: RegExp | null, experienceOfSpeaker: boolean): RiskSubject {
  let subject: RiskSubject | null = null;
  const finder = cues.subject;
  finder.lastIndex = 0;
  let found: RegExpExecArray | null;
  while ((found = finder.exec(before)) !== null) {
    if (found[0].length === 0) {
      finder.lastIndex++;
      continue;
    }
    // "my mate texted me from the car park …": the speaker as object ("me") does not replace the person named.
    if (found[1] === undefined && !SUBJECT_PRONOUN.test(found[0])) continue;
    // "they put a tracker in my arm": in a psychotic experience "they"/"someone" are its persecutors, not a subject.
    if (experienceOfSpeaker && UNNAMED_ACTORS.test(found[0])) continue;
    subject = found[1] !== undefined ? 'other' : 'self';
  }
  if (subject !== null) return subject;
  // "hubby has taken all his tablets": a sentence that opens with a person noun is about that person.
  const bare = bareNounAt(before, 0, personNoun, 1);
  return bare !== null && bare.start === firstWordAt(before, 0) ? 'other' : 'self';
}

/** A person noun starting at one of the first `words` words of `text` from `from`. */
function bareNounAt(text: string, from: number, personNoun: RegExp | null, words = 2): { start: number; end: number } | null {
  if (personNoun === null) return null;
  const word = /[a-z0-9]+/g;
  word.lastIndex = from;
  for (let i = 0; i < words; i++) {
    const found = word.exec(text);
    if (found === null) return null;
    personNoun.lastIndex = found.index;
    const noun = personNoun.exec(text);
    if (noun !== null) return { start: found.index, end: found.index + noun[0].length };
  }
  return null;
}

function firstWordAt(text: string, from: number): number {
  const word = /[a-z0-9]/g;
  word.lastIndex = from;
  return word.exec(text)?.index ?? -1;
}

function wordCount(text: string): number {
  return text.match(/[a-z0-9]+/g)?.length ?? 0;
}

/** The speaker as object of what someone else does: "hits me", "in my arm", "my drink" — not "my mum", "told me". */
function speakerIsObject(rest: string, personNoun: RegExp | null): boolean {
  const object = /(?<![a-z0-9])(?:me|my)(?![a-z0-9])/g;
  let found: RegExpExecArray | null;
  while ((found = object.exec(rest)) !== null) {
    const end = found.index + found[0].length;
    if (found[0] === 'my' && bareNounAt(rest, end, personNoun) !== null) continue;
    if (!MESSAGE_TO_SPEAKER.test(rest.slice(0, end))) return true;
  }
  return false;
}
