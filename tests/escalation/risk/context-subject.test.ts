import { rule, screensFor, smallRuleSet } from './small-rule-set';

// Every sentence and pattern here was written for these tests; none comes from the labelled corpus.

/**
 * Whose risk a match is about. Rules without a fixed subject: the person named at the start of the match acts
 * ("hes turned blue"); the speaker as object of someone else's act is the one at risk ("my partner hits me");
 * a person named after the verb is an object ("i want to hurt my dad").
 */
const definition = smallRuleSet({
  rules: [
    rule('T-blue', 'emergency', ['(?:(?:hes|shes|theyve|theyre|he|she|they) )?(?:turned|gone|going) blue']),
    rule('T-od', 'emergency', ['(?:(?:hes|shes|theyve|he|she|they|i|ive) )?(?:taken|took) (?:an overdose|pills|all (?:my|his|her|their) pills)']),
    rule('T-breathing', 'emergency', ['(?:(?:{PERSON})s? )?(?:is )?not breathing']),
    rule('T-tracker', 'urgent', ['(?:they|someone) (?:put|planted) a (?:tracker|chip) in my (?:arm|head|tooth)'], { category: 'psychosis' }),
    rule('T-tracker-wide', 'urgent', ['(?:put|planted) a (?:tracker|chip) in (?:my|his|her)'], { category: 'psychosis' }),
    rule('T-voices', 'urgent', ['(?:a|the) (?:mans|womans) voice (?:keeps )?(?:telling|saying)'], { category: 'psychosis' }),
    rule('T-hits', 'urgent', ['(?:(?:{PERSON})s? )?(?:hits|beats|hurts|slaps|locks) (?:me|my (?:{PERSON})|(?:him|her|them))']),
    rule('T-kill-threat', 'urgent', ['(?:hes|shes|theyre|he is|she is|they are|ill) (?:going to |gonna )?kill (?:me|him|her|them|my (?:{PERSON}))']),
    rule('T-harm-others', 'urgent', ['(?:want to|going to|gonna) (?:hurt|kill) (?:my (?:{PERSON})|someone)']),
    rule('T-wish', 'urgent', ['wants? to die', 'wish it was me']),
    rule('T-grief', 'concern', ['died', 'passed away']),
    rule('T-goodbye', 'emergency', ['(?:texted|messaged|rang) me (?:[a-z]+ ){0,3}?(?:saying )?goodbye']),
  ],
});
const { fast, full } = screensFor(definition);

function screen(text: string) {
  const result = fast.screen(text);
  expect(full.screen(text)).toEqual(result);
  return result;
}

describe('subject at the start of a match', () => {
  it.each([
    ['hes turned blue'],
    ['theyve taken pills'],
    ['she took an overdose'],
    ["my son's not breathing"],
    ['dad is not breathing'], // a person noun without "my" leading the match
    ['i think shes gone blue'], // the speaker only reports; the pronoun leads the match
  ])('a third person leading the match makes the subject other: %s', (text) => {
    const result = screen(text);
    expect(result.level).toBe('emergency');
    expect(result.subject).toBe('other');
  });

  it.each([['ive taken pills'], ['i took all my pills']])('the speaker leading the match is self: %s', (text) => {
    expect(screen(text).subject).toBe('self');
  });

  it('the person named at the start of the match wins over one named earlier in the sentence', () => {
    // Before the match the speaker is the last person named ("i think"); the match itself starts with "hes".
    expect(screen('i came home and i think hes turned blue').subject).toBe('other');
  });

  it('a pronoun after "till"/"when" starts a subordinate clause and is not the actor', () => {
    // "they" are the arms here; the speaker, named before the match, is the one harming.
    const subordinate = smallRuleSet({ rules: [rule('T-till', 'urgent', ['till they (?:bleed|hurt)'])] });
    expect(screensFor(subordinate).fast.screen('i scratch my arms till they bleed').subject).toBe('self');
  });
});

describe('the speaker as object: "they put a tracker in my arm" family', () => {
  it.each([
    ['they put a tracker in my arm', 'urgent'], // persecutory belief: the speaker's own experience
    ['someone planted a chip in my head', 'urgent'],
    ['a womans voice keeps telling me things', 'urgent'],
  ])('psychotic experiences naming other actors are the speaker\'s: %s', (text, level) => {
    const result = screen(text);
    expect(result.level).toBe(level);
    expect(result.subject).toBe('self');
  });

  it('someone else named before a psychotic experience makes it theirs', () => {
    expect(screen('my brother says a mans voice keeps telling him things').subject).toBe('other');
    expect(screen('my dad is convinced the neighbours put a chip in his head').subject).toBe('other');
  });

  it('"they" before a match that starts after it is still the persecutor, not the subject', () => {
    // T-tracker-wide matches "put a tracker in my" without "they"; "they" is read before the match.
    const result = screen('honestly they put a tracker in my arm');
    expect(result.matches.map((m) => m.ruleId)).toContain('T-tracker-wide');
    expect(result.subject).toBe('self');
    expect(result.matches.every((m) => !m.modifiers.includes('third_party'))).toBe(true);
  });
});

