import { parseClinicianReply } from '../../escalation/acknowledgement';
import { normaliseReference, ReferenceCodeGenerator } from '../../escalation/reference-code';
import { pageSmsText, pageVoiceText } from '../../escalation/notify/page-message';

describe('parseClinicianReply', () => {
  it.each([
    ['ACK 4821', '4821'], ['ack4821', '4821'], ['4821', '4821'], ['#4821', '4821'], ['Accept 4821.', '4821'],
    ['yes: 4821', '4821'], ['  ACK   482193 ', '482193'], ['ref 4821', '4821'],
  ])('%s accepts %s', (body, reference) => {
    expect(parseClinicianReply(body)).toEqual({ kind: 'accept', reference });
  });
  it.each(['1', 'ACCEPT', 'yes', 'Y', 'ack', 'OK!'])('%s accepts the single open page', (body) => {
    expect(parseClinicianReply(body)).toEqual({ kind: 'accept' });
  });
  it.each(['no', 'ACK 48', 'call me', '2', 'ACK 4821 and 1234', ''])('%s is not understood', (body) => {
    expect(parseClinicianReply(body)).toEqual({ kind: 'unrecognised' });
  });
  it('HELP asks for help', () => expect(parseClinicianReply('help')).toEqual({ kind: 'help' }));
});

describe('reference codes', () => {
  it('are four digits without a leading zero or all-same digits, six after many collisions', () => {
    const values = [1111, 4821, 777777, 120034];
    const generator = new ReferenceCodeGenerator(() => values.shift()!);
    expect(generator.next(0)).toBe('4821');
    expect(generator.next(25)).toBe('120034');
    const real = new ReferenceCodeGenerator();
    for (let i = 0; i < 200; i++) expect(real.next(0)).toMatch(/^[1-9]\d{3}$/);
  });
  it('normalises what people type', () => {
    expect(normaliseReference(' #4821 ')).toBe('4821');
    expect(normaliseReference('48 21')).toBeUndefined();
  });
});

describe('page messages', () => {
  const details = { reference: '4821', level: 'urgent' as const, channel: 'sms', startedAt: new Date('2026-07-01T01:05:00Z'), timeZone: 'Europe/London', publicBaseUrl: 'https://bot.example/' };
  it('SMS: reference, level, channel, local time and dashboard link only', () => {
    expect(pageSmsText(details)).toBe('URGENT crisis alert 4821 via sms at 02:05 Wed 1 Jul. Reply ACK 4821 to accept. https://bot.example/dashboard/escalations/4821');
  });
  it('voice: reads the reference digit by digit and asks for 1', () => {
    expect(pageVoiceText(details)).toContain('reference 4 8 2 1');
    expect(pageVoiceText(details)).toContain('Press 1 to accept');
  });
});
