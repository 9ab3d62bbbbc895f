import { OffsetMap, rewriteWithOffsets } from './offset-map';
import type { NormalisationData } from './risk-rule-set';

/** The text the rules see, with a way back to the original message for every span. */
export interface NormalisedText {
  readonly original: string;
  readonly text: string;
  /** Span [start, end) of `text` → span of `original` that produced it. */
  toOriginalSpan(start: number, end: number): { start: number; end: number };
}

const ZERO_WIDTH = /^[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]$|^[\u{1f3fb}-\u{1f3ff}\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]$/u;
const COMBINING_MARKS = /\p{M}+/gu;
// Not 'h': "shhhh" must fold to "shh" (a textism for shush), not to "sh" (self-harm).
const SINGLE_LETTERS = new Set(['a', 'i', 'u', 'y', 'w', 'x', 'j', 'q', 'v', 'k']);

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Folds a message into the plain lower-case ASCII the rules are written against: Unicode compatibility
 * forms, accents, homoglyphs and zero-width characters, elongation ("diiiie"), leetspeak inside words,
 * emoji with a clear meaning, and textisms/misspellings ("kms", "2nite"). Built once from the lexicon.
 */
export class Normaliser {
  private readonly homoglyphs: Map<string, string>;
  private readonly emoji: Map<string, string>;
  private readonly leet: Map<string, string>;
  private readonly textisms: Map<string, string>;
  private readonly characterPass: RegExp;
  /** ASCII characters the character pass may rewrite (leet, separators, odd spaces); see mayNeedCharacterPass. */
  private readonly rewritableAscii = new Uint8Array(128);
  private readonly wordPass: RegExp;

  constructor(data: NormalisationData) {
    this.homoglyphs = new Map(Object.entries(data.homoglyphs));
    this.emoji = new Map(Object.entries(data.emoji).map(([k, v]) => [stripVariation(k), ` ${v.toLowerCase()} `]));
    this.leet = new Map(Object.entries(data.leet));
    this.textisms = new Map(Object.entries(data.textisms).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
    const leetChars = [...this.leet.keys()].map(escapeRegExp).join('');
    for (const key of this.leet.keys()) for (const c of key) if (c.charCodeAt(0) < 128) this.rewritableAscii[c.charCodeAt(0)] = 1;
    for (const c of '-_~=/\\|+\t\f\v') this.rewritableAscii[c.charCodeAt(0)] = 1;
    // One pass over the text for everything that is character-level; plain ASCII words are skipped natively.
    this.characterPass = new RegExp(
      [
        '[^\\x00-\\x7f]',
        '([a-z])\\1{2,}',
        leetChars ? `(?<=[a-z])[${leetChars}]+(?=[a-z])` : '(?!)',
        // "3am", "1pm", "4mins": a digit before a unit is a number, not a letter in disguise ("eam", "ipm").
        leetChars ? `(?<![a-z0-9])[${leetChars}](?=[a-z]{2})(?!(?:am|pm|st|rd|th|mins?|hrs?|hours?|secs?|mg|ml|kg|kms?)(?![a-z]))` : '(?!)',
        '[-_~=/\\\\|+]+',
        '[\\t\\f\\v]',
      ].join('|'),
      'gu',
    );
    const keys = [...this.textisms.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.wordPass = new RegExp(
      `${keys.length ? `(?<![a-z0-9'])(?:${keys.join('|')})(?![a-z0-9'])|` : ''}['\`]`,
      'g',
    );
  }

  normalise(original: string): NormalisedText {
    const folded = foldCase(original);
    const characters = this.mayNeedCharacterPass(folded.text)
      ? rewriteWithOffsets(folded.text, this.characterPass, (m) => this.rewriteCharacters(m))
      : { text: folded.text, map: null };
    const words = rewriteWithOffsets(characters.text, this.wordPass, (m) => this.textisms.get(m[0]) ?? '');
    const maps = [words.map, characters.map, folded.map].filter((map): map is OffsetMap => map !== null && map.editCount > 0);
    return {
      original,
      text: words.text,
      toOriginalSpan(start: number, end: number) {
        let s = start;
        let e = end;
        for (const map of maps) {
          s = map.mapStart(s);
          e = map.mapEnd(e);
        }
        return { start: s, end: Math.max(s, e) };
      },
    };
  }

  /**
   * False only when the character pass cannot match anywhere: plain ASCII without leet characters, separators,
   * odd spaces or a letter three times in a row (most messages). A cheap superset of what the pass looks for.
   */
  private mayNeedCharacterPass(text: string): boolean {
    const rewritable = this.rewritableAscii;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128 || rewritable[code] === 1) return true;
      if (code >= 97 && code <= 122 && text.charCodeAt(i + 1) === code && text.charCodeAt(i + 2) === code) return true;
    }
    return false;
  }

  private rewriteCharacters(match: RegExpExecArray): string {
    const matched = match[0];
    if (match[1] !== undefined) {
      // "diiiie" → "die", "killlll" → "kill", "tooook" → "took": a, i and u are rarely doubled in English words.
      return SINGLE_LETTERS.has(match[1]) ? match[1] : match[1] + match[1];
    }
    const first = matched.charCodeAt(0);
    if (first < 0x80) {
      if (this.leet.has(matched[0]) && /^[^-_~=/\\|+\t\f\v]/.test(matched)) {
        return [...matched].map((c) => this.leet.get(c) ?? c).join('');
      }
      return ' ';
    }
    return this.foldCharacter(matched);
  }

  private foldCharacter(character: string): string {
    if (ZERO_WIDTH.test(character)) return '';
    const emoji = this.emoji.get(character);
    if (emoji !== undefined) return emoji;
    const glyph = this.homoglyphs.get(character);
    if (glyph !== undefined) return glyph;
    const decomposed = character.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
    if (decomposed.length > 0 && /^[\x00-\x7f]+$/.test(decomposed)) return decomposed;
    const viaGlyph = decomposed.length > 0 ? this.homoglyphs.get(decomposed) : undefined;
    return viaGlyph ?? character;
  }
}

function stripVariation(emoji: string): string {
  return emoji.replace(/[\ufe0e\ufe0f]/g, '');
}

/** Lower-cases without changing length where possible; the rare characters that expand get an edit. */
function foldCase(original: string): { text: string; map: OffsetMap | null } {
  const lowered = original.toLowerCase();
  if (lowered.length === original.length) return { text: lowered, map: null };
  const rewritten = rewriteWithOffsets(original, /[^\x00-\x7f]|[A-Z]+/gu, (m) => {
    const lower = m[0].toLowerCase();
    return lower.length === m[0].length ? lower : lower.normalize('NFKD').replace(COMBINING_MARKS, '');
  });
  return { text: rewritten.text, map: rewritten.map };
}
