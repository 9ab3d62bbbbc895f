import pino from 'pino';
import { createRecognizer } from '../../../bot/nlu/create-recognizer';
import { EmbeddedRecognizer } from '../../../bot/nlu/embedded-recognizer';
import { FallbackRecognizer } from '../../../bot/nlu/fallback-recognizer';
import { loadKnowledgeBase } from '../../../config/load-knowledge-base';

const kb = loadKnowledgeBase();
const logger = pino({ level: 'silent' });

describe('createRecognizer', () => {
  it('uses the embedded recognizer when CLU is not configured', async () => {
    const { recognizer, kind } = await createRecognizer({ kb, env: {}, logger });
    expect(kind).toBe('embedded');
    expect(recognizer).toBeInstanceOf(EmbeddedRecognizer);
    expect((await recognizer.recognize('where can i park')).intent).toBe('travel_parking');
  });

  it('puts CLU first with the embedded recognizer as fallback; an unreachable CLU still gets an answer', async () => {
    const env = { CLU_ENDPOINT: 'http://127.0.0.1:9', CLU_KEY: 'k', CLU_PROJECT: 'p', CLU_DEPLOYMENT: 'd', CLU_TIMEOUT_MS: '300' };
    const { recognizer, kind } = await createRecognizer({ kb, env, logger });
    expect(kind).toBe('clu');
    expect(recognizer).toBeInstanceOf(FallbackRecognizer);
    expect((await recognizer.recognize('where can i park')).intent).toBe('travel_parking');
  });

  it('refuses a half-configured CLU', async () => {
    await expect(createRecognizer({ kb, env: { CLU_KEY: 'k' }, logger })).rejects.toThrow(/partly configured/);
  });
});
