import { EmbeddedRecognizer } from '../../../bot/nlu/embedded-recognizer';
import { evaluateEmbeddedRecognizer, splitHeldOut } from '../../../bot/nlu/evaluation';
import { normaliseForNlu } from '../../../bot/nlu/normalise-text';
import { kbExamples, mergeTrainingData, parseExtraTraining, TrainingDataError } from '../../../bot/nlu/training-data';
import { loadKnowledgeBase } from '../../../config/load-knowledge-base';
import { decide } from '../../../dialogs/knowledge/recognizer';

const kb = loadKnowledgeBase();

describe('embedded recognizer on the shipped knowledge base', () => {
  it('reaches ≥ 90% top-1 accuracy on the held-out split and rejects ≥ 70% of out-of-scope messages', async () => {
    const report = await evaluateEmbeddedRecognizer(kb, undefined);
    expect(report.heldOut).toBe(90); // every 4th of 12 questions × 30 items
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.confidentWrongRate).toBeLessThanOrEqual(0.05);
    expect(report.outOfScope.total).toBeGreaterThanOrEqual(20);
    expect(report.outOfScope.rejectionRate).toBeGreaterThanOrEqual(0.7);
  });

  it('trains on the whole KB in under 1.5 s', async () => {
    const started = performance.now();
    const recognizer = await EmbeddedRecognizer.train(kbExamples(kb));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1500);
    expect(recognizer.trainingMs).toBeLessThan(1500);
    expect(recognizer.intents).toHaveLength(kb.items.length);
  });

  it('answers typical questions confidently and off-topic chat with none', async () => {
    const recognizer = await EmbeddedRecognizer.train(kbExamples(kb));
    expect(decide(await recognizer.recognize('what time do u open on friday'))).toMatchObject({ kind: 'confident', intent: 'opening_hours' });
    expect(decide(await recognizer.recognize('where can i park my car'))).toMatchObject({ kind: 'confident', intent: 'travel_parking' });
    expect(decide(await recognizer.recognize('i forgot my tablets this morning'))).toMatchObject({ kind: 'confident', intent: 'missed_dose' });
    expect(decide(await recognizer.recognize('what is the capital of france'))).toEqual({ kind: 'none' });
    expect(await recognizer.recognize('   ')).toEqual({ intent: 'none', score: 0, alternatives: [] });
  });

  it('keeps instances independent (no shared NLP.js dock)', async () => {
    const examples = (intent: string, words: string[]) => words.map((w) => ({ text: w, intent, source: 'kb' as const }));
    const a = await EmbeddedRecognizer.train([...examples('parking', ['where do i park', 'car park', 'parking']), ...examples('hours', ['opening hours', 'when are you open', 'what time do you open'])]);
    const b = await EmbeddedRecognizer.train([...examples('pets', ['can i bring my dog', 'dogs allowed', 'pets']), ...examples('food', ['is there a cafe', 'can i buy food', 'canteen'])]);
    expect((await a.recognize('car park')).intent).toBe('parking');
    expect((await b.recognize('car park')).intent).toBe('none');
    expect((await b.recognize('are dogs allowed')).intent).toBe('pets');
  });

  it('refuses to train without labelled examples', async () => {
    await expect(EmbeddedRecognizer.train([])).rejects.toThrow(/no labelled examples/);
  });
});

describe('training data', () => {
  it('holds out every 4th question per item, deterministically', () => {
    const { heldOut } = splitHeldOut(kb);
    const first = kb.items[0];
    expect(heldOut.filter((h) => h.intent === first?.intent).map((h) => h.text)).toEqual([first?.questions[3], first?.questions[7], first?.questions[11]]);
    expect(splitHeldOut(kb)).toEqual({ heldOut });
  });

  it('merges extra utterances for known intents and none, dropping unknown intents, duplicates and held-out text', () => {
    const extra = parseExtraTraining(
      'version: 1\nintents:\n  opening_hours: ["are you open on monday", "Opening hours?"]\n  none: ["who won the match"]\n  gym_membership: ["join the gym"]\n',
      'extra.yaml',
    );
    const merged = mergeTrainingData(kb, extra, ['are you open on saturdays']);
    expect(merged.ignoredIntents).toEqual(['gym_membership']);
    expect(merged.duplicatesDropped).toBe(1); // "Opening hours?" is already a KB question
    const texts = merged.examples.map((e) => e.text);
    expect(texts).toContain('are you open on monday');
    expect(texts).toContain('who won the match');
    expect(texts).not.toContain('are you open on saturdays');
    expect(merged.examples.find((e) => e.text === 'who won the match')).toEqual({ text: 'who won the match', intent: 'none', source: 'extra' });
  });

  it('explains an invalid extra training file', () => {
    expect(() => parseExtraTraining('version: 1\nintents:\n  OpeningHours: [hi]\n', 'x.yaml')).toThrow(TrainingDataError);
    expect(() => parseExtraTraining('version: 1\nintents:\n  OpeningHours: [hi]\n', 'x.yaml')).toThrow(/intents\.OpeningHours: intent names must be lower-case snake_case/);
    expect(() => parseExtraTraining(': :', 'x.yaml')).toThrow(/x\.yaml/);
  });

  it('folds text-speak and synonyms onto one word', () => {
    expect(normaliseForNlu("R u open? I've run out of meds")).toBe('are you open i have run out of medication');
    expect(normaliseForNlu('where is A&E')).toBe('where is accidentemergency');
  });
});
