// SOQL date literals (TODAY, LAST_N_DAYS:n, THIS_QUARTER...) as ranges of days, in UTC, with
// weeks starting on Sunday (the en_US locale). Fiscal literals use the default fiscal year, which
// is the calendar year.

/** A range of whole days: `start` inclusive, `end` exclusive, both `YYYY-MM-DD`. */
export interface DayRange {
  start: string;
  end: string;
}

function dayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

function addDays(date: Date, days: number): Date {
  return utcDay(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days);
}

function range(start: Date, end: Date): DayRange {
  return { start: dayString(start), end: dayString(end) };
}

function startOfWeek(today: Date): Date {
  return addDays(today, -today.getUTCDay());
}

function startOfQuarter(today: Date): Date {
  return utcDay(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1);
}

function monthOffset(date: Date, months: number): Date {
  return utcDay(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
}

/**
 * Returns the range of a date literal such as `TODAY`, `LAST_90_DAYS` or `LAST_N_DAYS` with n,
 * or undefined when the literal is unknown.
 */
export function dateLiteralRange(
  literal: string,
  n: number | undefined,
  now: number,
): DayRange | undefined {
  const clock = new Date(now);
  const today = utcDay(clock.getUTCFullYear(), clock.getUTCMonth(), clock.getUTCDate());
  const week = startOfWeek(today);
  const month = utcDay(today.getUTCFullYear(), today.getUTCMonth(), 1);
  const quarter = startOfQuarter(today);
  const year = utcDay(today.getUTCFullYear(), 0, 1);
  const count = n ?? 0;
  const name = literal.toUpperCase().replace(/_FISCAL_/, '_');

  switch (name) {
    case 'YESTERDAY':
      return range(addDays(today, -1), today);
    case 'TODAY':
      return range(today, addDays(today, 1));
    case 'TOMORROW':
      return range(addDays(today, 1), addDays(today, 2));
    case 'LAST_WEEK':
      return range(addDays(week, -7), week);
    case 'THIS_WEEK':
      return range(week, addDays(week, 7));
    case 'NEXT_WEEK':
      return range(addDays(week, 7), addDays(week, 14));
    case 'LAST_MONTH':
      return range(monthOffset(month, -1), month);
    case 'THIS_MONTH':
      return range(month, monthOffset(month, 1));
    case 'NEXT_MONTH':
      return range(monthOffset(month, 1), monthOffset(month, 2));
    // LAST_90_DAYS and LAST_N_DAYS:n include today; NEXT_90_DAYS and NEXT_N_DAYS:n start tomorrow.
    case 'LAST_90_DAYS':
      return range(addDays(today, -90), addDays(today, 1));
    case 'NEXT_90_DAYS':
      return range(addDays(today, 1), addDays(today, 91));
    case 'LAST_N_DAYS':
      return range(addDays(today, -count), addDays(today, 1));
    case 'NEXT_N_DAYS':
      return range(addDays(today, 1), addDays(today, count + 1));
    case 'N_DAYS_AGO':
      return range(addDays(today, -count), addDays(today, -count + 1));
    case 'LAST_N_WEEKS':
      return range(addDays(week, -7 * count), week);
    case 'NEXT_N_WEEKS':
      return range(addDays(week, 7), addDays(week, 7 * (count + 1)));
    case 'N_WEEKS_AGO':
      return range(addDays(week, -7 * count), addDays(week, -7 * count + 7));
    case 'LAST_N_MONTHS':
      return range(monthOffset(month, -count), month);
    case 'NEXT_N_MONTHS':
      return range(monthOffset(month, 1), monthOffset(month, count + 1));
    case 'N_MONTHS_AGO':
      return range(monthOffset(month, -count), monthOffset(month, -count + 1));
    case 'THIS_QUARTER':
      return range(quarter, monthOffset(quarter, 3));
    case 'LAST_QUARTER':
      return range(monthOffset(quarter, -3), quarter);
    case 'NEXT_QUARTER':
      return range(monthOffset(quarter, 3), monthOffset(quarter, 6));
    case 'LAST_N_QUARTERS':
      return range(monthOffset(quarter, -3 * count), quarter);
    case 'NEXT_N_QUARTERS':
      return range(monthOffset(quarter, 3), monthOffset(quarter, 3 * (count + 1)));
    case 'N_QUARTERS_AGO':
      return range(monthOffset(quarter, -3 * count), monthOffset(quarter, -3 * count + 3));
    case 'THIS_YEAR':
      return range(year, monthOffset(year, 12));
    case 'LAST_YEAR':
      return range(monthOffset(year, -12), year);
    case 'NEXT_YEAR':
      return range(monthOffset(year, 12), monthOffset(year, 24));
    case 'LAST_N_YEARS':
      return range(monthOffset(year, -12 * count), year);
    case 'NEXT_N_YEARS':
      return range(monthOffset(year, 12), monthOffset(year, 12 * (count + 1)));
    case 'N_YEARS_AGO':
      return range(monthOffset(year, -12 * count), monthOffset(year, -12 * count + 12));
    default:
      return undefined;
  }
}
