/**
 * The language-understanding port. Dialogs depend on this, never on NLP.js or Azure CLU directly.
 *
 * Language understanding only picks a knowledge-base topic. It never decides risk: the risk
 * screen sees every message first, whatever the recognizer says.
 */

/** The intent name meaning "no knowledge-base topic matched well enough". */
export const NO_INTENT = 'none';

export interface IntentScore {
  intent: string;
  /** 0..1; higher is more confident. Scores from different recognizers are not comparable. */
  score: number;
}

export interface IntentRecognition {
  /** Best knowledge-base intent, or 'none' when nothing reached `thresholds.suggest`. */
  intent: string | typeof NO_INTENT;
  /** Score of the best candidate (even when `intent` is 'none', for logging and evaluation). */
  score: number;
  /** Runners-up, best first, never including `intent` itself or 'none'. At most 5. */
  alternatives: IntentScore[];
}

export interface IntentRecognizer {
  recognize(text: string): Promise<IntentRecognition>;
}

/**
 * "Did you mean" semantics:
 * - score ≥ confident            → answer that topic directly.
 * - suggest ≤ score < confident  → offer the top candidates (up to maxSuggestions whose score ≥ suggest) as choices.
 * - score < suggest, or 'none'   → no guess: show the help menu.
 */
export interface ConfidenceThresholds {
  confident: number;
  suggest: number;
  maxSuggestions: number;
}

/** Tuned on the shipped knowledge base with `crisis-bot nlu eval` (see docs/knowledge-and-nlu.md). */
export const DEFAULT_THRESHOLDS: ConfidenceThresholds = Object.freeze({ confident: 0.7, suggest: 0.5, maxSuggestions: 3 });

export type RecognitionDecision =
  | { kind: 'confident'; intent: string; score: number }
  | { kind: 'uncertain'; choices: IntentScore[] }
  | { kind: 'none' };

export function validateThresholds(t: ConfidenceThresholds): ConfidenceThresholds {
  if (!(t.suggest >= 0 && t.suggest <= t.confident && t.confident <= 1)) {
    throw new RangeError(`thresholds must satisfy 0 ≤ suggest (${t.suggest}) ≤ confident (${t.confident}) ≤ 1`);
  }
  if (!Number.isInteger(t.maxSuggestions) || t.maxSuggestions < 1) {
    throw new RangeError(`maxSuggestions must be a positive integer, got ${t.maxSuggestions}`);
  }
  return t;
}

/** Turns a recognition into what the dialog should do. Pure. */
export function decide(recognition: IntentRecognition, thresholds: ConfidenceThresholds = DEFAULT_THRESHOLDS): RecognitionDecision {
  if (recognition.intent !== NO_INTENT && recognition.score >= thresholds.confident) {
    return { kind: 'confident', intent: recognition.intent, score: recognition.score };
  }
  const candidates: IntentScore[] =
    recognition.intent === NO_INTENT ? [] : [{ intent: recognition.intent, score: recognition.score }];
  candidates.push(...recognition.alternatives);
  const choices = candidates
    .filter((c) => c.intent !== NO_INTENT && c.score >= thresholds.suggest)
    .sort((a, b) => b.score - a.score)
    .slice(0, thresholds.maxSuggestions);
  return choices.length > 0 ? { kind: 'uncertain', choices } : { kind: 'none' };
}

/**
 * Builds a recognition from any ranked score list, applying the 'none' rule consistently
 * across recognizers. `noneLabels` are the recognizer's own names for "no intent" (e.g. "None").
 */
export function recognitionFromScores(
  scores: IntentScore[],
  thresholds: ConfidenceThresholds,
  noneLabels: readonly string[] = ['None', 'none'],
): IntentRecognition {
  const ranked = scores
    .filter((s) => !noneLabels.includes(s.intent) && Number.isFinite(s.score))
    .sort((a, b) => b.score - a.score);
  const [best, ...rest] = ranked;
  if (!best) return { intent: NO_INTENT, score: 0, alternatives: [] };
  const alternatives = rest.slice(0, 5);
  if (best.score < thresholds.suggest) return { intent: NO_INTENT, score: best.score, alternatives };
  return { intent: best.intent, score: best.score, alternatives };
}
