/**
 * Pure helpers of the health card: reading the drivers JSON and the model JSON, the weights in
 * force, and the score trend.
 */
import LOCALE from '@salesforce/i18n/locale';
import { DEFAULT_MODEL, SEGMENTS, SIGNAL_NAMES, validateModel } from 'c/healthModel';
import type { HealthModel, Layer, Segment, SignalName, SignalValues } from 'c/healthModel';

/** Drivers that the card lists, as the scoring job's report does. */
export const TOP_DRIVER_COUNT = 3;

/** A driver losing less than this many points is noise of rounding, not a driver. */
const MIN_POINTS_LOST = 0.005;

/** Age in milliseconds after which the latest run's scores are stale: 2 days. */
export const STALE_AFTER_MS = 2 * 24 * 60 * 60 * 1000;

/** A driver as the scoring job stores it in Health_Drivers__c. */
export interface StoredDriver {
  signal: string;
  layer: Layer | null;
  points: number;
  pointsLost: number;
  reason: string;
  values: SignalValues;
}

type UnknownRecord = Record<string, unknown>;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toDriver(value: unknown): StoredDriver | null {
  if (!isRecord(value) || typeof value.signal !== 'string' || typeof value.reason !== 'string') {
    return null;
  }
  if (typeof value.points !== 'number' || typeof value.pointsLost !== 'number') {
    return null;
  }
  return {
    signal: value.signal,
    layer: value.layer === 'product' || value.layer === 'dealContext' ? value.layer : null,
    points: value.points,
    pointsLost: value.pointsLost,
    reason: value.reason,
    values: isRecord(value.values) ? (value.values as SignalValues) : {},
  };
}

/**
 * Parses Health_Drivers__c: `{ modelVersion, raw, drivers: [...], signals: [...] }` as the job
 * writes it. Returns null for text that is not such JSON, and skips entries without a signal,
 * a reason and numeric points.
 */
export function parseDrivers(json: unknown): StoredDriver[] | null {
  if (typeof json !== 'string' || json.trim() === '') {
    return null;
  }
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    return null;
  }
  const list = Array.isArray(document) ? document : isRecord(document) ? document.drivers : null;
  if (!Array.isArray(list)) {
    return null;
  }
  return list.map(toDriver).filter((driver) => driver !== null);
}

/** Returns the drivers that lose the most points, most first. */
export function topDrivers(drivers: StoredDriver[], count = TOP_DRIVER_COUNT): StoredDriver[] {
  return drivers
    .filter((driver) => driver.pointsLost >= MIN_POINTS_LOST)
    .sort((a, b) => b.pointsLost - a.pointsLost)
    .slice(0, count);
}

/** Formats points as the report does: whole points from 1 up, one decimal below. */
export function formatPoints(points: number): string {
  const digits = Math.abs(points) >= 1 ? 0 : 1;
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits }).format(points);
}

export function formatScore(score: number): string {
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 }).format(score);
}

/** Formats a `YYYY-MM-DD` date in the user's locale, as the calendar date it is. */
export function formatDate(date: string): string {
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

export type ModelSource = 'run' | 'default' | 'invalid';

/**
 * Returns the model in force: the latest run's Model_Json__c when it is a valid model, else the
 * engine's DEFAULT_MODEL, with where it came from.
 */
export function modelInForce(json: unknown): { model: HealthModel; source: ModelSource } {
  if (typeof json !== 'string' || json.trim() === '') {
    return { model: DEFAULT_MODEL, source: 'default' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { model: DEFAULT_MODEL, source: 'invalid' };
  }
  const { model } = validateModel(parsed);
  return model === null ? { model: DEFAULT_MODEL, source: 'invalid' } : { model, source: 'run' };
}

/** Returns the account's segment. A blank or unknown one is scored as SMB. */
export function segmentOf(value: unknown): Segment {
  return SEGMENTS.find((segment) => segment === value) ?? 'SMB';
}

/** Returns each layer's share of the score in percent, for the segment's weights. */
export function layerShares(model: HealthModel, segment: Segment): Record<Layer, number> {
  const weights = model.segments[segment];
  const total = weights.product + weights.dealContext;
  if (total <= 0) {
    return { product: 0, dealContext: 0 };
  }
  return {
    product: (100 * weights.product) / total,
    dealContext: (100 * weights.dealContext) / total,
  };
}

export function signalWeights(
  model: HealthModel,
): { signal: SignalName; layer: Layer; weight: number }[] {
  return SIGNAL_NAMES.map((signal) => ({
    signal,
    layer: model.signals[signal].layer,
    weight: model.signals[signal].weight,
  }));
}

export interface TrendPoint {
  date: string;
  score: number;
}

/** Size of the sparkline's viewBox, with a 2-unit margin that keeps the line off the edges. */
const CHART_WIDTH = 100;
const CHART_HEIGHT = 32;
const CHART_MARGIN = 2;

/** Returns the trend's points in date order, or null with fewer than 2 scored snapshots. */
export function trendOf(snapshots: TrendPoint[]): TrendPoint[] | null {
  const points = snapshots
    .filter((point) => Number.isFinite(point.score) && /^\d{4}-\d{2}-\d{2}$/.test(point.date))
    .sort((a, b) => a.date.localeCompare(b.date));
  return points.length >= 2 ? points : null;
}

/** Returns the SVG polyline `points` of scores 0 to 100, evenly spaced by change. */
export function sparklinePoints(points: TrendPoint[]): string {
  const step = (CHART_WIDTH - 2 * CHART_MARGIN) / Math.max(1, points.length - 1);
  const plotHeight = CHART_HEIGHT - 2 * CHART_MARGIN;
  return points
    .map((point, index) => {
      const score = Math.min(100, Math.max(0, point.score));
      const x = CHART_MARGIN + index * step;
      const y = CHART_MARGIN + ((100 - score) / 100) * plotHeight;
      return `${x.toFixed(2)},${y.toFixed(2)}`;
    })
    .join(' ');
}

export const SPARKLINE_VIEW_BOX = `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`;
