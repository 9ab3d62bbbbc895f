import { join } from 'node:path';
import { loadKnowledgeBase } from '../../../config/load-knowledge-base';
import { answerValuesFrom, describePastReview, itemsPastReview, KnowledgeBase, renderAnswer } from '../../../dialogs/knowledge/knowledge-base';
import { exampleServiceConfig } from './example-service';

const service = exampleServiceConfig();
const values = answerValuesFrom(service);

describe('KnowledgeBase', () => {
  const kb = new KnowledgeBase(loadKnowledgeBase(), values);

  it('looks items up by intent and fills placeholders from the service config', () => {
    const answer = kb.answerFor('crisis_help');
    expect(answer).toMatchObject({ itemId: 'what-to-do-in-crisis', title: 'Help in a crisis' });
    expect(answer?.text).toContain('01632 960 999');
    expect(answer?.text).toContain('0800 1111');
    expect(answer?.text).not.toMatch(/[{}]/);
  });

  it('renders every shipped answer with no placeholder left and within 480 characters', () => {
    for (const intent of kb.intents()) {
      const text = kb.answerFor(intent)?.text ?? '';
      expect(text).not.toMatch(/[{}]/);
      expect(text.length).toBeLessThanOrEqual(480);
    }
  });

  it('returns undefined for none and unknown intents', () => {
    expect(kb.answerFor('none')).toBeUndefined();
    expect(kb.answerFor('weather')).toBeUndefined();
    expect(kb.titleFor('opening_hours')).toBe('Opening hours');
  });

  it('reports no shipped item past review on 2026-11-24', () => {
    expect(kb.itemsPastReview(new Date('2026-11-24T09:00:00Z'))).toEqual([]);
  });
});

describe('review dates', () => {
  const kb = new KnowledgeBase(loadKnowledgeBase(join(__dirname, '..', '..', 'fixtures', 'knowledge', 'past-due-kb.yaml')), values);

  it('lists items whose review date has passed, most overdue first; the due date itself is not overdue', () => {
    const past = kb.itemsPastReview(new Date('2026-11-24T12:00:00Z'));
    expect(past.map((p) => [p.id, p.daysOverdue])).toEqual([
      ['opening-hours', 268],
      ['complaints', 23],
    ]);
    expect(describePastReview(past)[0]).toBe(
      'knowledge item "opening-hours" was due for review on 2026-03-01 (268 day(s) ago); owner: Crisis service manager',
    );
  });

  it('counts an item as past review from the start of the day after reviewDue', () => {
    expect(kb.itemsPastReview(new Date('2026-11-24T23:59:00Z')).map((p) => p.id)).not.toContain('parking');
    expect(kb.itemsPastReview(new Date('2026-11-25T00:00:00Z')).map((p) => p.id)).toContain('parking');
  });

  it('uses the London date: 23:30 UTC on 31 May 2026 is already 1 June in BST', () => {
    const dueEndOfMay = new KnowledgeBase(
      { ...loadKnowledgeBase(join(__dirname, '..', '..', 'fixtures', 'knowledge', 'past-due-kb.yaml')) },
      values,
    ).items.map((item) => ({ ...item, reviewDue: '2026-05-31' }));
    expect(itemsPastReview(dueEndOfMay, new Date('2026-05-31T22:59:00Z'))).toEqual([]);
    expect(itemsPastReview(dueEndOfMay, new Date('2026-05-31T23:30:00Z'))).toHaveLength(3);
  });
});

describe('renderAnswer', () => {
  it('leaves unknown braces alone', () => {
    expect(renderAnswer('Call {serviceLine} or {other}', values)).toBe('Call 01632 960 100 or {other}');
  });
});
