import { decide, recognitionFromScores, validateThresholds, type ConfidenceThresholds } from '../../../dialogs/knowledge/recognizer';

const t: ConfidenceThresholds = { confident: 0.7, suggest: 0.4, maxSuggestions: 3 };

describe('decide', () => {
  it('is confident at or above the upper threshold', () => {
    expect(decide({ intent: 'opening_hours', score: 0.7, alternatives: [] }, t)).toEqual({ kind: 'confident', intent: 'opening_hours', score: 0.7 });
  });

  it('offers up to maxSuggestions choices between the thresholds, best first', () => {
    const d = decide(
      { intent: 'a', score: 0.55, alternatives: [{ intent: 'b', score: 0.45 }, { intent: 'c', score: 0.41 }, { intent: 'd', score: 0.4 }, { intent: 'e', score: 0.1 }] },
      t,
    );
    expect(d).toEqual({ kind: 'uncertain', choices: [{ intent: 'a', score: 0.55 }, { intent: 'b', score: 0.45 }, { intent: 'c', score: 0.41 }] });
  });

  it('says none below the lower threshold or for none', () => {
    expect(decide({ intent: 'a', score: 0.3, alternatives: [{ intent: 'b', score: 0.2 }] }, t)).toEqual({ kind: 'none' });
    expect(decide({ intent: 'none', score: 0.9, alternatives: [] }, t)).toEqual({ kind: 'none' });
  });
});

describe('recognitionFromScores', () => {
  it('drops the recognizer’s none label, ranks, and keeps at most 5 alternatives', () => {
    const scores = [
      { intent: 'None', score: 0.9 },
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((intent, i) => ({ intent, score: 0.8 - i * 0.1 })),
    ];
    const r = recognitionFromScores(scores.reverse(), t, ['None']);
    expect(r.intent).toBe('a');
    expect(r.alternatives.map((x) => x.intent)).toEqual(['b', 'c', 'd', 'e', 'f']);
  });

  it('returns none with the best score when nothing reaches suggest', () => {
    expect(recognitionFromScores([{ intent: 'a', score: 0.2 }], t)).toEqual({ intent: 'none', score: 0.2, alternatives: [] });
    expect(recognitionFromScores([], t)).toEqual({ intent: 'none', score: 0, alternatives: [] });
  });
});

it('validateThresholds rejects inverted thresholds', () => {
  expect(() => validateThresholds({ confident: 0.4, suggest: 0.7, maxSuggestions: 3 })).toThrow(RangeError);
  expect(() => validateThresholds({ confident: 0.7, suggest: 0.4, maxSuggestions: 0 })).toThrow(RangeError);
});
