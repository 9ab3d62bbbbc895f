import { asqSummary, nextAsqStep } from '../../dialogs/safety-check/asq-scoring';
import type { YesNoAnswer } from '../../dialogs/replies/yes-no';

describe('ASQ scoring (published rule)', () => {
  const cases: [string, YesNoAnswer[], ReturnType<typeof nextAsqStep>][] = [
    ['asks Q1 first', [], { kind: 'ask', question: 0 }],
    ['asks Q2-Q4 in turn', ['no', 'no'], { kind: 'ask', question: 2 }],
    ['no to all of Q1-4 is negative, Q5 not asked', ['no', 'no', 'no', 'no'], { kind: 'done', outcome: 'negative' }],
    ['any yes to Q1-4 asks Q5', ['no', 'no', 'yes', 'no'], { kind: 'ask', question: 4 }],
    ['yes to Q5 is acute positive', ['yes', 'no', 'no', 'no', 'yes'], { kind: 'done', outcome: 'acute-positive' }],
    ['yes to 1-4 and no to Q5 is non-acute positive', ['yes', 'yes', 'no', 'no', 'no'], { kind: 'done', outcome: 'non-acute-positive' }],
    ['an unclear answer counts as yes', ['no', 'unclear', 'no', 'no'], { kind: 'ask', question: 4 }],
    ['an unclear answer to Q5 is acute positive', ['yes', 'no', 'no', 'no', 'unclear'], { kind: 'done', outcome: 'acute-positive' }],
    ['a refusal stops the questions and counts as positive', ['no', 'refused'], { kind: 'done', outcome: 'non-acute-positive' }],
    ['a refusal at Q5 is acute positive', ['yes', 'no', 'no', 'no', 'refused'], { kind: 'done', outcome: 'acute-positive' }],
  ];
  test.each(cases)('%s', (_name, answers, expected) => {
    expect(nextAsqStep(answers)).toEqual(expected);
  });

  test('summary names each answer as classified, never the words', () => {
    expect(asqSummary(['yes', 'no', 'unclear', 'no', 'no'], 'non-acute-positive')).toBe(
      'ASQ: Q1 yes, Q2 no, Q3 unclear, Q4 no, Q5 no -> non acute positive',
    );
  });
});
