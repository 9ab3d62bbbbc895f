import { realScreen } from './screen-fixture';

// Every sentence here was written for these tests; none comes from the labelled corpus.
const screen = realScreen();
const level = (text: string) => screen.screen(text).level;

describe('risk screen — levels by category', () => {
  it.each([
    ['suicidal ideation', 'honestly i just want to die'],
    ['textism', 'kms'],
    ['slang', 'thinking of unaliving myself'],
    ['euphemism', 'gonna ctb'],
    ['passive death wish', 'wish i could go to sleep and not wake up'],
    ['burdensomeness', 'my family would be better off without me'],
    ['self-harm', 'i cut myself again last night'],
    ['self-harm urges', 'the urge to self harm is so strong'],
    ['harm to others', 'i keep having thoughts of hurting my baby'],
    ['safeguarding', 'my stepdad hits me when mum is out'],
    ['psychosis', 'i keep hearing voices nobody else can hear'],
    ['means stockpile', 'been saving up my tablets in a drawer'],
    ['method research', 'how many paracetamol would it take to die'],
  ])('%s → urgent: %s', (_category, text) => {
    expect(level(text)).toBe('urgent');
  });

  it.each([
    ['overdose taken', 'ive just swallowed 24 paracetamol'],
    ['overdose, typo + elongation', 'i tooook a whoooole box of my sertaline'],
    ['attempt in progress', 'the rope is around my neck'],
    ['plan with timing', 'im going to kill myself tonight'],
    ['timing via textism', 'gonna kms 2nite'],
    ['at a dangerous place', 'standing on the edge of the bridge'],
    ['command voices', 'the voices are telling me to jump'],
    ['imminent harm to others', 'i have a knife and im going to stab him'],
    ['violence now', 'he is hitting her right now'],
    ['medical', 'my friend is not breathing'],
    ['farewell', 'by the time you read this i will be gone'],
    ['ideation at a place', 'i want to die and im on the bridge'],
  ])('%s → emergency: %s', (_category, text) => {
    expect(level(text)).toBe('emergency');
  });

  it.each([
    ['distress', 'feeling really low and overwhelmed'],
    ['grief', 'i miss my dad so much'],
  ])('%s → concern: %s', (_category, text) => {
    expect(level(text)).toBe('concern');
  });
});

describe('risk screen — traps', () => {
  it.each([
    'my commute is killing me',
    'im dying to see the new film',
    'going to cut my hair tomorrow',
    'gonna jump in the shower then head out',
    'off to bridge club on thursday',
    'i could murder a curry',
    'this exam is going to be the death of me lol',
    'my phone is dead, can you text me later',
    'shoot me a message when you are free',
    'i ran 5 kms this morning',
    'going to dye my hair blue',
    'my mum will kill me if i am late again',
  ])('idioms and innocent uses are not raised to urgent: %s', (text) => {
    expect(['none', 'concern']).toContain(level(text));
  });

  it('negation: an explicit denial is concern, not none and not urgent', () => {
    const result = screen.screen('i feel awful but im not going to hurt myself');
    expect(result.level).toBe('concern');
    expect(result.matches.find((m) => m.category === 'self_harm')?.modifiers).toContain('negated');
  });

  it('negation never drops an explicit wish to die to none', () => {
    expect(level('i dont want to die')).toBe('concern');
  });

  it('a clause break ends the negation: "not ok and i want to die" stays urgent', () => {
    expect(level('im not ok and i want to die')).toBe('urgent');
  });

  it('past history only is concern', () => {
    const result = screen.screen('i tried to kill myself years ago, im doing much better now');
    expect(result.level).toBe('concern');
    expect(result.matches.some((m) => m.modifiers.includes('past'))).toBe(true);
  });

  it('history with returning urges stays urgent', () => {
    expect(level('i used to self harm and the urges are back')).toBe('urgent');
  });

  it('questions about the service are downgraded by at most one level', () => {
    const result = screen.screen('what happens if someone says they are suicidal?');
    expect(result.level).toBe('concern');
    expect(result.matches.some((m) => m.modifiers.includes('hypothetical'))).toBe(true);
  });

  it('third-party reports still escalate, with subject other', () => {
    const result = screen.screen('my son says he wants to die');
    expect(result.level).toBe('urgent');
    expect(result.subject).toBe('other');
    expect(result.flags).toContain('third_party');
  });

  it('third-party emergency keeps its level', () => {
    const result = screen.screen('my sister has taken an overdose');
    expect(result.level).toBe('emergency');
    expect(result.subject).toBe('other');
  });

  it('the speaker is the subject when they report their own risk after naming someone', () => {
    expect(screen.screen('i told my mum i want to die').subject).toBe('self');
  });
});

describe('risk screen — explainability', () => {
  it('matched spans are text of the original message, even after normalisation', () => {
    const original = 'ok so... I wanna DIIIIE tbh';
    const result = screen.screen(original);
    expect(result.level).toBe('urgent');
    for (const match of result.matches) {
      expect(original.slice(match.start, match.end)).toBe(match.text);
    }
    expect(result.matches.some((m) => m.text === 'wanna DIIIIE')).toBe(true);
  });

  it('spans survive zero-width characters and homoglyphs', () => {
    const original = 'i want to k\u200bіll myself'; // zero-width space and Cyrillic і
    const result = screen.screen(original);
    expect(result.level).toBe('urgent');
    const match = result.matches.find((m) => m.ruleId === 'SI-explicit');
    expect(match?.text).toBe('k\u200bіll myself');
  });

  it('every result carries the rules version and rule ids', () => {
    const result = screen.screen('i want to end my life');
    expect(result.rulesVersion).toBe(screen.rulesVersion);
    expect(result.rulesVersion).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
    expect(result.matches.map((m) => m.ruleId)).toContain('SI-explicit');
  });

  it('combinations name the signals that fired', () => {
    const result = screen.screen('im going to kill myself tonight');
    const combo = result.matches.find((m) => m.category === 'combination');
    expect(combo?.ruleId).toBe('COMBO-intent-timing');
    expect(combo?.modifiers).toContain('signals:intent+timing');
  });

  it('is deterministic and JSON-serialisable', () => {
    const text = 'my friend said she took all her pills';
    const a = screen.screen(text);
    expect(JSON.parse(JSON.stringify(a))).toEqual(screen.screen(text));
  });
});

describe('risk screen — robustness', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['binary', String.fromCharCode(...Array.from({ length: 500 }, (_, i) => (i * 37) % 65536))],
    ['emoji only', '💊💊💊⚰️'],
    ['lone surrogates', '\ud800\udc00\ud800 kms \udfff'],
  ])('does not throw on %s input', (_name, text) => {
    expect(() => screen.screen(text)).not.toThrow();
  });

  it('emoji with a clear meaning are understood', () => {
    expect(level('💊💊💊 ⚰️')).toBe('urgent');
  });

  // Speed is measured by `npm run bench` (linear growth, 100 KB vs 1 KB); this only checks that a 1 MB message is
  // screened to the end, so risk at the very end of a long paste is still found.
  it('screens a 1 MB message to the end', () => {
    const big = 'a normal sentence about my day at work. '.repeat(26000) + 'i want to die';
    expect(screen.screen(big).level).toBe('urgent');
  }, 120_000);
});
