import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { MAX_ANSWER_CHARS, placeholdersIn, ANSWER_PLACEHOLDERS } from '../../config/knowledge-base-schema';
import { DEFAULT_KNOWLEDGE_BASE_PATH, KnowledgeBaseError, loadKnowledgeBase, parseKnowledgeBase } from '../../config/load-knowledge-base';
import { itemsPastReview } from '../../dialogs/knowledge/knowledge-base';

const shippedText = readFileSync(DEFAULT_KNOWLEDGE_BASE_PATH, 'utf8');

function errorOf(fn: () => unknown): KnowledgeBaseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KnowledgeBaseError) return err;
    throw err;
  }
  throw new Error('expected a KnowledgeBaseError');
}

/** The shipped KB with one item changed, for schema tests. */
function withItem(index: number, change: (item: Record<string, unknown>) => void): string {
  const raw = parseYaml(shippedText) as { items: Record<string, unknown>[] };
  const item = raw.items[index];
  if (!item) throw new Error('no such item');
  change(item);
  return toYaml(raw);
}

describe('shipped knowledge base', () => {
  const kb = loadKnowledgeBase();

  it('has at least 25 items with 8-12 example questions each', () => {
    expect(kb.items.length).toBeGreaterThanOrEqual(25);
    for (const item of kb.items) {
      expect(item.questions.length).toBeGreaterThanOrEqual(8);
      expect(item.questions.length).toBeLessThanOrEqual(12);
    }
  });

  it('keeps answers SMS-sized and uses only known placeholders', () => {
    for (const item of kb.items) {
      expect(item.answer.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
      for (const p of placeholdersIn(item.answer)) expect(ANSWER_PLACEHOLDERS).toContain(p);
    }
  });

  it('has no item past review on 2026-11-24', () => {
    expect(itemsPastReview(kb.items, new Date('2026-11-24T12:00:00Z'))).toEqual([]);
  });

  it('covers the topics the issue asks for', () => {
    const ids = kb.items.map((i) => i.id);
    for (const id of ['opening-hours', 'self-referral', 'gp-referral', 'crisis-plan', 'medication-questions', 'side-effects', 'missed-dose',
      'repeat-prescriptions', 'carers-support', 'complaints-pals', 'compliments-feedback', 'appointments', 'interpreters', 'accessibility',
      'data-privacy', 'telling-bot-not-safe', 'who-is-bot', 'waiting-times', 'talking-therapies', 'young-people-camhs', 'what-to-do-in-crisis',
      'where-is-ae', 'travel-parking', 'visiting-ward', 'mental-health-act', 'advocacy', 'benefits-housing', 'bereavement', 'sleep-self-help',
      'anxiety-self-help']) {
      expect(ids).toContain(id);
    }
  });

  it('sends every medication answer to a pharmacist, GP or NHS 111', () => {
    for (const id of ['medication-questions', 'side-effects', 'missed-dose', 'repeat-prescriptions']) {
      const answer = kb.items.find((i) => i.id === id)?.answer ?? '';
      expect(answer).toMatch(/pharmac/i);
      expect(answer).toMatch(/111/);
    }
  });

  it('uses only real national numbers or Ofcom drama numbers', () => {
    for (const item of kb.items) {
      const numbers = item.answer.match(/\b0\d{3,4} ?\d{3} ?\d{3,4}\b/g) ?? [];
      for (const n of numbers) expect(n.replace(/\s/g, '')).toMatch(/^(01632960\d{3}|08001111)$/);
    }
    const crisis = kb.items.find((i) => i.id === 'what-to-do-in-crisis')?.answer ?? '';
    expect(crisis).toContain('999');
    expect(crisis).toContain('option 2');
    expect(crisis).toContain('116 123');
    expect(crisis).toContain('85258');
  });

  it('keeps evaluation messages out of the off-topic training set', () => {
    const training = new Set(kb.offTopicTraining);
    expect(kb.outOfScope.length).toBeGreaterThanOrEqual(20);
    for (const m of kb.outOfScope) expect(training.has(m)).toBe(false);
  });
});

describe('knowledge base validation errors', () => {
  it('names the item id and field for an over-long answer', () => {
    const err = errorOf(() => parseKnowledgeBase(withItem(2, (i) => (i.answer = 'x'.repeat(600))), 'kb.yaml'));
    expect(err.problems).toEqual([expect.stringContaining('item "gp-referral" → answer: must be at most 480 characters')]);
    expect(err.message).toContain('kb.yaml');
  });

  it('names the item id for an unknown placeholder, a missing owner and a bad date', () => {
    const text = withItem(0, (i) => {
      i.answer = 'Call {helpline}';
      delete i.owner;
      i.reviewDue = '2027-13-45';
    });
    const err = errorOf(() => parseKnowledgeBase(text));
    expect(err.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^item "opening-hours" → answer: unknown placeholder "\{helpline\}"/),
        expect.stringMatching(/^item "opening-hours" → owner:/),
        expect.stringMatching(/^item "opening-hours" → reviewDue:/),
      ]),
    );
  });

  it('rejects too few example questions and duplicate intents', () => {
    const raw = parseYaml(shippedText) as { items: Record<string, unknown>[] };
    raw.items[1] = { ...raw.items[1], questions: ['one question', 'two'] };
    raw.items[3] = { ...raw.items[3], intent: 'opening_hours' };
    const err = errorOf(() => parseKnowledgeBase(toYaml(raw)));
    expect(err.problems).toEqual(
      expect.arrayContaining([
        'item "self-referral" → questions: needs at least 8 example questions',
        'item "crisis-plan" → intent: intent "opening_hours" is already used by item "opening-hours"',
      ]),
    );
  });

  it('rejects reviewDue before lastReviewed, and the reserved intent "none"', () => {
    const text = withItem(4, (i) => {
      i.reviewDue = '2020-01-01';
      i.intent = 'none';
    });
    const err = errorOf(() => parseKnowledgeBase(text));
    expect(err.problems).toEqual(
      expect.arrayContaining([
        'item "medication-questions" → reviewDue: must be after lastReviewed',
        expect.stringContaining('item "medication-questions" → intent: "none" is reserved'),
      ]),
    );
  });

  it('explains YAML syntax errors and unreadable files', () => {
    expect(errorOf(() => parseKnowledgeBase('items: [unclosed', 'broken.yaml')).problems[0]).toMatch(/^not valid YAML/);
    expect(errorOf(() => loadKnowledgeBase(join(__dirname, 'does-not-exist.yaml'))).problems[0]).toMatch(/^cannot read file/);
  });
});
