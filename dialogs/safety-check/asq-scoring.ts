import type { YesNoAnswer } from '../replies/yes-no';

/**
 * The NIMH Ask Suicide-Screening Questions (ASQ), in plain words, asked one at a time.
 * Questions 1-4 always; question 5 only if any of 1-4 is answered yes.
 */
export const ASQ_QUESTIONS = [
  'In the past few weeks, have you wished you were dead?',
  'In the past few weeks, have you felt that you or your family would be better off if you were dead?',
  'In the past week, have you been having thoughts about killing yourself?',
  'Have you ever tried to kill yourself?',
  'Are you having thoughts of killing yourself right now?',
] as const;

export type AsqOutcome = 'acute-positive' | 'non-acute-positive' | 'negative';

export type AsqNext = { kind: 'ask'; question: number } | { kind: 'done'; outcome: AsqOutcome };

/** As the ASQ says: a refusal or an unclear answer counts as a yes. */
export function isPositive(answer: YesNoAnswer): boolean {
  return answer !== 'no';
}

/**
 * The published scoring rule. Pure.
 * - yes to Q5 → acute positive
 * - yes to any of Q1-4, no to Q5 → non-acute positive
 * - no to all of Q1-4 → negative (Q5 not asked)
 * A refusal to go on ("leave me alone") ends the questions; it counts as positive, and because
 * Q5 was not answered no, a refusal at Q5 is acute.
 */
export function nextAsqStep(answers: readonly YesNoAnswer[]): AsqNext {
  const last = answers[answers.length - 1];
  if (answers.length === 5) return { kind: 'done', outcome: isPositive(answers[4]!) ? 'acute-positive' : 'non-acute-positive' };
  if (last === 'refused') return { kind: 'done', outcome: 'non-acute-positive' };
  if (answers.length < 4) return { kind: 'ask', question: answers.length };
  return answers.some(isPositive) ? { kind: 'ask', question: 4 } : { kind: 'done', outcome: 'negative' };
}

/** For the clinician: each answer as classified (never the person's words) and the outcome. */
export function asqSummary(answers: readonly YesNoAnswer[], outcome: AsqOutcome): string {
  const parts = answers.map((a, i) => `Q${i + 1} ${a}`);
  return `ASQ: ${parts.join(', ')} -> ${outcome.replace(/-/g, ' ')}`;
}