describe('safeguarding and multi-sentence third-party reports', () => {
  it.each([
    ['my partner hits me'],
    ['my stepdad locks me in'],
    ['hes going to kill me'],
    ['my ex is outside and says hes going to kill me'],
  ])('someone else acting on the speaker: the speaker is at risk (self): %s', (text) => {
    expect(screen(text).subject).toBe('self');
  });

  it.each([
    ['my dad hits my mum'],
    ['dad hits her again'], // a person noun without "my" leading the match
    ['my sister beats her'],
  ])('someone else acting on another person: other: %s', (text) => {
    expect(screen(text).subject).toBe('other');
  });

  it('a person named after the verb is the object: "i want to hurt my dad" is the speaker\'s risk', () => {
    expect(screen('sometimes i want to hurt my dad').subject).toBe('self');
    expect(screen('i feel like im going to kill someone').subject).toBe('self');
  });

  it('receiving a report is not being the object: "my sister texted me saying goodbye" stays other', () => {
    expect(screen('my sister just texted me saying goodbye').subject).toBe('other');
  });

  it('a third-party report over several sentences keeps its subject', () => {
    const result = screen('its my son. hes 15. hes taken pills and now hes gone blue');
    expect(result.level).toBe('emergency');
    expect(result.subject).toBe('other');
  });

  it('the speaker\'s own words inside a match about someone else make it theirs: "… died and i wish it was me"', () => {
    const wish = smallRuleSet({ rules: [rule('T-wish-instead', 'urgent', ['died (?:[a-z]+ ){0,3}?and i wish it was me'])] });
    expect(screensFor(wish).fast.screen('my friend died last month and i wish it was me').subject).toBe('self');
  });

  it('when the speaker and someone else are both at the top level, the speaker named as acting comes first', () => {
    const result = screen('ill kill him if he hurts my mum again');
    expect(result.level).toBe('urgent');
    expect(result.subject).toBe('self');
    expect(result.matches.some((m) => m.modifiers.includes('third_party'))).toBe(true);
  });

  it('the speaker named only as an onlooker does not outweigh the person at risk', () => {
    // "i saw" names the speaker before the match, but the marks are on the son.
    const onlooker = smallRuleSet({
      rules: [rule('T-cutting', 'urgent', ['(?:has been|is) cutting']), rule('T-marks', 'urgent', ['marks on (?:his|her|their) arms'])],
    });
    expect(screensFor(onlooker).fast.screen('my son has been cutting, i saw the marks on his arms').subject).toBe('other');
  });
});

describe('bereavement', () => {
  it.each([['my grandad died last year'], ['my nan passed away on monday']])(
    'a death that has happened is about the bereaved speaker: %s',
    (text) => {
      const result = screen(text);
      expect(result.level).toBe('concern');
      expect(result.subject).toBe('self');
    },
  );

  it('someone else named as struggling after a death keeps the subject other', () => {
    expect(screen('my mum wants to die since dad died').subject).toBe('other');
  });
});

describe('the speaker acting later in the sentence', () => {
  it.each([
    ['hes going to kill me so im going to do it first', 'urgent'],
    ['hes gonna kill my mum and im hiding in the bathroom', 'urgent'],
    ['my dad took all his pills and i know where he keeps more', 'emergency'],
  ])('what the speaker will do, or that they hide or have access, makes it their risk: %s', (text, level) => {
    const result = screen(text);
    expect(result.level).toBe(level);
    expect(result.subject).toBe('self');
  });

  it.each([
    ['she took an overdose and im going to the hospital with her'],
    ['my son wants to die and i dont know what to do'],
    ['theyve taken pills and i want to help them'],
  ])('helping, not knowing what to do or going with them leaves it a report about someone else: %s', (text) => {
    expect(screen(text).subject).toBe('other');
  });

  it('a bare "mam" that may be Polish ("i have") does not name a mother; "my mam" does', () => {
    const definition = smallRuleSet({ rules: [rule('T-pl', 'urgent', ['(?:(?:mam|my mam) )?dosc zycia'])] });
    const withMam = { ...definition, macros: { ...definition.macros, PERSON: `${definition.macros.PERSON}|mam` } };
    const { fast: polish, full: reference } = screensFor(withMam);
    expect(polish.screen('mam dosc zycia').subject).toBe('self');
    expect(polish.screen('my mam dosc zycia').subject).toBe('other');
    expect(reference.screen('mam dosc zycia')).toEqual(polish.screen('mam dosc zycia'));
  });
});
