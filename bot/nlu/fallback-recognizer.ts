import type { Logger } from 'pino';
import type { IntentRecognition, IntentRecognizer } from '../../dialogs/knowledge/recognizer';

/**
 * Tries the primary recognizer (e.g. Azure CLU) and, if it throws for any reason, answers with
 * the fallback (the embedded recognizer). The failure is logged, never shown to the person,
 * and never changes what the risk screen does.
 */
export class FallbackRecognizer implements IntentRecognizer {
  constructor(
    private readonly primary: IntentRecognizer,
    private readonly fallback: IntentRecognizer,
    private readonly logger?: Logger,
  ) {}

  async recognize(text: string): Promise<IntentRecognition> {
    try {
      return await this.primary.recognize(text);
    } catch (err) {
      const kind = err instanceof Error && 'kind' in err ? String(err.kind) : 'unknown';
      this.logger?.warn({ err: err instanceof Error ? err.message : String(err), kind }, 'primary recognizer failed; using fallback');
      return this.fallback.recognize(text);
    }
  }
}
