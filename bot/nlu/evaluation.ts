import type { KnowledgeBaseConfig } from '../../config/knowledge-base-schema';
import { decide, DEFAULT_THRESHOLDS, type ConfidenceThresholds } from '../../dialogs/knowledge/recognizer';
import { EmbeddedRecognizer } from './embedded-recognizer';
import { mergeTrainingData, type ExtraTrainingFile } from './training-data';

/** Every HELD_OUT_EVERY-th example question of each item (the 4th, 8th, 12th) is held out. */
export const HELD_OUT_EVERY = 4;

export interface HeldOutExample {
  text: string;
  intent: string;
}

export interface EvaluationFailure {
  text: string;
  expected: string;
  got: string;
  score: number;
}

export interface EvaluationReport {
  trainingExamples: number;
  heldOut: number;
  correct: number;
  /** Top-1 intent accuracy on the held-out questions. */
  accuracy: number;
  /** Held-out questions answered confidently AND correctly (what a person would get without a "did you mean"). */
  confidentCorrectRate: number;
  /** Held-out questions answered confidently with the WRONG topic: the costly mistake. */
  confidentWrongRate: number;
  outOfScope: {
    total: number;
    /** Decided 'none' (the dialog shows its help menu). */
    rejected: number;
    rejectionRate: number;
    /** Not answered confidently ('none' or a "did you mean" choice). */
    notConfidentRate: number;
  };
  failures: EvaluationFailure[];
  outOfScopeAccepted: EvaluationFailure[];
  trainingMs: number;
  thresholds: ConfidenceThresholds;
}

/** Deterministic: depends only on the order of questions in the YAML. */
export function splitHeldOut(kb: KnowledgeBaseConfig): { heldOut: HeldOutExample[] } {
  const heldOut = kb.items.flatMap((item) =>
    item.questions.filter((_, i) => (i + 1) % HELD_OUT_EVERY === 0).map((text) => ({ text, intent: item.intent })),
  );
  return { heldOut };
}

export async function evaluateEmbeddedRecognizer(
  kb: KnowledgeBaseConfig,
  extra: ExtraTrainingFile | undefined,
  thresholds: ConfidenceThresholds = DEFAULT_THRESHOLDS,
): Promise<EvaluationReport> {
  const { heldOut } = splitHeldOut(kb);
  const training = mergeTrainingData(kb, extra, heldOut.map((h) => h.text));
  const recognizer = await EmbeddedRecognizer.train(training.examples, { thresholds });

  const failures: EvaluationFailure[] = [];
  let correct = 0;
  let confidentCorrect = 0;
  let confidentWrong = 0;
  for (const example of heldOut) {
    const recognition = await recognizer.recognize(example.text);
    const decision = decide(recognition, thresholds);
    if (recognition.intent === example.intent) correct += 1;
    else failures.push({ text: example.text, expected: example.intent, got: recognition.intent, score: recognition.score });
    if (decision.kind === 'confident') {
      if (decision.intent === example.intent) confidentCorrect += 1;
      else confidentWrong += 1;
    }
  }

  const outOfScopeAccepted: EvaluationFailure[] = [];
  let rejected = 0;
  let notConfident = 0;
  for (const text of kb.outOfScope) {
    const recognition = await recognizer.recognize(text);
    const decision = decide(recognition, thresholds);
    if (decision.kind === 'none') rejected += 1;
    else outOfScopeAccepted.push({ text, expected: 'none', got: recognition.intent, score: recognition.score });
    if (decision.kind !== 'confident') notConfident += 1;
  }

  const ratio = (n: number, d: number): number => (d === 0 ? 0 : n / d);
  return {
    trainingExamples: training.examples.length,
    heldOut: heldOut.length,
    correct,
    accuracy: ratio(correct, heldOut.length),
    confidentCorrectRate: ratio(confidentCorrect, heldOut.length),
    confidentWrongRate: ratio(confidentWrong, heldOut.length),
    outOfScope: {
      total: kb.outOfScope.length,
      rejected,
      rejectionRate: ratio(rejected, kb.outOfScope.length),
      notConfidentRate: ratio(notConfident, kb.outOfScope.length),
    },
    failures,
    outOfScopeAccepted,
    trainingMs: recognizer.trainingMs,
    thresholds,
  };
}
