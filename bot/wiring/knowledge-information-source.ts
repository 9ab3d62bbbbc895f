import type { InformationAnswer, InformationResult, InformationSource } from '../../dialogs/ports/information-source';
import type { KnowledgeBase } from '../../dialogs/knowledge/knowledge-base';
import { decide, type ConfidenceThresholds, type IntentRecognizer } from '../../dialogs/knowledge/recognizer';

/** Answers from the reviewed knowledge base only; the recognizer merely picks the item. */
export class KnowledgeInformationSource implements InformationSource {
  constructor(
    private readonly recognizer: IntentRecognizer,
    private readonly knowledgeBase: KnowledgeBase,
    private readonly thresholds?: ConfidenceThresholds,
  ) {}

  async answer(text: string): Promise<InformationResult> {
    const decision = decide(await this.recognizer.recognize(text), this.thresholds);
    if (decision.kind === 'confident') return (await this.answerFor(decision.intent)) ?? { kind: 'none' };
    if (decision.kind === 'uncertain') {
      const options = decision.choices
        .map((c) => ({ intent: c.intent, label: this.knowledgeBase.titleFor(c.intent) }))
        .filter((o): o is { intent: string; label: string } => o.label !== undefined);
      return options.length ? { kind: 'choices', options } : { kind: 'none' };
    }
    return { kind: 'none' };
  }

  async answerFor(intent: string): Promise<InformationAnswer | undefined> {
    const found = this.knowledgeBase.answerFor(intent);
    if (!found) return undefined;
    return { kind: 'answer', itemId: found.itemId, intent: found.intent, answer: found.text, sourceUrl: found.source };
  }
}
