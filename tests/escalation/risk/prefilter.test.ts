import { loadRiskRules } from '../../../config/load-risk-rules';
import { analyseLiterals, literalPrefixes, topLevelBranches } from '../../../escalation/risk/regex-prefixes';
import { RiskScreen } from '../../../escalation/risk/risk-screen';
import { prng } from '../../support/seeded-random';
import { pickWith, randomWordPatterns } from '../../support/random-word-pattern';

// Every sentence and pattern here was written for these tests; none comes from the labelled corpus.

describe('literal prefix analysis', () => {
  it.each([
    ['\\b(?:i want|kms)\\b', ['i want', 'kms']],
    ['\\bpills?\\b', ['pill', 'pills']],
    ['\\b(?:very )?sad\\b', ['sad', 'very sad']],
    ['\\b(?:x?y|z)\\b', ['xy', 'y', 'z']],
    ['\\b[ab]c\\b', ['ac', 'bc']],
  ])('%s starts with one of %j', (source, expected) => {
    expect(literalPrefixes(source)).toEqual([...expected].sort());
  });

  it.each([
    ['no leading word edge', 'kms'],
    ['open gap first', '\\b(?:\\w+[\\s,]+)*sad\\b'],
    ['open class first', '\\b\\w+ing\\b'],
    ['negated class', '\\b[^a]bc\\b'],
    ['back-reference', '\\b(a)\\1\\b'],
    ['can match nothing', '\\b(?:abc)?\\b'],
    ['not a regex', '\\b(?:abc\\b'],
  ])('gives up (null) on %s', (_why, source) => {
    expect(literalPrefixes(source)).toBeNull();
  });

  it('finds literals a match must contain somewhere, beyond its start', () => {
    const literals = analyseLiterals('\\b(?:\\w+[\\s,]+){0,2}?(?:hurts|hitting)\\b');
    expect(literals?.prefixes).toBeNull();
    expect(literals?.required).toEqual([['hitting', 'hurts']]);
  });

  it('splits only at top-level bars', () => {
    expect(topLevelBranches('a|(?:b|c)|[|]d|e\\|f')).toEqual(['a', '(?:b|c)', '[|]d', 'e\\|f']);
    expect(topLevelBranches('(a)\\1|b')).toBeNull();
  });

  it('never misses a match: random patterns against random texts (property)', () => {
    const rand = prng(20261124);
    const atoms = ['a', 'b', 'ab', 'ba', 'c', '[ab]', '[\\s,]+', '\\w', '(?=a)', '(?<!b)', ' ', ','];
    const pick = pickWith(rand);
    const nextPattern = randomWordPatterns(rand, { atoms, quantifiers: ['?', '*', '+', '{0,2}?', '{1,2}'], repeatTenths: 3 });
    let checked = 0;
    for (let p = 0; p < 400; p++) {
      const source = nextPattern();
      const literals = analyseLiterals(source);
      let regex: RegExp;
      try {
        regex = new RegExp(source, 'g');
      } catch {
        continue;
      }
      for (let t = 0; t < 30; t++) {
        const text = Array.from({ length: rand(14) }, () => pick(['a', 'b', 'c', ' ', ',', 'x', '\n'])).join('');
        for (const m of text.matchAll(regex)) {
          if (m[0].length === 0) continue;
          checked++;
          if (literals?.prefixes) expect(literals.prefixes.some((prefix) => text.startsWith(prefix, m.index))).toBe(true);
          for (const set of literals?.required ?? []) expect(set.some((literal) => m[0].includes(literal))).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('risk screen prefilter', () => {
  const { definition, version } = loadRiskRules();
  const fast = new RiskScreen(definition, version);
  const full = new RiskScreen(definition, version, { prefilter: false });
  const examples = definition.rules.flatMap((rule) => rule.examples ?? []);
  const noise = [
    'honestly',
    'the bus was late',
    'café',
    'ＢＩＧ',
    'my nan',
    'not',
    'years ago',
    'but now',
    'tonight',
    '🙂',
    'z\u200bero width',
    'k1ll',
    ', ',
    '. ',
    '?!',
    'lol',
    'İ',
  ];

  it('has rule examples to build test messages from', () => {
    expect(examples.length).toBeGreaterThan(20);
  });

  it('gives exactly the full-scan result for rule examples mixed with noise (property)', () => {
    const rand = prng(7);
    const texts: string[] = [...examples, examples.join(' '), examples.join('. ')];
    for (let i = 0; i < 800; i++) {
      const parts = Array.from({ length: 1 + rand(5) }, () => (rand(2) === 0 ? examples[rand(examples.length)] : noise[rand(noise.length)]));
      let text = parts.join(rand(3) === 0 ? '' : ' ');
      if (rand(6) === 0) text = text.toUpperCase();
      if (rand(8) === 0) text = text.replace(/ /g, '  ');
      texts.push(text);
    }
    for (const text of texts) {
      expect({ text, result: fast.screen(text) }).toEqual({ text, result: full.screen(text) });
    }
  });

  it('gives exactly the full-scan result on long and unusual input', () => {
    const texts = [
      '',
      '   ',
      'i want to die '.repeat(300),
      'x'.repeat(20000),
      `${'the weather is grim. '.repeat(500)}i have taken all my tablets`,
      'I\u200b w\u200ba\u200bn\u200bt to d\u0456e',
      '💊💊💊 and 🔪 tonight',
      'i_want_to_die',
      'kill-myself',
    ];
    for (const text of texts) expect(fast.screen(text)).toEqual(full.screen(text));
  });
});
