import { DateTime } from 'luxon';
import type { OpeningHoursService } from './ports/opening-hours-service';

/** The next day (after today) the service is open, in words, e.g. "Monday 7 December". */
export function nextWorkingDay(openingHours: OpeningHoursService, now: Date, timeZone: string): string {
  const tomorrow = DateTime.fromJSDate(now, { zone: timeZone }).plus({ days: 1 }).startOf('day');
  const status = openingHours.status(tomorrow.toJSDate());
  const day = status.open ? tomorrow : status.nextOpening ? DateTime.fromJSDate(status.nextOpening, { zone: timeZone }) : undefined;
  return day ? day.setLocale('en-GB').toFormat('cccc d LLLL') : 'the next working day';
}
