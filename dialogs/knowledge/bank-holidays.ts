import Holidays from 'date-holidays';

/**
 * Which days are bank holidays. A port so tests and other countries can supply their own.
 * Answers must not change over the calendar's life: OpeningHours keeps the days it has worked out.
 */
export interface BankHolidayCalendar {
  /** The holiday's name if `isoDate` (YYYY-MM-DD, local) is a bank holiday. */
  holidayOn(isoDate: string): string | undefined;
  /** False when the data source knows no bank holidays at all for that year. */
  hasDataFor(year: number): boolean;
}

/** England and Wales (GB/ENG) by default; rule-based, so no I/O. Only `public` days count. */
export class DateHolidaysCalendar implements BankHolidayCalendar {
  private readonly holidays: Holidays;
  private readonly byYear = new Map<number, Map<string, string>>();

  constructor(country = 'GB', state = 'ENG') {
    this.holidays = new Holidays(country, state);
    if (!this.holidays.getCountries()[country]) throw new Error(`date-holidays does not know country "${country}"`);
  }

  holidayOn(isoDate: string): string | undefined {
    return this.year(Number(isoDate.slice(0, 4))).get(isoDate);
  }

  hasDataFor(year: number): boolean {
    return this.year(year).size > 0;
  }

  private year(year: number): Map<string, string> {
    let days = this.byYear.get(year);
    if (!days) {
      days = new Map();
      for (const h of this.holidays.getHolidays(year) || []) {
        if (h.type === 'public' || h.type === 'bank') days.set(h.date.slice(0, 10), h.name);
      }
      this.byYear.set(year, days);
    }
    return days;
  }
}
