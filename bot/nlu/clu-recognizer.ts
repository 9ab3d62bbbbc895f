import type { Logger } from 'pino';
import {
  DEFAULT_THRESHOLDS,
  recognitionFromScores,
  validateThresholds,
  type ConfidenceThresholds,
  type IntentRecognition,
  type IntentRecognizer,
} from '../../dialogs/knowledge/recognizer';
import { toIntentName } from './intent-names';

export const CLU_API_VERSION = '2023-04-01';

export interface CluConfig {
  /** e.g. https://my-language.cognitiveservices.azure.com (no trailing path). */
  endpoint: string;
  key: string;
  project: string;
  deployment: string;
  /** Default 3000 ms: a person in distress should not wait on a slow API; callers fall back. */
  timeoutMs?: number;
  /** BCP-47 language sent with the utterance; default "en-gb". */
  language?: string;
}

export type CluErrorKind = 'unauthorized' | 'rate-limited' | 'server' | 'bad-request' | 'timeout' | 'network' | 'bad-response';

/** Every failure of the CLU call is one of these, so callers can fall back without guessing. */
export class CluError extends Error {
  constructor(
    readonly kind: CluErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'CluError';
  }
}

export class CluConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CluConfigError';
  }
}

const ENV_KEYS = ['CLU_ENDPOINT', 'CLU_KEY', 'CLU_PROJECT', 'CLU_DEPLOYMENT'] as const;

/** undefined when no CLU_* variable is set (use the embedded recognizer); throws when only some are. */
export function cluConfigFromEnv(env: NodeJS.ProcessEnv): CluConfig | undefined {
  const present = ENV_KEYS.filter((k) => (env[k] ?? '').trim() !== '');
  if (present.length === 0) return undefined;
  const missing = ENV_KEYS.filter((k) => !present.includes(k));
  if (missing.length > 0) throw new CluConfigError(`Azure CLU is partly configured: set ${missing.join(', ')} too, or unset all CLU_* variables`);
  const endpoint = (env.CLU_ENDPOINT ?? '').trim();
  if (!/^https?:\/\/[^/]+/.test(endpoint)) throw new CluConfigError(`CLU_ENDPOINT must be a URL such as https://NAME.cognitiveservices.azure.com, got "${endpoint}"`);
  const timeout = env.CLU_TIMEOUT_MS ? Number(env.CLU_TIMEOUT_MS) : undefined;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw new CluConfigError('CLU_TIMEOUT_MS must be a positive whole number of milliseconds');
  return {
    endpoint,
    key: (env.CLU_KEY ?? '').trim(),
    project: (env.CLU_PROJECT ?? '').trim(),
    deployment: (env.CLU_DEPLOYMENT ?? '').trim(),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
  };
}

export interface CluRecognizerOptions {
  thresholds?: ConfidenceThresholds;
  /** If given, CLU intents outside this set (no KB answer) are ignored. Names are snake_cased first. */
  knownIntents?: Iterable<string>;
  logger?: Logger;
  /** Injected for tests; defaults to Node 20's global fetch. */
  fetchImpl?: typeof fetch;
}

interface CluPrediction {
  topIntent?: unknown;
  intents?: unknown;
}

/** Azure AI Language conversational language understanding (LUIS's successor) behind the recognizer port. */
export class CluRecognizer implements IntentRecognizer {
  private readonly url: string;
  private readonly thresholds: ConfidenceThresholds;
  private readonly knownIntents?: ReadonlySet<string>;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly config: CluConfig,
    private readonly options: CluRecognizerOptions = {},
  ) {
    this.url = `${config.endpoint.replace(/\/+$/, '')}/language/:analyze-conversations?api-version=${CLU_API_VERSION}`;
    this.thresholds = validateThresholds({ ...(options.thresholds ?? DEFAULT_THRESHOLDS) });
    this.knownIntents = options.knownIntents ? new Set(options.knownIntents) : undefined;
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  async recognize(text: string): Promise<IntentRecognition> {
    if (text.trim().length === 0) return { intent: 'none', score: 0, alternatives: [] };
    const body = {
      kind: 'Conversation',
      analysisInput: { conversationItem: { id: '1', participantId: 'user', text, language: this.config.language ?? 'en-gb' } },
      parameters: { projectName: this.config.project, deploymentName: this.config.deployment, stringIndexType: 'TextElement_V8' },
    };
    const response = await this.post(body);
    const prediction = await this.readPrediction(response);
    const scores = parseIntents(prediction)
      .map((s) => ({ intent: toIntentName(s.intent), score: s.score }))
      .filter((s) => s.intent !== 'none' && (!this.knownIntents || this.knownIntents.has(s.intent)));
    return recognitionFromScores(scores, this.thresholds, ['none']);
  }

  private async post(body: unknown): Promise<Response> {
    const timeoutMs = this.config.timeoutMs ?? 3000;
    let response: Response;
    try {
      response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: { 'Ocp-Apim-Subscription-Key': this.config.key, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      // Not `instanceof Error`: fetch's DOMException may come from another realm (e.g. under jest).
      const name = isRecord(err) && typeof err.name === 'string' ? err.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new CluError('timeout', `CLU did not answer within ${timeoutMs} ms`);
      const message = isRecord(err) && typeof err.message === 'string' ? err.message : String(err);
      throw new CluError('network', `CLU request failed: ${message}`);
    }
    if (response.ok) return response;
    const detail = await response.text().catch((err: unknown) => `(body unreadable: ${String(err)})`);
    const short = detail.slice(0, 200);
    this.options.logger?.warn({ status: response.status }, 'CLU request rejected');
    if (response.status === 401 || response.status === 403) {
      throw new CluError('unauthorized', `CLU rejected the key (HTTP ${response.status}); check CLU_KEY and CLU_ENDPOINT`, response.status);
    }
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new CluError('rate-limited', 'CLU rate limit reached (HTTP 429)', 429, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
    }
    if (response.status >= 500) throw new CluError('server', `CLU server error (HTTP ${response.status}): ${short}`, response.status);
    throw new CluError('bad-request', `CLU refused the request (HTTP ${response.status}): ${short}`, response.status);
  }

  private async readPrediction(response: Response): Promise<CluPrediction> {
    let json: unknown;
    try {
      json = await response.json();
    } catch (err) {
      throw new CluError('bad-response', `CLU answered with something that is not JSON: ${err instanceof Error ? err.message : String(err)}`, response.status);
    }
    const prediction = isRecord(json) && isRecord(json.result) && isRecord(json.result.prediction) ? json.result.prediction : undefined;
    if (!prediction) throw new CluError('bad-response', 'CLU response has no result.prediction', response.status);
    return prediction;
  }
}

function parseIntents(prediction: CluPrediction): { intent: string; score: number }[] {
  if (!Array.isArray(prediction.intents)) throw new CluError('bad-response', 'CLU response has no result.prediction.intents array');
  return prediction.intents.flatMap((i: unknown) =>
    isRecord(i) && typeof i.category === 'string' && typeof i.confidenceScore === 'number'
      ? [{ intent: i.category, score: i.confidenceScore }]
      : [],
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && !Array.isArray(value);
}
