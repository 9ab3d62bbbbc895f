import { innocentUse, rule, screensFor, smallRuleSet } from './small-rule-set';

// Every sentence and pattern here was written for these tests; none comes from the labelled corpus.

/**
 * Innocent uses no longer blank the text: the rules read the message as written, and a match is dropped only
 * when an innocent span hides it — the match ends inside the span, or starts after the span's first character.
 * A match that contains the whole span and runs past its end keeps its risk.
 */
const definition = smallRuleSet({
  rules: [
    rule('T-die', 'urgent', ['(?:dying|die) (?:to|for) sleep', 'want to die', 'dying']),
    rule('T-pills', 'emergency', ['(?:taken|took) all my pills']),
    rule('T-jump', 'emergency', ['jump in front of (?:a|the) (?:train|bus)', 'jump']),
    rule('T-killing-me', 'urgent', ['killing me', 'kill me']),
    rule('T-cut', 'urgent', ['need to cut', 'cut myself']),
    rule('T-wake', 'urgent', ['wont wake up']),
    rule('T-threat', 'emergency', ['(?:{PERSON}) (?:is )?(?:going to|gonna) kill me']),
  ],
  innocentUses: [
    innocentUse('I-dying-to', '(?:dying|die) (?:to|for) (?:see|sleep|know)'),
    innocentUse('I-jump-in', 'jump in'),
    innocentUse('I-killing-me', '(?:commute|job|exam|heat) is killing me'),
    innocentUse('I-cut-grass', 'cut the grass'),
    // Alternation order makes this span "phone wont wake", one word short of the rule's "wont wake up".
    innocentUse('I-phone', 'phone (?:wont|doesnt) (?:wake|wake up|turn on)'),
    innocentUse('I-mum-will-kill-me', 'mum (?:is )?(?:going to|gonna) kill me(?= (?:if|for|when))'),
  ],
});
const { fast, full } = screensFor(definition);

function screen(text: string) {
  const result = fast.screen(text);
  expect(full.screen(text)).toEqual(result);
  return result;
}

describe('innocent uses suppress only the matches they hide', () => {
  it('a match entirely inside an innocent span is dropped', () => {
    const result = screen('im dying to see the new film');
    expect(result.level).toBe('none');
    expect(result.matches).toEqual([]);
  });

  it('risk written right next to an idiom is still read: "dying to sleep, ive taken all my pills"', () => {
    const result = screen('dying to sleep, ive taken all my pills');
    expect(result.level).toBe('emergency');
    expect(result.matches.map((m) => m.ruleId)).toEqual(['T-pills']);
  });

  it('"killing me" next to a real statement: the idiom is dropped, the statement kept', () => {
    const result = screen('this heat is killing me and i want to die');
    expect(result.level).toBe('urgent');
    expect(result.matches.map((m) => m.text)).toEqual(['want to die']);
  });

  it('a match that contains the whole innocent span and runs past its end keeps its risk', () => {
    const result = screen('i want to jump in front of a train');
    expect(result.level).toBe('emergency');
    expect(result.matches.map((m) => m.text)).toEqual(['jump in front of a train']);
  });

  it('a shorter match inside the same idiom is still dropped: "jump in the shower"', () => {
    expect(screen('gonna jump in the shower').level).toBe('none');
  });

  it('a match ending inside the span is dropped even when it starts before it: "need to cut the grass"', () => {
    expect(screen('i need to cut the grass before it rains').level).toBe('none');
  });

  it('a match starting after the first character of the span is dropped: "my phone wont wake up"', () => {
    expect(screen('my phone wont wake up').level).toBe('none');
  });

  it('a match covering words before the idiom is dropped when it ends inside it: "my mum is gonna kill me for…"', () => {
    expect(screen('my mum is gonna kill me for crashing the car').level).toBe('none');
    // Without the idiom's context ("for …") it is a threat.
    expect(screen('my mum is gonna kill me').level).toBe('emergency');
  });

  it('words are not joined or broken by an idiom any more: the text the rules read is the text as written', () => {
    // The old blanking turned "jump in" into spaces, so "jump in front of the bus" could never match.
    expect(screen('jump in front of the bus').level).toBe('emergency');
  });

  it('a real match found after an innocent one in the same scan is still reported', () => {
    const result = screen('dying to know how it ends. honestly im dying');
    expect(result.level).toBe('urgent');
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0].text).toBe('dying');
    expect(result.matches[0].start).toBe('dying to know how it ends. honestly im '.length);
  });

  it('matches hidden by idioms do not count towards the per-rule match limit', () => {
    const text = `${'my commute is killing me. '.repeat(12)}kill me`;
    const result = screen(text);
    expect(result.level).toBe('urgent');
    expect(result.matches.map((m) => m.text)).toEqual(['kill me']);
  });
});

describe('context cues are not read inside innocent spans', () => {
  const withCueIdiom = smallRuleSet({
    rules: [rule('T-die', 'urgent', ['want to die'])],
    innocentUses: [innocentUse('I-class', 'in my class')],
    context: { hypothetical: ['in my class'] },
  });
  const screens = screensFor(withCueIdiom);

  it('an innocent span that looks like a cue does not change the level', () => {
    const text = 'everyone in my class hates me and i want to die';
    expect(screens.fast.screen(text).level).toBe('urgent');
    expect(screens.full.screen(text)).toEqual(screens.fast.screen(text));
  });
});
