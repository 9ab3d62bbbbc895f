/**
 * What the information dialog needs from the knowledge base + recognizer. The composition root
 * adapts the real recognizer and knowledge base (dialogs/knowledge/*) to this port.
 */
export interface InformationAnswer {
  kind: 'answer';
  /** Knowledge-base item id, for logs and "was this helpful?" feedback. */
  itemId: string;
  intent: string;
  /** Reviewed answer text with placeholders already filled in. */
  answer: string;
  sourceUrl: string;
}

export interface InformationChoices {
  kind: 'choices';
  /** "Did you mean" candidates, best first. */
  options: { intent: string; label: string }[];
}

export type InformationResult = InformationAnswer | InformationChoices | { kind: 'none' };

export interface InformationSource {
  /** Recognises free text: a confident answer, a few candidates, or nothing. */
  answer(text: string): Promise<InformationResult>;
  /** The answer for an intent the person picked from "did you mean" choices. */
  answerFor(intent: string): Promise<InformationAnswer | undefined>;
}
