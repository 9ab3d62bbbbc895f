import { MAX_TWILIO_BODY_CHARS, splitForSms } from '../../../../bot/channels/twilio-sms/sms-splitter';

const NUMBERS = ['116 123', '0800 1111', '01632 960 999', '+44 7700 900123', '85258', '999'];

function assertNumbersWhole(parts: string[], source: string): void {
  for (const number of NUMBERS) {
    const inSource = source.split(number).length - 1;
    const inParts = parts.reduce((n, p) => n + p.split(number).length - 1, 0);
    expect(inParts).toBe(inSource);
  }
}

describe('splitForSms', () => {
  it('leaves a short reply whole', () => {
    expect(splitForSms('Call Samaritans on 116 123.')).toEqual(['Call Samaritans on 116 123.']);
  });

  it('splits a long reply into parts of at most 1600 characters at sentence ends', () => {
    const sentence = 'Call Samaritans free on 116 123 at any time, or Childline on 0800 1111 if you are under 19. ';
    const text = sentence.repeat(40).trim();
    const parts = splitForSms(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MAX_TWILIO_BODY_CHARS);
      expect(part.endsWith('19.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(text);
    assertNumbersWhole(parts, text);
  });

  it('never splits inside a phone number, even when a word boundary inside it is the only choice', () => {
    // 44 characters of filler, then a number straddling the 50-character limit.
    const text = `${'x'.repeat(44)} 0800 1111 and then 116 123 ${'y'.repeat(30)} 01632 960 999 end`;
    for (const max of [40, 47, 50, 52, 60, 75]) {
      const parts = splitForSms(text, max);
      for (const part of parts) expect(part.length).toBeLessThanOrEqual(max);
      assertNumbersWhole(parts, text);
    }
  });

  it('prefers paragraph and line breaks to sentence ends', () => {
    const para = 'First paragraph. It has two sentences.';
    const text = `${para}\n\n${'Second paragraph talks about 116 123. '.repeat(3).trim()}`;
    expect(splitForSms(text, 120)[0]).toBe(para);
  });

  it('cuts one enormous token hard rather than looping', () => {
    const parts = splitForSms('a'.repeat(4000));
    expect(parts.map((p) => p.length)).toEqual([1600, 1600, 800]);
  });
});
