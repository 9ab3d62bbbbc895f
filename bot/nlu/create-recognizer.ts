import type { Logger } from 'pino';
import type { KnowledgeBaseConfig } from '../../config/knowledge-base-schema';
import { DEFAULT_THRESHOLDS, type ConfidenceThresholds, type IntentRecognizer } from '../../dialogs/knowledge/recognizer';
import { cluConfigFromEnv, CluRecognizer } from './clu-recognizer';
import { EmbeddedRecognizer } from './embedded-recognizer';
import { FallbackRecognizer } from './fallback-recognizer';
import { mergeTrainingData, type ExtraTrainingFile } from './training-data';

export interface CreateRecognizerOptions {
  kb: KnowledgeBaseConfig;
  extraTraining?: ExtraTrainingFile;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  thresholds?: ConfidenceThresholds;
}

/**
 * For the composition root. Always trains the embedded recognizer (it is the fallback too);
 * when all CLU_* variables are set, Azure CLU answers first and the embedded one covers its failures.
 */
export async function createRecognizer(options: CreateRecognizerOptions): Promise<{ recognizer: IntentRecognizer; kind: 'embedded' | 'clu' }> {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const training = mergeTrainingData(options.kb, options.extraTraining);
  if (training.ignoredIntents.length > 0) {
    options.logger.warn({ intents: training.ignoredIntents }, 'extra training intents have no knowledge-base item; ignored');
  }
  const embedded = await EmbeddedRecognizer.train(training.examples, { thresholds, logger: options.logger });
  const clu = cluConfigFromEnv(options.env);
  if (!clu) return { recognizer: embedded, kind: 'embedded' };
  const primary = new CluRecognizer(clu, { thresholds, knownIntents: options.kb.items.map((i) => i.intent), logger: options.logger });
  options.logger.info({ project: clu.project, deployment: clu.deployment }, 'using Azure CLU with the embedded recognizer as fallback');
  return { recognizer: new FallbackRecognizer(primary, embedded, options.logger), kind: 'clu' };
}
