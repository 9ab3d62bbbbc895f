import { Normaliser } from '../../../escalation/risk/normalise';
import { OffsetMap, rewriteWithOffsets } from '../../../escalation/risk/offset-map';

const normaliser = new Normaliser({
  homoglyphs: { і: 'i', о: 'o', '’': "'" },
  leet: { '1': 'i', '0': 'o', '$': 's' },
  emoji: { '💊': 'pills', '⚰': 'coffin' },
  textisms: { kms: 'kill myself', '2nite': 'tonight', "od'd": 'overdosed', wanna: 'want to' },
});
const norm = (text: string) => normaliser.normalise(text).text;

describe('Normaliser', () => {
  it('folds case and Unicode compatibility forms', () => {
    expect(norm('I WANT TO ＤＩＥ')).toBe('i want to die');
    expect(norm('𝓲 𝔀𝓪𝓷𝓽 𝓽𝓸 𝓭𝓲𝓮')).toBe('i want to die');
    expect(norm('dïé')).toBe('die');
  });

  it('removes zero-width characters and maps homoglyphs', () => {
    expect(norm('ki\u200bll my\u200dself')).toBe('kill myself');
    expect(norm('kіll')).toBe('kill');
  });

  it('folds elongation: rarely doubled letters to one, others to two', () => {
    expect(norm('diiiiie')).toBe('die');
    expect(norm('killlllll')).toBe('kill');
    expect(norm('tooook')).toBe('took');
  });

  it('reads leetspeak inside words only', () => {
    expect(norm('k1ll my$elf')).toBe('kill myself');
    expect(norm('10 pills')).toBe('10 pills');
  });

  it('expands textisms and drops apostrophes', () => {
    expect(norm("kms 2nite")).toBe('kill myself tonight');
    expect(norm("i've od’d")).toBe('ive overdosed');
    expect(norm("I'm wanna")).toBe('im want to');
  });

  it('turns emoji into words and drops variation selectors', () => {
    expect(norm('💊⚰️').trim().replace(/\s+/g, ' ')).toBe('pills coffin');
  });

  it('maps every span back to the original text', () => {
    const original = 'OK… I ＷＡＮＮＡ diiiie 2NITE';
    const n = normaliser.normalise(original);
    const at = n.text.indexOf('want to die tonight');
    expect(at).toBeGreaterThanOrEqual(0);
    const span = n.toOriginalSpan(at, at + 'want to die tonight'.length);
    expect(original.slice(span.start, span.end)).toBe('ＷＡＮＮＡ diiiie 2NITE');
  });
});

describe('OffsetMap', () => {
  it('is the identity without edits', () => {
    const map = new OffsetMap([]);
    expect(map.mapStart(5)).toBe(5);
    expect(map.mapEnd(7)).toBe(7);
  });

  it('maps positions before, inside and after a replacement', () => {
    const { text, map } = rewriteWithOffsets('ab XYZ cd', /XYZ/g, () => 'q');
    expect(text).toBe('ab q cd');
    expect(map.mapStart(3)).toBe(3);
    expect(map.mapEnd(4)).toBe(6);
    expect(map.mapStart(5)).toBe(7);
  });
});
