import { BreakFinder, isWordChar } from './clause-breaks';
import type { CompiledContextCues } from './compile-rules';
import type { CueSpotter, SpottedCues } from './cue-spotter';
import type { RiskSubject } from './risk-level';

/** How far either side of a match the context is read; keeps screening linear on very long messages. */
const CONTEXT_WINDOW = 240;
/** Sentence ends: . ! ? ; and newline (char codes, checked per character). */
function isSentenceEnd(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 59 || code === 10;
}
/** What ends a clause: `[,:(]` or a joining word (`(?<![a-z0-9])(?:but|and|…)(?![a-z0-9])`). */
const CLAUSE_BREAKS = new BreakFinder(',:(', 'but|and|so|because|cos|coz|cuz|though|although|however|except|yet|whereas|while|then|plus|or'.split('|'));
/** What ends the scope of a history marker before a match: "I used to cut, but now I want to die". */
const CONTRAST_BREAKS = new BreakFinder('', 'but|however|although|though|yet|now|these days|at the moment|atm|currently|tonight|today|again'.split('|'));
/** What ends the scope of a history marker after a match: "i want to die, i used to be happy" is current. */
const PAST_SCOPE_AFTER_BREAKS = new BreakFinder(',;:', 'but|however|although|though|yet|now|and|so|because|cos|coz'.split('|'));
const REFLEXIVE_SELF = /(?<![a-z0-9])(?:myself|meself|my self|my own)(?![a-z0-9])/;
/** "my family would be better off without me": the family is named, but the person at risk is the speaker. */
const FIRST_PERSON_CONDITION =
  /(?<![a-z0-9])(?:without me|if i (?:was|were|wasnt|werent|died|did)|if im (?:gone|dead|not)|when im (?:gone|dead))(?![a-z0-9])/;
const REFLEXIVE_OTHER = /(?<![a-z0-9])(?:himself|herself|themselves|themself|his own|her own|their own)(?![a-z0-9])/;

/** A death that has happened: the person named is bereaved-for, not at risk. "nearly died" is not one. */
const COMPLETED_DEATH =
  /(?<![a-z0-9])(?<!(?:nearly|almost|could have|couldve|might have|mightve|would have|wouldve|may have|nearly have) )(?:died|passed away|passed on|killed (?:himself|herself|themselves|themself)|took (?:his|her|their) own life|committed suicide|funeral)(?![a-z0-9])/;
/** "sent me a text", "told me her teacher …", "said goodbye to me": the speaker only receives the report. */
const MESSAGE_TO_SPEAKER =
  /(?<![a-z0-9])(?:sent|send|sends|sending|texted|text|texts|txted|txt|told|tell|tells|telling|messaged|message|messages|rang|ring|rings|called|calls|phoned|showed|shows|snapped|snapchatted|emailed|wrote|asked|asks|warned|said (?:goodbye |bye )?to|says (?:goodbye |bye )?to|goodbye to|bye to)[\s,]+(?:me|us)$/;
/** The speaker starting their own statement inside the match: "died last month and i wish it was me". */
const SPEAKER_RESTART = /(?<![a-z0-9])(?:i|im|ive|i am|iam|imma)(?![a-z0-9])/;
/**
 * Later in the sentence the speaker says what they will do as a result, or that they are hiding or have access:
 * "he told me to jump so im going to", "hes breaking the door down and im hiding", "dads got a shotgun and i know
 * where the key is". Kept that narrow: "and im going to the hospital", "and i dont know what to do" or "and i want
 * to help" leave a report about someone else.
 */
const SPEAKER_ACTS_AFTER =
  /(?<![a-z0-9])(?:so[\s,]+(?:im|i am|ill|i will|imma|i)[\s,]+(?:going to|gonna|about to|will|do it)|(?:and|but|now)[\s,]+(?:im|i am|i)[\s,]+(?:hiding|locked in|trapped|know where))(?![a-z0-9])/;
/** Person nouns that are also common words of other languages when bare ("mam dosc" is Polish for "i have had enough"). */
const AMBIGUOUS_BARE_NOUNS = new Set(['mam']);

