import { DateTime } from 'luxon';
import type { OpeningHoursConfig, Weekday } from '../../config/service-schema';
import { WEEKDAYS } from '../../config/service-schema';
import { DateHolidaysCalendar, type BankHolidayCalendar } from './bank-holidays';

export type OpeningReason = 'open' | 'outside-hours' | 'closed-day' | 'bank-holiday' | 'closure';

export interface OpeningState {
  open: boolean;
  reasonCode: OpeningReason;
  /** Plain English, e.g. "Closed for Christmas Day (bank holiday)". */
  reason: string;
  /** When open: when the current window ends. */
  closesAt: Date | null;
  /** When closed: the next time the service opens (null if none within two months). */
  nextOpening: Date | null;
  /** E.g. "tomorrow at 9am", "on Tuesday 29 December at 9am"; null when open or unknown. */
  nextOpeningText: string | null;
}

interface Interval {
  start: DateTime;
  end: DateTime;
}

interface Day {
  date: DateTime;
  intervals: Interval[];
  holiday?: string;
  closure?: { reason: string; from?: string };
}

const LOOKAHEAD_DAYS = 62;
/** Enough for today plus the longest look-ahead; the cache is emptied when it reaches this. */
const MAX_CACHED_DAYS = 2 * (LOOKAHEAD_DAYS + 1);

/**
 * The service's staffed hours. Pure: everything is a function of the instant passed in, so the
 * injected clock (CRISIS_BOT_NOW) can rehearse any night. Times in config are wall-clock times in
 * the service's zone; luxon resolves them per date, so the BST/GMT changes need no special case.
 */
export class OpeningHours {
  private readonly calendar: BankHolidayCalendar;
  /**
   * Each local date's windows, by ISO date. A day depends only on its date, the config and the
   * calendar, none of which change; building one costs a dozen time-zone conversions, and the
   * bot asks on every opening-hours question.
   */
  private readonly days = new Map<string, Day>();

  constructor(
    private readonly config: OpeningHoursConfig,
    private readonly timeZone: string = 'Europe/London',
    calendar?: BankHolidayCalendar,
  ) {
    if (!DateTime.now().setZone(timeZone).isValid) throw new Error(`unknown time zone "${timeZone}"`);
    this.calendar = calendar ?? new DateHolidaysCalendar(config.bankHolidays.country, config.bankHolidays.state);
  }

  isOpen(at: Date): OpeningState {
    const now = DateTime.fromJSDate(at, { zone: this.timeZone });
    const today = this.day(now);
    const current = today.intervals.find((w) => w.start <= now && now < w.end);
    if (current) {
      return {
        open: true,
        reasonCode: 'open',
        reason: `Open until ${formatTime(current.end)}`,
        closesAt: current.end.toJSDate(),
        nextOpening: null,
        nextOpeningText: null,
      };
    }
    const next = this.nextOpeningAfter(now);
    const { reasonCode, reason } = this.closedReason(now, today);
    return {
      open: false,
      reasonCode,
      reason,
      closesAt: null,
      nextOpening: next ? next.toJSDate() : null,
      nextOpeningText: next ? describeNextOpening(now, next) : null,
    };
  }

  /**
   * Problems to log at start-up: the trust has not re-checked the holiday data for this year,
   * or the holiday data has nothing for this year.
   */
  dataWarnings(at: Date): string[] {
    const year = DateTime.fromJSDate(at, { zone: this.timeZone }).year;
    const warnings: string[] = [];
    const { checkedUntilYear, closed } = this.config.bankHolidays;
    if (closed && checkedUntilYear < year) {
      warnings.push(
        `openingHours.bankHolidays.checkedUntilYear is ${checkedUntilYear} but it is now ${year}: check this year's bank holidays and closures, then raise checkedUntilYear`,
      );
    }
    if (closed && !this.calendar.hasDataFor(year)) {
      warnings.push(`no bank holiday data for ${year}: bank holidays will be treated as normal days`);
    }
    return warnings;
  }

  private day(anyTimeThatDay: DateTime): Day {
    const iso = anyTimeThatDay.toISODate() ?? '';
    const cached = this.days.get(iso);
    if (cached) return cached;
    const day = this.buildDay(anyTimeThatDay.startOf('day'), iso);
    if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
    this.days.set(iso, day);
    return day;
  }

  private buildDay(date: DateTime, iso: string): Day {
    const holiday = this.config.bankHolidays.closed ? this.calendar.holidayOn(iso) : undefined;
    const closure = this.config.closures.find((c) => c.date === iso);
    if (holiday || (closure && !closure.from)) return { date, intervals: [], holiday, closure };
    const weekday: Weekday = WEEKDAYS[date.weekday - 1] ?? 'monday';
    let intervals = (this.config.weekly[weekday] ?? []).map((w) => ({ start: at(date, w.open), end: at(date, w.close) }));
    if (closure?.from) {
      const cutoff = at(date, closure.from);
      intervals = intervals
        .map((w) => ({ start: w.start, end: w.end < cutoff ? w.end : cutoff }))
        .filter((w) => w.start < w.end);
    }
    return { date, intervals: intervals.sort((a, b) => a.start.toMillis() - b.start.toMillis()), holiday, closure };
  }

  private nextOpeningAfter(now: DateTime): DateTime | null {
    for (let offset = 0; offset <= LOOKAHEAD_DAYS; offset += 1) {
      const { intervals } = this.day(now.plus({ days: offset }));
      const upcoming = intervals.find((w) => w.start > now);
      if (upcoming) return upcoming.start;
    }
    return null;
  }

  private closedReason(now: DateTime, today: Day): { reasonCode: OpeningReason; reason: string } {
    if (today.holiday) return { reasonCode: 'bank-holiday', reason: `Closed for the bank holiday (${today.holiday})` };
    if (today.closure && (!today.closure.from || now >= at(today.date, today.closure.from))) {
      return { reasonCode: 'closure', reason: `Closed: ${today.closure.reason}` };
    }
    const weekday = WEEKDAYS[today.date.weekday - 1] ?? 'monday';
    if ((this.config.weekly[weekday] ?? []).length === 0) {
      return { reasonCode: 'closed-day', reason: `Closed on ${capitalise(weekday)}s` };
    }
    return { reasonCode: 'outside-hours', reason: 'Outside opening hours' };
  }
}

/** "HH:MM" on a local date; "24:00" is midnight at the end of that day. */
function at(date: DateTime, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':').map(Number);
  if (h === 24) return date.plus({ days: 1 }).startOf('day');
  return date.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
}

/** "9am", "4:30pm", "midnight". */
export function formatTime(t: DateTime): string {
  if (t.hour === 0 && t.minute === 0) return 'midnight';
  if (t.hour === 12 && t.minute === 0) return 'midday';
  const suffix = t.hour < 12 ? 'am' : 'pm';
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  return t.minute === 0 ? `${hour12}${suffix}` : `${hour12}:${String(t.minute).padStart(2, '0')}${suffix}`;
}

function describeNextOpening(now: DateTime, next: DateTime): string {
  const days = Math.round(next.startOf('day').diff(now.startOf('day'), 'days').days);
  const time = formatTime(next);
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  return `on ${next.toFormat('cccc d LLLL')} at ${time}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
