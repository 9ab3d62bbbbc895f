import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { Nlp } from '@nlpjs/nlp';
import type { Logger } from 'pino';
import {
  DEFAULT_THRESHOLDS,
  recognitionFromScores,
  validateThresholds,
  type ConfidenceThresholds,
  type IntentRecognition,
  type IntentRecognizer,
} from '../../dialogs/knowledge/recognizer';
import { normaliseForNlu } from './normalise-text';
import type { TrainingExample } from './training-data';

export interface EmbeddedRecognizerOptions {
  thresholds?: ConfidenceThresholds;
  logger?: Logger;
}

const LOCALE = 'en';
/** NLP.js's own label for "no intent"; our 'none' examples are trained under it. */
const NLPJS_NONE = 'None';

/**
 * Replaces NLP.js's 'nlu-??' defaults wholesale (it does not merge), so every key is listed.
 * Stopwords are dropped: with them kept, an off-topic message sharing only "my" or "some" with a
 * single training question scored 1.0 for that intent.
 */
const nluSettings = {
  keepStopwords: false,
  nonefeatureValue: 1,
  nonedeltaMultiplier: 1.2,
  spellCheck: false,
  spellCheckDistance: 1,
  filterZeros: true,
  log: false,
};

function nlpjsLogger(logger: Logger | undefined): Record<string, (...args: unknown[]) => void> {
  const toDebug = (...args: unknown[]): void => logger?.debug({ nlpjs: args.map(String).join(' ') }, 'nlp.js');
  return { debug: toDebug, info: toDebug, warn: toDebug, error: toDebug, log: toDebug, trace: toDebug, fatal: toDebug };
}

/**
 * Intent classifier trained in-process with NLP.js from the knowledge base's example questions.
 * No network, no model files: each instance owns a fresh NLP.js container (no shared global dock),
 * so several can coexist (tests, evaluation splits) without leaking state.
 */
export class EmbeddedRecognizer implements IntentRecognizer {
  private constructor(
    private readonly nlp: Nlp,
    readonly thresholds: ConfidenceThresholds,
    readonly intents: readonly string[],
    /** Wall-clock training time, reported by `nlu eval` and at start-up. */
    readonly trainingMs: number,
  ) {}

  static async train(examples: readonly TrainingExample[], options: EmbeddedRecognizerOptions = {}): Promise<EmbeddedRecognizer> {
    const thresholds = validateThresholds({ ...(options.thresholds ?? DEFAULT_THRESHOLDS) });
    const intents = [...new Set(examples.map((e) => e.intent).filter((i) => i !== 'none'))];
    if (intents.length === 0) throw new Error('cannot train the embedded recognizer: no labelled examples');

    const started = performance.now();
    const container = containerBootstrap({ settings: { 'nlu-??': nluSettings } });
    container.use(LangEn);
    // NLP.js logs to the console by default; route it to pino at debug (it can echo training text).
    container.register('logger', nlpjsLogger(options.logger), true);
    const nlp = new Nlp(
      {
        container,
        languages: [LOCALE],
        autoSave: false,
        autoLoad: false,
        // Our own thresholds are applied in recognitionFromScores; NLP.js must not replace low scores with None.
        threshold: 0,
        calculateSentiment: false,
        forceNER: false,
      },
      container,
    );
    for (const ex of examples) {
      nlp.addDocument(LOCALE, normaliseForNlu(ex.text), ex.intent === 'none' ? NLPJS_NONE : ex.intent);
    }
    await nlp.train();
    const trainingMs = Math.round(performance.now() - started);
    options.logger?.info({ intents: intents.length, examples: examples.length, trainingMs }, 'embedded recognizer trained');
    return new EmbeddedRecognizer(nlp, thresholds, intents, trainingMs);
  }

  async recognize(text: string): Promise<IntentRecognition> {
    const trimmed = text.trim();
    if (trimmed.length === 0) return { intent: 'none', score: 0, alternatives: [] };
    const result = await this.nlp.process(LOCALE, normaliseForNlu(trimmed));
    return recognitionFromScores(result.classifications ?? [], this.thresholds, [NLPJS_NONE]);
  }
}