/** The speaker starting a new statement: "i wont lie i want to die" — the "wont" is about lying, not the risk. */
const FIRST_PERSON_RESTART = new BreakFinder('', 'i|im|ive|id|ill|i am|iam'.split('|'));
/** Words just before a negation cue that make it a condition, not a denial: "if things dont get better i will end it". */
const CONDITION_BEFORE_CUE = /(?<![a-z0-9])(?:if|unless|or else)[\s,]+(?:[a-z0-9]+[\s,]+){0,2}?$/;
/** Characters either side of a match kept when re-trying the rule without a negation (room for look-arounds). */
const RETRY_WINDOW = 120;

/** Cues read inside a rule match, compiled once per rule set with the other context cues (compile-rules.ts). */
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

/** What the words before a match position say; the same for every match starting there. */
interface BeforeMatch {
  /** Sentence start (bounded by the context window). */
  readonly from: number;
  negated?: boolean;
  contrastFrom?: number;
  lastSubject?: RiskSubject;
  lastSubjectOfExperience?: RiskSubject;
}

/**
 * Reads the words around the rule matches of one message (its text with innocent uses blanked) to decide negation,
 * distant past, hypothetical framing and subject. Each reading is asked for only when the match needs it, and
 * what several matches share (the words before a start, a sentence, a history scope, a span's subject) is read
 * once per message. Every answer is a function of the text and the positions only, so caching changes nothing.
 */
export class MessageContext {
  private readonly before = new Map<number, BeforeMatch>();
  private readonly sentenceEnds = new Map<number, number>();
  private readonly hypotheticals = new Map<number, boolean>();
  private readonly pasts = new Map<number, boolean>();
  private readonly subjects = new Map<number, { subject: RiskSubject; named: boolean }>();
  /** Span keys are start × stride + end: unique per span of this text. */
  private readonly stride: number;
  /** Where the history and hypothetical cues could start in the whole text; found on first use. */
  private spotted: SpottedCues | null = null;

  /** With a `spotter` (groups: past, hypothetical), those cues are found in one pass over the text. */
  constructor(
    readonly text: string,
    private readonly cues: CompiledContextCues,
    private readonly reading: ContextReadingCues,
    private readonly spotter: CueSpotter | null = null,
  ) {
    this.stride = text.length + 1;
  }

  /** Does cue group `group` (0 past, 1 hypothetical) match `text[lo, hi)`? Same answer as `matcher.test(slice)`. */
  private cueIn(group: number, lo: number, hi: number, matcher: { test(text: string): boolean }): boolean {
    if (this.spotter === null) return matcher.test(this.text.slice(lo, hi));
    this.spotted ??= this.spotter.spot(this.text);
    return this.spotted.test(group, lo, hi, (slice) => matcher.test(slice));
  }

  private beforeMatch(start: number): BeforeMatch {
    let facts = this.before.get(start);
    if (facts === undefined) {
      const { text } = this;
      let from = start;
      const minFrom = Math.max(0, start - CONTEXT_WINDOW);
      while (from > minFrom && !isSentenceEnd(text.charCodeAt(from - 1))) from--;
      facts = { from };
      this.before.set(start, facts);
    }
    return facts;
  }

  /** Sentence end after a match ending at `end` (bounded by the context window). */
  private sentenceEnd(end: number): number {
    let to = this.sentenceEnds.get(end);
    if (to === undefined) {
      const { text } = this;
      to = end;
      const maxTo = Math.min(text.length, end + CONTEXT_WINDOW);
      while (to < maxTo && !isSentenceEnd(text.charCodeAt(to))) to++;
      this.sentenceEnds.set(end, to);
    }
    return to;
  }

  /** The sentence around the match (bounded), for rules that are softened by nearby words. */
  sentence(start: number, end: number): string {
    return this.text.slice(this.beforeMatch(start).from, this.sentenceEnd(end));
  }

  /** A negation cue in the clause before the match, or (with `inside`) one the rule let through inside it. */
  negated(start: number, end: number, inside: InsideReading): boolean {
    const facts = this.beforeMatch(start);
    if (facts.negated === undefined) {
      const { text, cues } = this;
      // The clause before the match: after the last clause break between the sentence start and the match.
      const clauseBreak = CLAUSE_BREAKS.lastEnd(text, facts.from, start);
      const clauseBefore = text.slice(clauseBreak < 0 ? facts.from : clauseBreak, start);
      facts.negated =
        cues.negation.test(clauseBefore) && !cues.negationException.test(clauseBefore) && !lastCueIsConditional(clauseBefore, this.reading.cue);
    }
    return facts.negated || negatedInside(this.text, start, end, inside);
  }

