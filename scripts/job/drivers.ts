// Drivers: the English text of the job's report, and the JSON stored in Health_Drivers__c.

import type {
  Driver,
  ScoreResult,
  SignalResult,
  SignalValues,
} from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { DRIVERS_MAX_LENGTH } from './fields.ts';

/** Drivers that the health card and the report show. */
export const TOP_DRIVER_COUNT = 3;

/** A driver that loses less than this many points is not worth showing. */
const MIN_POINTS_SHOWN = 0.005;

function formatNumber(value: unknown, decimals = 2): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return String(value);
  }
  return String(Number(value.toFixed(decimals)));
}

function percent(value: unknown): string {
  return `${formatNumber(value)}%`;
}

/** `1 ticket`, `3 tickets`: the count and the noun, plural unless the count is 1. */
function count(value: unknown, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatNumber(value)} ${Number(value) === 1 ? noun : pluralNoun}`;
}

/** `is` for a count of 1, else `are`. */
function verb(value: unknown): string {
  return Number(value) === 1 ? 'is' : 'are';
}

/**
 * Formats the points a driver loses in whole points, rounded half up. Below half a point it returns
 * "less than 1 point lost", so a line never shows "-0 points".
 */
export function formatPointsLost(pointsLost: number): string {
  if (pointsLost < 0.5) {
    return 'less than 1 point lost';
  }
  const points = Math.round(pointsLost + 1e-9);
  return `-${points} ${points === 1 ? 'point' : 'points'}`;
}

/** A driver as describeDriver reads it; with points, the text can state the signal's score. */
export interface DriverDescription {
  signal: string;
  reason: string;
  values: SignalValues;
  points?: number;
  pointsLost?: number;
}

/** Returns the signal's 0-100 score from its points, because points and points lost share one factor. */
function signalScore(driver: DriverDescription): number | null {
  const { points, pointsLost } = driver;
  if (points === undefined || pointsLost === undefined || points + pointsLost <= 0) {
    return null;
  }
  return (100 * points) / (points + pointsLost);
}

/**
 * Appends the signal's score to the description of a value that is healthy or neutral but scores
 * below 100, so that a line that loses points does not read as praise: `NPS 40 (score 70 of 100)`.
 */
function withScore(text: string, driver: DriverDescription): string {
  const score = signalScore(driver);
  return score === null ? text : `${text} (score ${formatNumber(score, 0)} of 100)`;
}

/** English description of a driver's outcome, from its reason code and values. */
export function describeDriver(driver: DriverDescription): string {
  const v = driver.values;
  switch (driver.reason) {
    case 'USAGE_HEALTHY':
      return `Active user ratio ${percent(v.activeUserRatio)} is healthy`;
    case 'USAGE_LOW':
      return `Active user ratio ${percent(v.activeUserRatio)} is below 50%`;
    case 'SEATS_HEALTHY':
      return `${formatNumber(v.seatsActive)} of ${count(v.seatsPurchased, 'seat')} ${verb(v.seatsActive)} active`;
    case 'SEATS_LOW':
      return `Only ${formatNumber(v.seatsActive)} of ${count(v.seatsPurchased, 'seat')} ${verb(v.seatsActive)} active (${percent(Number(v.utilization) * 100)})`;
    case 'SEATS_UNUSED':
      return `Seats are unused: ${formatNumber(v.seatsActive)} of ${formatNumber(v.seatsPurchased)} active`;
    case 'SUPPORT_NO_TICKETS':
      return 'No support tickets in the last 90 days';
    case 'SUPPORT_TICKETS':
      return withScore(
        `${count(v.tickets, 'support ticket')} in 90 days, ${formatNumber(v.ticketsPer10Seats, 1)} per 10 seats`,
        driver,
      );
    case 'SUPPORT_TICKETS_HIGH':
      return `Support load is high: ${count(v.tickets, 'ticket')} in 90 days (${formatNumber(v.ticketsPer10Seats, 1)} per 10 seats)`;
    case 'NPS_POSITIVE':
    case 'NPS_NEUTRAL':
      return withScore(`NPS ${formatNumber(v.nps)}`, driver);
    case 'NPS_NEGATIVE':
      return withScore(`NPS ${formatNumber(v.nps)} is negative`, driver);
    case 'BILLING_CURRENT':
      return 'Billing is current';
    case 'BILLING_OVERDUE':
      return `Billing is ${String(v.billingStatus).replace(/^Overdue /, '')} days overdue`;
    case 'BILLING_COLLECTIONS':
      return 'Billing is in collections';
    case 'LOGINS_HEALTHY':
      return `Logins on ${formatNumber(v.loginDays)} of the last 30 days`;
    case 'LOGINS_LOW':
      return `Logins on only ${count(v.loginDays, 'day')} of the last 30`;
    case 'DISCOUNT_STANDARD':
      return `Discount ${percent(v.discount)} below list is standard`;
    case 'DISCOUNT_MODERATE':
      return `Discount ${percent(v.discount)} below list is moderate`;
    case 'DISCOUNT_SIGNIFICANT':
      return `Discount ${percent(v.discount)} below list is significant`;
    case 'ICP_FIT_HIGH':
      return withScore(`ICP fit rating ${formatNumber(v.icpFitRating)} of 5`, driver);
    case 'ICP_FIT_MEDIUM':
      return `ICP fit rating ${formatNumber(v.icpFitRating)} of 5 is medium`;
    case 'ICP_FIT_LOW':
      return `ICP fit rating ${formatNumber(v.icpFitRating)} of 5 is low`;
    case 'CHAMPION_UNCHANGED':
      return 'The champion is unchanged';
    case 'CHAMPION_STATUS_BLANK':
      return 'The champion is presumed in place (not reviewed yet)';
    case 'CHAMPION_TITLE_CHANGED':
      return "The champion's title changed";
    case 'CHAMPION_LEFT_COMPANY':
      return 'The champion left the company';
    case 'DISPLACEMENT_NONE':
      return 'The deal displaced no incumbent vendor';
    case 'DISPLACEMENT_WINDOW':
      return 'The displaced vendor is in its first-year win-back window';
    case 'DISPLACEMENT_RECOVERING':
      return withScore(`The deal displaced a vendor ${count(v.daysSinceClose, 'day')} ago`, driver);
    case 'DISPLACEMENT_SETTLED':
      return 'The displacement is settled (18 months or more since close)';
    case 'USE_CASES_ACTIVE':
    case 'USE_CASES_PARTIAL':
    case 'USE_CASES_GAP': {
      const reviewed = count(Number(v.active) + Number(v.notActive), 'reviewed use case');
      const text = `${formatNumber(v.active)} of ${reviewed} ${verb(v.active)} live`;
      if (driver.reason === 'USE_CASES_GAP') return `Use case gap: ${text}`;
      return driver.reason === 'USE_CASES_PARTIAL' ? withScore(text, driver) : text;
    }
    case 'PROMISES_NONE_OPEN':
      return 'No open deal promises';
    case 'PROMISES_OPEN':
      return withScore(
        `${count(v.openNotOverdue, 'deal promise')} ${verb(v.openNotOverdue)} open`,
        driver,
      );
    case 'PROMISES_OVERDUE':
      return `${count(v.openOverdue, 'open deal promise')} ${verb(v.openOverdue)} overdue`;
    case 'MASKED_RISK_CAP':
      return `Masked risk: strong product signals over a risky deal cap the score at ${formatNumber(v.cappedScore, 0)}`;
    default:
      return `${driver.signal}: ${driver.reason}`;
  }
}

/** Report text of a driver, for example "Discount 35% below list is significant: -9 points". */
export function driverText(driver: Driver): string {
  return `${describeDriver(driver)}: ${formatPointsLost(driver.pointsLost)}`;
}

export interface ReportDriver {
  signal: string;
  reason: string;
  points: number;
  pointsLost: number;
  text: string;
}

/** Returns the drivers that lose the most points (the engine sorts them) for the report. */
export function topDrivers(result: ScoreResult, count = TOP_DRIVER_COUNT): ReportDriver[] {
  return result.drivers
    .filter((driver) => driver.pointsLost >= MIN_POINTS_SHOWN)
    .slice(0, count)
    .map((driver) => ({
      signal: driver.signal,
      reason: driver.reason,
      points: round(driver.points, 2),
      pointsLost: round(driver.pointsLost, 2),
      text: driverText(driver),
    }));
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * Values that change from one day to the next while the score does not (days since close) are
 * left out of the stored JSON: they would rewrite every account on every nightly run.
 */
function storedValues(reason: string, values: SignalValues): SignalValues {
  if ('daysSinceClose' in values && reason !== 'DISPLACEMENT_RECOVERING') {
    const rest = { ...values };
    delete rest.daysSinceClose;
    return rest;
  }
  return values;
}

function storedNumber(value: number | null): number | null {
  return value === null ? null : round(value, 4);
}

function storedValueMap(reason: string, values: SignalValues): SignalValues {
  const stored: SignalValues = {};
  for (const [key, value] of Object.entries(storedValues(reason, values))) {
    stored[key] = typeof value === 'number' ? round(value, 4) : value;
  }
  return stored;
}

interface StoredDriver {
  signal: string;
  layer: string | null;
  points: number;
  pointsLost: number;
  reason: string;
  values?: SignalValues;
}

/** A signal in the stored JSON; the points and values of a present signal are in its driver. */
interface StoredSignal {
  signal: string;
  layer: string;
  weight: number;
  score: number | null;
  reason: string;
  values?: SignalValues;
}

function storedDriver(driver: Driver): StoredDriver {
  return {
    signal: driver.signal,
    layer: driver.layer,
    points: round(driver.points, 4),
    pointsLost: round(driver.pointsLost, 4),
    reason: driver.reason,
    values: storedValueMap(driver.reason, driver.values),
  };
}

function storedSignal(signal: SignalResult): StoredSignal {
  const stored: StoredSignal = {
    signal: signal.signal,
    layer: signal.layer,
    weight: signal.weight,
    score: storedNumber(signal.score),
    reason: signal.reason,
  };
  if (signal.score === null) {
    stored.values = storedValueMap(signal.reason, signal.values);
  }
  return stored;
}

/**
 * Serializes the drivers and signals for Health_Drivers__c as
 * `{ modelVersion, raw, drivers: [...], signals: [...] }`, under DRIVERS_MAX_LENGTH characters.
 * Drivers are the present signals and the masked-risk cap, with points and values; signals are
 * all 12, with values for the missing ones. Oversized JSON loses, in turn, the signals' values,
 * the drivers' values, the signal list and then the last drivers, and is marked
 * `"trimmed": true`.
 */
export function driversJson(result: ScoreResult): { json: string; trimmed: boolean } {
  const document: {
    modelVersion: string;
    raw: number | null;
    drivers: StoredDriver[];
    signals?: StoredSignal[];
    trimmed?: boolean;
  } = {
    modelVersion: result.modelVersion,
    raw: storedNumber(result.raw),
    drivers: result.drivers.map(storedDriver),
    signals: result.signals.map(storedSignal),
  };
  let json = JSON.stringify(document);
  if (json.length <= DRIVERS_MAX_LENGTH) {
    return { json, trimmed: false };
  }
  document.trimmed = true;
  const steps: (() => void)[] = [
    () => document.signals?.forEach((signal) => delete signal.values),
    () => document.drivers.forEach((driver) => delete driver.values),
    () => delete document.signals,
  ];
  for (const step of steps) {
    step();
    json = JSON.stringify(document);
    if (json.length <= DRIVERS_MAX_LENGTH) {
      return { json, trimmed: true };
    }
  }
  while (document.drivers.length > 0 && json.length > DRIVERS_MAX_LENGTH) {
    document.drivers.pop();
    json = JSON.stringify(document);
  }
  return { json, trimmed: true };
}
