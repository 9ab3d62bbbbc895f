import type { TurnScreening } from '../../bot/turn/conversation-risk-screen';
import type { RiskLevel, RiskSubject } from '../../escalation/risk/risk-level';
import { decideRiskAction, needsReassessment } from '../../dialogs/risk-routing';

function screening(message: RiskLevel, conversation: RiskLevel, subject: RiskSubject = 'self'): TurnScreening {
  const r = (level: RiskLevel) => ({ level, subject, flags: [], matches: [], rulesVersion: 'v' });
  return { message: r(message), conversation: r(conversation), previousLevel: 'none', memory: {} };
}

describe('risk routing: only a rise triggers, emergencies always do', () => {
  test.each<[string, TurnScreening | undefined, RiskLevel, string]>([
    ['no screening (not a message)', undefined, 'none', 'none'],
    ['a rise to urgent runs the safety check', screening('urgent', 'urgent'), 'none', 'urgent'],
    ['an urgent conversation is not re-checked on later messages', screening('none', 'urgent'), 'urgent', 'none'],
    ['another urgent message after acting on urgent does not re-run it', screening('urgent', 'urgent'), 'urgent', 'none'],
    ['a rise to concern', screening('concern', 'concern'), 'none', 'concern'],
    ['an emergency message always gets the emergency response', screening('emergency', 'emergency'), 'emergency', 'emergency'],
    ['a conversation that rose to emergency by accumulation', screening('urgent', 'emergency'), 'urgent', 'emergency'],
    ['a quiet message in an emergency conversation', screening('none', 'emergency'), 'emergency', 'none'],
  ])('%s', (_name, s, acted, expected) => {
    expect(decideRiskAction(s, { self: acted, other: 'none' }).kind).toBe(expected);
  });

  test('who is at risk comes from the message that raised the level', () => {
    expect(decideRiskAction(screening('urgent', 'urgent', 'other'), { self: 'none', other: 'none' })).toEqual({ kind: 'urgent', subject: 'other' });
  });

  test('having helped someone worried about another person, their own risk still triggers the safety check', () => {
    const s: TurnScreening = {
      message: { level: 'urgent', subject: 'self', flags: [], matches: [], rulesVersion: 'v' },
      conversation: { level: 'urgent', subject: 'other', flags: [], matches: [], rulesVersion: 'v' },
      previousLevel: 'urgent',
      memory: {},
    };
    expect(decideRiskAction(s, { self: 'none', other: 'urgent' })).toEqual({ kind: 'urgent', subject: 'self' });
    expect(decideRiskAction(screening('none', 'urgent', 'other'), { self: 'none', other: 'urgent' })).toEqual({ kind: 'none' });
  });
});

describe('a new urgent disclosure long after the last safety check is assessed again', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const now = new Date('2026-12-25T02:30:00Z');
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 60 * 60 * 1000).toISOString();
  const acted = { self: 'urgent' as RiskLevel, other: 'none' as RiskLevel };

  test.each<[string, TurnScreening | undefined, RiskLevel, string | undefined, boolean]>([
    ['urgent message a day after the last check', screening('urgent', 'urgent'), 'urgent', hoursAgo(24), true],
    ['urgent message an hour after the last check', screening('urgent', 'urgent'), 'urgent', hoursAgo(1), false],
    ['after an emergency response long ago', screening('urgent', 'emergency'), 'emergency', hoursAgo(72), true],
    ['no time kept (state from before it existed) counts as long ago', screening('urgent', 'urgent'), 'urgent', undefined, true],
    ['a quiet message in an old urgent conversation is not a disclosure', screening('none', 'urgent'), 'urgent', hoursAgo(72), false],
    ['concern is not urgent', screening('concern', 'urgent'), 'urgent', hoursAgo(72), false],
    ['never acted on urgent: the ordinary rise applies instead', screening('urgent', 'urgent'), 'none', undefined, false],
    ['about someone else', screening('urgent', 'urgent', 'other'), 'urgent', hoursAgo(72), false],
    ['no screening', undefined, 'urgent', hoursAgo(72), false],
  ])('%s', (_name, s, self, at, expected) => {
    expect(needsReassessment(s, { ...acted, self }, at, now, DAY)).toBe(expected);
  });
});
