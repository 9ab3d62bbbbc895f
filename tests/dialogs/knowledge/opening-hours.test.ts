import type { OpeningHoursConfig } from '../../../config/service-schema';
import { DateHolidaysCalendar, type BankHolidayCalendar } from '../../../dialogs/knowledge/bank-holidays';
import { OpeningHours } from '../../../dialogs/knowledge/opening-hours';
import { exampleServiceConfig } from './example-service';

// Example service: Mon-Wed 09:00-17:00, Thu 09:00-19:00, Fri 09:00-16:30; Christmas Eve and
// New Year's Eve close at 13:00; England and Wales bank holidays closed. Times below are UTC.
const config = exampleServiceConfig();
const hours = new OpeningHours(config.openingHours, 'Europe/London');
const state = (iso: string) => hours.isOpen(new Date(iso));

describe('OpeningHours.isOpen', () => {
  it('is open on a weekday inside the window and says when it closes', () => {
    const s = state('2026-11-24T10:00:00Z'); // Tuesday 10:00 GMT
    expect(s).toMatchObject({ open: true, reasonCode: 'open', reason: 'Open until 5pm', nextOpening: null, nextOpeningText: null });
    expect(s.closesAt?.toISOString()).toBe('2026-11-24T17:00:00.000Z');
  });

  it('is closed on a weekday evening and opens tomorrow at 9am', () => {
    const s = state('2026-11-24T17:00:00Z'); // closing time itself counts as closed
    expect(s).toMatchObject({ open: false, reasonCode: 'outside-hours', nextOpeningText: 'tomorrow at 9am' });
    expect(s.nextOpening?.toISOString()).toBe('2026-11-25T09:00:00.000Z');
  });

  it('is closed before opening and opens today', () => {
    expect(state('2026-11-25T08:59:00Z')).toMatchObject({ open: false, nextOpeningText: 'today at 9am' });
  });

  it('uses per-day windows (Thursday late, Friday early)', () => {
    expect(state('2026-11-26T18:30:00Z').open).toBe(true);
    expect(state('2026-11-27T16:30:00Z')).toMatchObject({ open: false, nextOpeningText: 'on Monday 30 November at 9am' });
  });

  it('is closed at the weekend and names the day', () => {
    const s = state('2026-11-28T12:00:00Z');
    expect(s).toMatchObject({ open: false, reasonCode: 'closed-day', reason: 'Closed on Saturdays', nextOpeningText: 'on Monday 30 November at 9am' });
  });

  it('closes at 1pm on Christmas Eve', () => {
    expect(state('2026-12-24T12:59:00Z')).toMatchObject({ open: true, reason: 'Open until 1pm' });
    const s = state('2026-12-24T13:00:00Z');
    expect(s).toMatchObject({ open: false, reasonCode: 'closure', reason: "Closed: Christmas Eve: the office closes at 1pm" });
    // 25th bank holiday, 26-27 weekend, 28th substitute bank holiday.
    expect(s.nextOpeningText).toBe('on Tuesday 29 December at 9am');
  });

  it('is closed on Christmas Day and on the Boxing Day substitute day', () => {
    expect(state('2026-12-25T11:00:00Z')).toMatchObject({ open: false, reasonCode: 'bank-holiday', reason: 'Closed for the bank holiday (Christmas Day)' });
    const sub = state('2026-12-28T11:00:00Z');
    expect(sub).toMatchObject({ open: false, reasonCode: 'bank-holiday', nextOpeningText: 'tomorrow at 9am' });
    expect(sub.reason).toContain('substitute');
  });

  it('is closed on Easter Monday 2027 (BST) and reopens at 9am local = 08:00 UTC', () => {
    const s = state('2027-03-29T10:00:00Z');
    expect(s).toMatchObject({ open: false, reasonCode: 'bank-holiday', reason: 'Closed for the bank holiday (Easter Monday)', nextOpeningText: 'tomorrow at 9am' });
    expect(s.nextOpening?.toISOString()).toBe('2027-03-30T08:00:00.000Z');
  });

  it('handles the spring clock change (Sunday 29 March 2026, GMT → BST)', () => {
    const friday = state('2026-03-27T17:00:00Z'); // Friday 17:00 GMT, closed since 16:30
    expect(friday.nextOpening?.toISOString()).toBe('2026-03-30T08:00:00.000Z'); // Monday 09:00 BST
    expect(friday.nextOpeningText).toBe('on Monday 30 March at 9am');
    expect(state('2026-03-30T07:59:00Z').open).toBe(false);
    expect(state('2026-03-30T08:00:00Z').open).toBe(true);
    expect(state('2026-03-30T15:59:00Z').open).toBe(true); // 16:59 BST
    expect(state('2026-03-30T16:00:00Z').open).toBe(false); // 17:00 BST
  });

  it('handles the autumn clock change (Sunday 25 October 2026, BST → GMT)', () => {
    expect(state('2026-10-23T15:29:00Z').open).toBe(true); // Friday 16:29 BST
    const s = state('2026-10-23T15:30:00Z'); // Friday 16:30 BST
    expect(s.open).toBe(false);
    expect(s.nextOpening?.toISOString()).toBe('2026-10-26T09:00:00.000Z'); // Monday 09:00 GMT
    expect(state('2026-10-26T08:59:00Z').open).toBe(false);
    expect(state('2026-10-26T09:00:00Z').open).toBe(true);
  });

  it('ignores bank holidays when the service opens on them', () => {
    const openOnHolidays: OpeningHoursConfig = { ...config.openingHours, bankHolidays: { ...config.openingHours.bankHolidays, closed: false } };
    expect(new OpeningHours(openOnHolidays).isOpen(new Date('2026-12-28T11:00:00Z')).open).toBe(true);
  });

  it('supports several windows a day and a 24:00 close', () => {
    const split: OpeningHoursConfig = {
      weekly: { monday: [{ open: '09:00', close: '12:00' }, { open: '13:00', close: '24:00' }] },
      closures: [],
      bankHolidays: { country: 'GB', state: 'ENG', closed: true, checkedUntilYear: 2030 },
    };
    const h = new OpeningHours(split);
    expect(h.isOpen(new Date('2026-11-30T12:30:00Z'))).toMatchObject({ open: false, nextOpeningText: 'today at 1pm' });
    expect(h.isOpen(new Date('2026-11-30T23:59:00Z'))).toMatchObject({ open: true, reason: 'Open until midnight' });
  });

  it('returns no next opening when nothing opens within two months', () => {
    const never: OpeningHoursConfig = { weekly: {}, closures: [], bankHolidays: { country: 'GB', state: 'ENG', closed: true, checkedUntilYear: 2030 } };
    expect(new OpeningHours(never).isOpen(new Date('2026-11-30T12:00:00Z'))).toMatchObject({ open: false, nextOpening: null, nextOpeningText: null });
  });

  it('answers the same when asked again and again as a fresh instance does, across clock changes, holidays and months', () => {
    // One instance keeps the days it has worked out; a new instance per question starts from nothing.
    const calendar = new DateHolidaysCalendar(config.openingHours.bankHolidays.country, config.openingHours.bankHolidays.state);
    const warm = new OpeningHours(config.openingHours, 'Europe/London', calendar);
    const step = (7 * 60 + 13) * 60 * 1000;
    const instants: Date[] = [];
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-07-01T00:00:00Z'); t += step) instants.push(new Date(t));
    // Forwards, then backwards: later questions land on days worked out long before (and on a cache emptied on the way).
    for (const at of [...instants, ...[...instants].reverse()]) {
      expect(warm.isOpen(at)).toEqual(new OpeningHours(config.openingHours, 'Europe/London', calendar).isOpen(at));
    }
  });

  it('rejects an unknown time zone', () => {
    expect(() => new OpeningHours(config.openingHours, 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});

describe('OpeningHours.dataWarnings', () => {
  it('is quiet while the holiday data has been checked for this year', () => {
    expect(hours.dataWarnings(new Date('2026-11-24T12:00:00Z'))).toEqual([]);
  });

  it('warns when checkedUntilYear is in the past', () => {
    expect(hours.dataWarnings(new Date('2029-01-02T12:00:00Z'))).toEqual([expect.stringContaining('checkedUntilYear is 2028 but it is now 2029')]);
  });

  it('warns when the holiday source has no data for the year', () => {
    const empty: BankHolidayCalendar = { holidayOn: () => undefined, hasDataFor: (year) => year < 2027 };
    const h = new OpeningHours(config.openingHours, 'Europe/London', empty);
    expect(h.dataWarnings(new Date('2027-06-01T12:00:00Z'))).toEqual([expect.stringContaining('no bank holiday data for 2027')]);
    // An injected calendar replaces date-holidays entirely.
    expect(h.isOpen(new Date('2026-12-28T11:00:00Z')).open).toBe(true);
  });
});