  /** A history marker in the match's scope: its clause after it, and before it up to a contrast ("but now"). */
  past(start: number, end: number): boolean {
    const facts = this.beforeMatch(start);
    const { text } = this;
    // "I used to cut, but now I want to die": a later "but"/"now" ends what the history marker covers.
    if (facts.contrastFrom === undefined) {
      const contrast = CONTRAST_BREAKS.lastEnd(text, facts.from, start);
      facts.contrastFrom = contrast < 0 ? facts.from : contrast;
    }
    // After the match, history words only count inside the same clause: "i want to die, i used to be happy" is current.
    const to = this.sentenceEnd(end);
    const scopeBreak = PAST_SCOPE_AFTER_BREAKS.firstStart(text, end, to);
    const scopeTo = scopeBreak < 0 ? to : scopeBreak;
    const key = facts.contrastFrom * this.stride + scopeTo;
    let past = this.pasts.get(key);
    if (past === undefined) {
      past = this.cueIn(0, facts.contrastFrom, scopeTo, this.cues.pastMatcher);
      this.pasts.set(key, past);
    }
    return past;
  }

  /** Hypothetical framing or a question about the service anywhere in the sentence. */
  hypothetical(start: number, end: number): boolean {
    const from = this.beforeMatch(start).from;
    const to = this.sentenceEnd(end);
    const key = from * this.stride + to;
    let hypothetical = this.hypotheticals.get(key);
    if (hypothetical === undefined) {
      hypothetical = this.cueIn(1, from, to, this.cues.hypotheticalMatcher);
      this.hypotheticals.set(key, hypothetical);
    }
    return hypothetical;
  }

  /** Whose risk the match is about, and whether words said so; see subjectOf. */
  subject(start: number, end: number, experienceOfSpeaker: boolean): { subject: RiskSubject; named: boolean } {
    const key = (start * this.stride + end) * 2 + (experienceOfSpeaker ? 1 : 0);
    let found = this.subjects.get(key);
    if (found === undefined) {
      const facts = this.beforeMatch(start);
      found = subjectOf(
        {
          text: this.text,
          from: facts.from,
          start,
          end,
          to: this.sentenceEnd(end),
        },
        this.cues,
        this.reading.personNoun,
        experienceOfSpeaker,
        () => {
          const known = experienceOfSpeaker ? facts.lastSubjectOfExperience : facts.lastSubject;
          if (known !== undefined) return known;
          const subject = lastSubjectBefore(this.text.slice(facts.from, start), this.cues, this.reading.personNoun, experienceOfSpeaker);
          if (experienceOfSpeaker) facts.lastSubjectOfExperience = subject;
          else facts.lastSubject = subject;
          return subject;
        },
      );
      this.subjects.set(key, found);
    }
    return found;
  }
}

/** A match at [start, end) in its sentence [from, to) of `text`. */
export interface MatchInSentence {
  readonly text: string;
  readonly from: number;
  readonly start: number;
  readonly end: number;
  readonly to: number;
}

