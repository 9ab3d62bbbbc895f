// Minimal typings for the parts of NLP.js v4 the embedded recognizer uses (the packages ship none).
declare module '@nlpjs/core' {
  export interface NlpjsContainer {
    use(plugin: unknown): unknown;
    register(name: string, item: unknown, isSingleton?: boolean): void;
    get(name: string, settings?: unknown): unknown;
  }
  export function containerBootstrap(settings?: Record<string, unknown>): NlpjsContainer;
}

declare module '@nlpjs/lang-en-min' {
  export class LangEn {
    register(container: unknown): void;
  }
}

declare module '@nlpjs/nlp' {
  import type { NlpjsContainer } from '@nlpjs/core';

  export interface NlpjsClassification {
    intent: string;
    score: number;
  }
  export interface NlpjsProcessResult {
    intent: string;
    score: number;
    classifications: NlpjsClassification[];
  }
  export interface NlpSettings {
    container?: NlpjsContainer;
    languages?: string[];
    autoSave?: boolean;
    autoLoad?: boolean;
    threshold?: number;
    calculateSentiment?: boolean;
    forceNER?: boolean;
    nlu?: Record<string, unknown>;
  }
  export class Nlp {
    constructor(settings?: NlpSettings, container?: NlpjsContainer);
    settings: Record<string, unknown>;
    addLanguage(locales: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpjsProcessResult>;
  }
}
