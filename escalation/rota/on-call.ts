import { DateTime } from 'luxon';
import { WEEKDAYS, type RotaConfig } from '../../config/service-schema';

export interface OnCallAnswer {
  personId: string;
  /** Why this person: a dated override wins over the weekly pattern. */
  source: 'override' | 'weekly';
  /** Start and end of the shift or override that covers the instant (ISO, UTC). */
  from: string;
  to: string;
  reason?: string;
}

type Shift = RotaConfig['weekly'][number];

/** "24:00" means the end of the day, i.e. midnight of the next day. */
function atLocalTime(day: DateTime, time: string): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  if (hour === 24) return day.plus({ days: 1 }).startOf('day');
  // luxon moves a wall time that does not exist (the spring-forward gap) forward by the gap.
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

function localDateTime(text: string, timeZone: string): DateTime {
  const parsed = DateTime.fromISO(text, { zone: timeZone });
  if (!parsed.isValid) throw new Error(`invalid local date-time "${text}" in ${timeZone}: ${parsed.invalidExplanation}`);
  return parsed;
}

function shiftWindowStartingOn(day: DateTime, shift: Shift): { start: DateTime; end: DateTime } {
  const start = atLocalTime(day, shift.from);
  let end = atLocalTime(day, shift.to);
  // A shift whose end is not after its start ends the next day ("21:00"–"09:00", or "09:00"–"09:00" for 24 h).
  if (end <= start) end = atLocalTime(day.plus({ days: 1 }), shift.to);
  return { start, end };
}

/**
 * Who is on call on this rota at an instant. Overrides (leave, bank holidays, swaps) win over the
 * weekly pattern; among overlapping entries the later-listed override, or the first-listed shift, wins.
 * Times in the rota are wall-clock times in the service time zone, so shifts follow DST changes.
 */
export function whoIsOnCall(rota: RotaConfig, at: Date, timeZone: string): OnCallAnswer | undefined {
  const instant = DateTime.fromJSDate(at, { zone: timeZone });
  if (!instant.isValid) throw new Error(`invalid time zone "${timeZone}"`);

  for (let i = rota.overrides.length - 1; i >= 0; i--) {
    const override = rota.overrides[i];
    const from = localDateTime(override.from, timeZone);
    const to = localDateTime(override.to, timeZone);
    if (instant >= from && instant < to) {
      return { personId: override.person, source: 'override', from: from.toUTC().toISO()!, to: to.toUTC().toISO()!, reason: override.reason };
    }
  }

  const today = instant.startOf('day');
  // A shift covering this instant started today or, if it crosses midnight, yesterday.
  for (const shift of rota.weekly) {
    for (const day of [today, today.minus({ days: 1 })]) {
      const weekday = WEEKDAYS[day.weekday - 1];
      if (!shift.days.includes(weekday)) continue;
      const { start, end } = shiftWindowStartingOn(day, shift);
      if (instant >= start && instant < end) {
        return { personId: shift.person, source: 'weekly', from: start.toUTC().toISO()!, to: end.toUTC().toISO()! };
      }
    }
  }
  return undefined;
}

/**
 * Instants (scanning in steps) when nobody is on call between two instants; used to warn at
 * start-up about holes in a rota before they matter at 3am.
 */
export function findRotaGaps(
  rota: RotaConfig,
  from: Date,
  to: Date,
  timeZone: string,
  stepMinutes = 15,
): { from: string; to: string }[] {
  const gaps: { from: string; to: string }[] = [];
  let gapStart: Date | undefined;
  for (let t = from.getTime(); t < to.getTime(); t += stepMinutes * 60_000) {
    const covered = whoIsOnCall(rota, new Date(t), timeZone) !== undefined;
    if (!covered && !gapStart) gapStart = new Date(t);
    if (covered && gapStart) {
      gaps.push({ from: gapStart.toISOString(), to: new Date(t).toISOString() });
      gapStart = undefined;
    }
  }
  if (gapStart) gaps.push({ from: gapStart.toISOString(), to: to.toISOString() });
  return gaps;
}
