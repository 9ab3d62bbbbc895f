import type { RotaConfig } from '../../../config/service-schema';
import { findRotaGaps, whoIsOnCall } from '../../../escalation/rota/on-call';
import { loadExampleServiceConfig } from '../../support/load-example-config';

const LONDON = 'Europe/London';

const nights: RotaConfig = {
  id: 'nights',
  weekly: [
    { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '21:00', person: 'day-nurse' },
    { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '21:00', to: '09:00', person: 'night-nurse' },
    { days: ['saturday', 'sunday'], from: '00:00', to: '24:00', person: 'weekend-doctor' },
  ],
  overrides: [
    { from: '2026-03-02T12:00', to: '2026-03-03T12:00', person: 'locum', reason: 'leave' },
    { from: '2026-03-02T18:00', to: '2026-03-02T19:00', person: 'second-locum', reason: 'swap' },
  ],
};

describe('whoIsOnCall', () => {
  it('follows the weekly pattern in London time (GMT in winter)', () => {
    // Tuesday 2026-01-13 10:00 GMT
    expect(whoIsOnCall(nights, new Date('2026-01-13T10:00:00Z'), LONDON)?.personId).toBe('day-nurse');
    expect(whoIsOnCall(nights, new Date('2026-01-13T08:59:59Z'), LONDON)?.personId).toBe('night-nurse');
    expect(whoIsOnCall(nights, new Date('2026-01-13T21:00:00Z'), LONDON)?.personId).toBe('night-nurse');
  });

  it('uses BST in summer: 08:30 UTC is 09:30 in London', () => {
    // Tuesday 2026-07-14
    expect(whoIsOnCall(nights, new Date('2026-07-14T08:30:00Z'), LONDON)?.personId).toBe('day-nurse');
    expect(whoIsOnCall(nights, new Date('2026-07-14T07:30:00Z'), LONDON)?.personId).toBe('night-nurse');
  });

  it('a shift crossing midnight covers the next morning, including into Saturday', () => {
    // Friday night shift 21:00 → Saturday 09:00; but Saturday has its own 00:00–24:00 shift, listed later.
    const answer = whoIsOnCall(nights, new Date('2026-01-17T03:00:00Z'), LONDON);
    expect(answer?.personId).toBe('night-nurse');
    expect(answer?.from).toBe('2026-01-16T21:00:00.000Z');
    expect(answer?.to).toBe('2026-01-17T09:00:00.000Z');
    // Sunday night → Monday morning: no weekday shift started Sunday, so Monday 00:00–09:00 is a hole.
    expect(whoIsOnCall(nights, new Date('2026-01-19T03:00:00Z'), LONDON)).toBeUndefined();
  });

  it('overrides win, and the later-listed override wins over an earlier one', () => {
    const at = new Date('2026-03-02T13:00:00Z'); // Monday, day shift
    expect(whoIsOnCall(nights, at, LONDON)).toMatchObject({ personId: 'locum', source: 'override', reason: 'leave' });
    expect(whoIsOnCall(nights, new Date('2026-03-02T18:30:00Z'), LONDON)?.personId).toBe('second-locum');
    expect(whoIsOnCall(nights, new Date('2026-03-03T12:00:00Z'), LONDON)?.personId).toBe('day-nurse');
  });

  it('a 09:00–09:00 shift spanning the spring-forward change lasts 23 hours', () => {
    const rota: RotaConfig = {
      id: 'r',
      weekly: [
        { days: ['saturday'], from: '09:00', to: '09:00', person: 'saturday-person' },
        { days: ['sunday'], from: '09:00', to: '09:00', person: 'sunday-person' },
      ],
      overrides: [],
    };
    // Clocks go forward 01:00 GMT on Sunday 2026-03-29. Saturday 09:00 GMT = 09:00Z; Sunday 09:00 BST = 08:00Z.
    const saturday = whoIsOnCall(rota, new Date('2026-03-29T07:59:00Z'), LONDON);
    expect(saturday).toMatchObject({ personId: 'saturday-person', from: '2026-03-28T09:00:00.000Z', to: '2026-03-29T08:00:00.000Z' });
    expect(whoIsOnCall(rota, new Date('2026-03-29T08:00:00Z'), LONDON)?.personId).toBe('sunday-person');
  });

  it('a shift spanning the autumn change lasts 25 hours and the repeated hour is covered once', () => {
    const rota: RotaConfig = {
      id: 'r',
      weekly: [
        { days: ['saturday'], from: '21:00', to: '09:00', person: 'night' },
        { days: ['sunday'], from: '09:00', to: '21:00', person: 'day' },
      ],
      overrides: [],
    };
    // Clocks go back 02:00 BST on Sunday 2026-10-25: 01:30 happens twice (00:30Z and 01:30Z).
    expect(whoIsOnCall(rota, new Date('2026-10-25T00:30:00Z'), LONDON)?.personId).toBe('night');
    expect(whoIsOnCall(rota, new Date('2026-10-25T01:30:00Z'), LONDON)?.personId).toBe('night');
    expect(whoIsOnCall(rota, new Date('2026-10-25T08:59:00Z'), LONDON)?.personId).toBe('night');
    expect(whoIsOnCall(rota, new Date('2026-10-25T09:00:00Z'), LONDON)?.personId).toBe('day');
  });

  it('a shift starting inside the spring-forward gap starts when the clocks have gone forward', () => {
    const rota: RotaConfig = { id: 'r', weekly: [{ days: ['sunday'], from: '01:30', to: '06:00', person: 'p' }], overrides: [] };
    // 01:30 does not exist on 2026-03-29 in London; luxon moves it to 02:30 BST = 01:30Z.
    expect(whoIsOnCall(rota, new Date('2026-03-29T00:59:00Z'), LONDON)).toBeUndefined();
    expect(whoIsOnCall(rota, new Date('2026-03-29T01:30:00Z'), LONDON)?.personId).toBe('p');
  });

  it('the example service: Christmas cover swap and 24/7 second on call', () => {
    const config = loadExampleServiceConfig();
    const first = config.rotas.find((r) => r.id === 'crisis-first-on-call')!;
    const second = config.rotas.find((r) => r.id === 'crisis-second-on-call')!;
    // Friday 2026-12-25 03:00: the weekly pattern says nurse-evans (Thursday 09:00 → Friday 09:00) anyway;
    // Saturday 2026-12-26 12:00 would be dr-murphy, but the swap puts nurse-evans on.
    expect(whoIsOnCall(first, new Date('2026-12-26T12:00:00Z'), LONDON)).toMatchObject({ personId: 'nurse-evans', source: 'override' });
    expect(whoIsOnCall(first, new Date('2027-01-02T12:00:00Z'), LONDON)?.personId).toBe('dr-murphy');
    expect(whoIsOnCall(second, new Date('2026-06-01T23:59:59Z'), LONDON)?.personId).toBe('dr-patel');
  });

  it('finds no gaps in the example rotas over the Christmas weeks, and finds the Monday hole in the test rota', () => {
    const config = loadExampleServiceConfig();
    for (const rota of config.rotas) {
      expect(findRotaGaps(rota, new Date('2026-12-01T00:00:00Z'), new Date('2027-01-15T00:00:00Z'), LONDON, 60)).toEqual([]);
    }
    const gaps = findRotaGaps(nights, new Date('2026-01-18T00:00:00Z'), new Date('2026-01-20T00:00:00Z'), LONDON, 15);
    expect(gaps).toEqual([{ from: '2026-01-19T00:00:00.000Z', to: '2026-01-19T09:00:00.000Z' }]);
  });

  it('rejects an unknown time zone clearly', () => {
    expect(() => whoIsOnCall(nights, new Date(), 'Mars/Olympus')).toThrow(/time zone/);
  });
});
