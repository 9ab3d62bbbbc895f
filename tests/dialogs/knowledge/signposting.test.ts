import { crisisNumbersText, FALLBACK_CRISIS_NUMBERS_TEXT } from '../../../dialogs/knowledge/crisis-numbers';
import { OpeningHours } from '../../../dialogs/knowledge/opening-hours';
import { routesAsText, signpostingRoutes, telLink } from '../../../dialogs/knowledge/signposting';
import type { SignpostingConfig } from '../../../config/service-schema';
import { exampleServiceConfig } from './example-service';

const config = exampleServiceConfig();
const signposting = config.signposting;
const hours = new OpeningHours(config.openingHours);

describe('signpostingRoutes', () => {
  it('in hours offers 999, the service line and the 24/7 crisis line', () => {
    const open = hours.isOpen(new Date('2026-11-24T10:00:00Z')).open;
    const routes = signpostingRoutes(signposting, { serviceOpen: open, under19: false });
    expect(routes.map((r) => r.id)).toEqual(['emergency', 'serviceLine', 'localCrisisLine']);
    expect(routes[1]).toMatchObject({ number: '01632 960 100', telLink: 'tel:+441632960100' });
  });

  it('out of hours offers 999, NHS 111 option 2, crisis line, Samaritans, Shout and the GP route via 111', () => {
    const open = hours.isOpen(new Date('2026-12-25T02:00:00Z')).open;
    const routes = signpostingRoutes(signposting, { serviceOpen: open, under19: false });
    expect(routes.map((r) => r.id)).toEqual(['emergency', 'nhs111', 'localCrisisLine', 'samaritans', 'shout', 'gpOutOfHours']);
    expect(routes.find((r) => r.id === 'nhs111')?.label).toContain('option 2');
    expect(routes.find((r) => r.id === 'samaritans')).toMatchObject({ number: '116 123', telLink: 'tel:116123' });
    expect(routes.find((r) => r.id === 'shout')).toMatchObject({ number: '85258', smsLink: 'sms:85258?body=SHOUT' });
    expect(routes.find((r) => r.id === 'gpOutOfHours')).toMatchObject({ number: '111', telLink: 'tel:111' });
    expect(routes.some((r) => r.id === 'serviceLine')).toBe(false);
  });

  it('adds Childline for under-19s, in and out of hours', () => {
    for (const serviceOpen of [true, false]) {
      const routes = signpostingRoutes(signposting, { serviceOpen, under19: true });
      expect(routes.at(-1)).toMatchObject({ id: 'childline', number: '0800 1111', telLink: 'tel:08001111' });
      expect(routes[0]?.id).toBe('emergency');
    }
  });

  it('renders as plain text lines', () => {
    const text = routesAsText(signpostingRoutes(signposting, { serviceOpen: false, under19: false }));
    expect(text.split('\n')[0]).toBe('Emergency services: 999 (or go to your nearest A&E)');
    expect(text).toContain('Samaritans: 116 123 (free, 24 hours)');
  });

  it('builds tel: links for national, short and international numbers', () => {
    expect(telLink('999')).toBe('tel:999');
    expect(telLink('01632 960 999')).toBe('tel:+441632960999');
    expect(telLink('+44 7700 900123')).toBe('tel:+447700900123');
  });
});

describe('crisisNumbersText', () => {
  it('includes 999, NHS 111 option 2, Samaritans, Shout and the local crisis line', () => {
    const text = crisisNumbersText(signposting);
    for (const part of ['999', '111', 'option 2', '116 123', '85258', '01632 960 999']) expect(text).toContain(part);
    expect(text.length).toBeLessThanOrEqual(320);
  });

  it('falls back to national numbers when the config is missing or broken', () => {
    expect(crisisNumbersText(undefined)).toBe(FALLBACK_CRISIS_NUMBERS_TEXT);
    const broken = { ...signposting, localCrisisLine: { label: '', number: 'call us' } } as SignpostingConfig;
    expect(crisisNumbersText(broken)).toBe(FALLBACK_CRISIS_NUMBERS_TEXT);
  });

  it('the fallback has every national number', () => {
    for (const part of ['999', '111', 'option 2', '116 123', '85258', '0800 1111']) expect(FALLBACK_CRISIS_NUMBERS_TEXT).toContain(part);
  });
});
