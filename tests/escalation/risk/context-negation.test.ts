import { rule, screensFor, smallRuleSet } from './small-rule-set';

// Every sentence and pattern here was written for these tests; none comes from the labelled corpus.

/**
 * Negation written INSIDE a rule match. A cue the pattern itself needs ("dont want to live") is what the rule
 * means and negates nothing; a cue the pattern only let through a gap ("ill never kill myself", matched whole by
 * "{INTENT} … kill myself") negates the match, one level down, just as a cue before the match does.
 */
const definition = smallRuleSet({
  rules: [
    rule('T-intent', 'urgent', ['(?:going to|gonna|ill|i will|im|plan to) (?:[a-z]+ ){0,2}?(?:kill myself|end (?:it|my life))']),
    rule('T-passive', 'urgent', ['(?:dont|do not|never) want to (?:live|wake up|be alive)']),
    rule('T-cant-go-on', 'urgent', ['(?:cant|can not|cannot) go on']),
    rule('T-command', 'emergency', ['voices (?:said|say|told me) (?:[a-z]+ ){0,3}?kill']),
    rule('T-wide-gap', 'urgent', ['tonight (?:[a-z]+ ){0,5}?end it']),
  ],
  context: { negationExceptions: ['not sure|dont know|not ok|no one|if i dont'] },
});
const { fast, full } = screensFor(definition);

function screen(text: string) {
  const result = fast.screen(text);
  expect(full.screen(text)).toEqual(result);
  return result;
}

describe('negation inside a match', () => {
  it.each([
    ['ill never kill myself', 'T-intent'],
    ['i will not end it', 'T-intent'],
    ['i will never end my life', 'T-intent'], // multi-word cue "will never": "never" is the negating word
    ['im definitely not going to kill myself', 'T-intent'],
  ])('a cue the rule let through a gap negates the match: %s', (text, ruleId) => {
    const result = screen(text);
    const match = result.matches.find((m) => m.ruleId === ruleId);
    expect(match?.modifiers).toContain('negated');
    expect(result.level).toBe('concern');
  });

  it.each([
    ['i dont want to live anymore', 'T-passive'],
    ['i do not want to be alive', 'T-passive'],
    ['i never want to wake up again', 'T-passive'],
    ['i can not go on like this', 'T-cant-go-on'],
  ])('a cue the pattern requires is part of its meaning, not a denial: %s', (text, ruleId) => {
    const result = screen(text);
    expect(result.level).toBe('urgent');
    expect(result.matches.find((m) => m.ruleId === ruleId)?.modifiers).not.toContain('negated');
  });

  it('a negation exception inside the match cancels the cue', () => {
    expect(screen('voices said if i dont kill my mum').level).toBe('emergency');
  });

  it('a clause break after the cue ends its scope inside the match', () => {
    const result = screen('im not ok, going to kill myself');
    expect(result.level).toBe('urgent');
  });

  it('the speaker starting a new statement ends the scope: "tonight dont judge me i will end it"', () => {
    // The pattern's gap holds "dont judge me i will"; the "dont" is about judging, not about ending it.
    const result = screen('tonight dont judge me i will end it');
    expect(result.level).toBe('urgent');
    expect(result.matches[0].modifiers).not.toContain('negated');
  });

  it('without a new statement the same gap is negated: "tonight i will not end it"', () => {
    expect(screen('tonight i will not end it').matches.find((m) => m.ruleId === 'T-wide-gap')?.modifiers).toContain('negated');
  });

  it('a cue before the match still negates it, as before', () => {
    const result = screen('honestly not going to kill myself');
    expect(result.matches[0].modifiers).toContain('negated');
    expect(result.level).toBe('concern');
  });
});

describe('a negation that is a condition denies nothing', () => {
  it('"if things dont get better i will end it" stays urgent (cue before the match)', () => {
    const result = screen('if things dont get better i will end it');
    expect(result.level).toBe('urgent');
    expect(result.matches[0].modifiers).not.toContain('negated');
  });

  it('"unless he doesnt come back im going to end it" stays urgent', () => {
    expect(screen('unless he doesnt come back im going to end it').level).toBe('urgent');
  });

  it('a conditional cue inside the match is not read as a denial either', () => {
    const result = screen('tonight if it doesnt stop just end it');
    expect(result.level).toBe('urgent');
    expect(result.matches[0].modifiers).not.toContain('negated');
  });

  it('a real denial after a condition in another clause still negates', () => {
    const result = screen('if you are asking, im not going to kill myself');
    expect(result.level).toBe('concern');
  });
});