function hasWordChar(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isWordChar(text.charCodeAt(i))) return true;
  return false;
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
    if (
      !hasWordChar(text, cueEnd, end) ||
      CLAUSE_BREAKS.firstStart(text, cueEnd, end) >= 0 ||
      FIRST_PERSON_RESTART.firstStart(text, cueEnd, end) >= 0
    ) {
      continue;
    }
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
  at: MatchInSentence,
  cues: CompiledContextCues,
  personNoun: RegExp | null,
  experienceOfSpeaker: boolean,
  subjectBefore: () => RiskSubject = () => lastSubjectBefore(at.text.slice(at.from, at.start), cues, personNoun, experienceOfSpeaker),
): { subject: RiskSubject; named: boolean } {
  const { text, start, end, to } = at;
  const matched = text.slice(start, end);
  // Bereavement is the speaker's only when nobody else is named as at risk: "mum has been down since dad died".
  if (COMPLETED_DEATH.test(matched)) return { subject: 'self', named: false };
  if (REFLEXIVE_SELF.test(matched) || FIRST_PERSON_CONDITION.test(matched)) return { subject: 'self', named: true };
  if (REFLEXIVE_OTHER.test(matched)) return { subject: 'other', named: true };
  const head = experienceOfSpeaker ? null : subjectAtHead(matched, cues, personNoun);
  if (head !== null && head.subject === 'self') return { subject: 'self', named: true };
  // The speaker named earlier in the sentence ("i saw the marks on his arms") is only the default, not a claim.
  const subject = head?.subject ?? subjectBefore();
  if (subject === 'self') return { subject: 'self', named: false };
  if (!experienceOfSpeaker) {
    const rest = matched.slice(head?.end ?? 0);
    const clauseEnd = CLAUSE_BREAKS.firstStart(text, end, to);
    const clauseAfter = text.slice(end, clauseEnd < 0 ? to : clauseEnd);
    if (speakerIsObject(`${rest} ${clauseAfter}`, personNoun) || SPEAKER_RESTART.test(rest)) return { subject: 'self', named: true };
    if (SPEAKER_ACTS_AFTER.test(text.slice(end, to))) return { subject: 'self', named: true };
  }
  return { subject: 'other', named: true };
}

/** How many words a subject pronoun may follow at the start of a match: "said theyll …", "and now hes …". */
const HEAD_WORDS = 2;
/** Pronouns that can only be the subject ("he", not "him"); "someone" may be an object ("kill someone"). */
const SUBJECT_PRONOUN =
  /^(?:he|she|they|hes|shes|theyre|theyve|hed|shed|theyd|hell|shell|theyll|he is|she is|they are|he has|she has|they have|i|im|ive|id|ill|i am|i have|i will|iam|imma)$/;
/** Words that may come before the speaker's own "i"/"im" at the start of a match. */
const FILLER_LEAD =
  /^[\s,]*(?:(?:and|so|but|then|now|honestly|just|tbh|ngl|like|cos|because|because|literally|seriously|really|ok|okay|yeah|well)[\s,]+){1,2}$/;
/** Actors a persecutory experience names without saying who: "they", "someone", "people". */
const UNNAMED_ACTORS = /^(?:they|theyre|theyve|theyd|theyll|they are|they have|someone|somebody|people|ppl)$/;
/** A pronoun after these starts a subordinate clause: "scratching my arms till they bleed". */
const SUBORDINATE_LEAD = /(?<![a-z0-9])(?:till|til|until|when|whenever|before|after|if|unless|once|while|whilst)[\s,]+$/;

function subjectAtHead(matched: string, cues: CompiledContextCues, personNoun: RegExp | null): { subject: RiskSubject; end: number } | null {
  const bare = unambiguous(matched, bareNounAt(matched, 0, personNoun, 1));
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
  return {
    subject: found[1] !== undefined ? 'other' : 'self',
    end: found.index + found[0].length,
  };
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
  const bare = unambiguous(before, bareNounAt(before, 0, personNoun, 1));
  return bare !== null && bare.start === firstWordAt(before, 0) ? 'other' : 'self';
}

function unambiguous(text: string, noun: { start: number; end: number } | null): { start: number; end: number } | null {
  return noun !== null && AMBIGUOUS_BARE_NOUNS.has(text.slice(noun.start, noun.end)) ? null : noun;
}

/** A person noun starting at one of the first `words` words of `text` from `from`. */
function bareNounAt(text: string, from: number, personNoun: RegExp | null, words = 2): { start: number; end: number } | null {
  if (personNoun === null) return null;
  let at = from;
  for (let i = 0; i < words; i++) {
    const wordStart = firstWordAt(text, at);
    if (wordStart < 0) return null;
    personNoun.lastIndex = wordStart;
    const noun = personNoun.exec(text);
    if (noun !== null) return { start: wordStart, end: wordStart + noun[0].length };
    at = wordStart + 1;
    while (at < text.length && isWordChar(text.charCodeAt(at))) at++;
  }
  return null;
}

/** Where the first `[a-z0-9]` at or after `from` is, or -1. */
function firstWordAt(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (isWordChar(text.charCodeAt(i))) return i;
  return -1;
}

/** How many runs of `[a-z0-9]` the text holds. */
function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const word = isWordChar(text.charCodeAt(i));
    if (word && !inWord) count++;
    inWord = word;
  }
  return count;
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
