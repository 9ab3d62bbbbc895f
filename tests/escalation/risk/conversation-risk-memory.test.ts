import { accumulate } from '../../../escalation/risk/conversation-risk-memory';
import { realScreen } from './screen-fixture';

const screen = realScreen();

describe('conversation risk memory', () => {
  it('never drops back below the highest level reached', () => {
    let memory;
    let step = screen.accumulate(memory, screen.screen('i want to die'));
    memory = step.memory;
    expect(step.result.level).toBe('urgent');
    step = screen.accumulate(memory, screen.screen('anyway what time do you open tomorrow'));
    expect(step.result.level).toBe('urgent');
    expect(step.result.flags).toContain('held_from_earlier_message');
    expect(step.result.matches.some((m) => m.modifiers.includes('earlier_message'))).toBe(true);
  });

  it('combines signals across messages: plan then timing → emergency', () => {
    let step = screen.accumulate(undefined, screen.screen('ive been thinking of jumping off the bridge'));
    expect(step.result.level).toBe('urgent');
    step = screen.accumulate(step.memory, screen.screen('tonight'));
    expect(step.result.level).toBe('emergency');
    expect(step.result.matches.some((m) => m.ruleId === 'COMBO-plan-timing' && m.modifiers.includes('conversation'))).toBe(true);
  });

  it('memory is plain JSON and round-trips', () => {
    const step = screen.accumulate(undefined, screen.screen('kms'));
    const restored = JSON.parse(JSON.stringify(step.memory));
    expect(screen.accumulate(restored, screen.screen('ok')).result.level).toBe('urgent');
    expect(step.memory.messageCount).toBe(1);
  });

  it('negated signals do not accumulate', () => {
    let step = screen.accumulate(undefined, screen.screen('im not going to kill myself'));
    step = screen.accumulate(step.memory, screen.screen('see you tonight'));
    expect(step.result.level).toBe('concern');
  });

  it('works as a pure function without the screen', () => {
    const first = screen.screen('i want to die');
    const { result, memory } = accumulate(undefined, first);
    expect(result.level).toBe('urgent');
    expect(memory.highestLevel).toBe('urgent');
  });
});
