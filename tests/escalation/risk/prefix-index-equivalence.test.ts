import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRiskRules } from '../../../config/load-risk-rules';
import { RiskScreen } from '../../../escalation/risk/risk-screen';

// The prefiltered screen (prefix index + required literals) must give exactly the full-scan result.
// Texts: every line of the development fixtures, the rules' own examples, and synthetic edge cases written here.

const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures', 'risk');
const FIXTURE_FILES = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();

function fixtureTexts(file: string): string[] {
  const texts: string[] = [];
  for (const line of readFileSync(join(FIXTURE_DIR, file), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const parsed = JSON.parse(line) as { text?: unknown };
    if (typeof parsed.text === 'string') texts.push(parsed.text);
  }
  return texts;
}

const SYNTHETIC = [
  '',
  ' ',
  ',,,',
  'a',
  'i',
  'im',
  'x'.repeat(5000),
  'over and over and over',
  'i want to die',
  'I WANT TO DIE!!!',
  'iwanttodie',
  'want to die i',
  'die want to i',
  'i want to die '.repeat(50),
  'not waking up, he is not waking up',
  'is not waking',
  'waking up is not',
  'im over',
  'im in.',
  'tonight tonight tonight',
  'i have taken 40 paracetamol and 3 ibuprofen',
  'ive taken them already',
  'taken',
  'my mum is gonna kill me for this',
  'the bridge club meets at 7',
  'my son is 12 and his boyfriend is 19',
  'she is 15 years old her boyfriend is 30',
  'ive been stockpiling my pills',
  'stockpil',
  'enough enough enough pills to do it',
  '💊💊💊 tonight',
  'i_want_to_die',
  'kill-myself',
  'k1ll mys3lf',
  'I\u200b w\u200ba\u200bn\u200bt to d\u0456e',
  'café crème, ＢＩＧ, İstanbul',
  'then. i. will. end. it.',
  'end it all?',
  'at 3 pm',
  'at 3pm tonight im going to jump',
];

describe('prefiltered screen equals the full scan', () => {
  const { definition, version, compiled } = loadRiskRules();
  const fast = new RiskScreen(definition, version, { compiled });
  const full = new RiskScreen(definition, version, { prefilter: false });

  it('has development fixture files to compare on', () => {
    expect(FIXTURE_FILES.length).toBeGreaterThan(0);
  });

  // One test per file keeps each one short; the full scan it compares with is slow by design.
  it.each(FIXTURE_FILES)('on every line of %s', (file) => {
    const texts = fixtureTexts(file);
    expect(texts.length).toBeGreaterThan(0);
    const differing = texts.filter((text) => JSON.stringify(fast.screen(text)) !== JSON.stringify(full.screen(text)));
    expect(differing).toEqual([]);
  });

  it('on fixture lines joined into long messages', () => {
    const texts = FIXTURE_FILES.flatMap((file) => fixtureTexts(file).slice(0, 40));
    for (const separator of [' ', '. ', '\n', '']) {
      const text = texts.join(separator);
      expect(fast.screen(text)).toEqual(full.screen(text));
    }
  });

  it.each(SYNTHETIC.map((text) => [JSON.stringify(text).slice(0, 60), text]))('on synthetic edge case %s', (_label, text) => {
    expect(fast.screen(text)).toEqual(full.screen(text));
  });

  it('on fixture lines with words cut, repeated and reordered (property)', () => {
    const texts = FIXTURE_FILES.flatMap((file) => fixtureTexts(file));
    let state = 20261125;
    const next = (n: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state % n;
    };
    for (let i = 0; i < 200; i++) {
      const words = texts[next(texts.length)].split(' ');
      const from = next(words.length);
      const picked = [...words.slice(from), ...words.slice(0, from)];
      if (next(2) === 0) picked.splice(next(picked.length + 1), 0, ...texts[next(texts.length)].split(' ').slice(0, 3));
      const text = picked.join(next(4) === 0 ? '' : ' ');
      expect({ text, result: fast.screen(text) }).toEqual({ text, result: full.screen(text) });
    }
  });
});
