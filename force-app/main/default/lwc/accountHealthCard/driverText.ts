/**
 * Text of the health card's drivers, made from custom labels: one label per reason code of the
 * engine's present-signal outcomes, filled with the driver's values. Missing signals are not
 * drivers, so their reason codes have no label here.
 */
import LOCALE from '@salesforce/i18n/locale';
import type { SignalValues } from 'c/healthModel';
import { formatLabel } from 'c/ldsUtils';
import REASON_USAGE_HEALTHY from '@salesforce/label/c.HS_Reason_USAGE_HEALTHY';
import REASON_USAGE_LOW from '@salesforce/label/c.HS_Reason_USAGE_LOW';
import REASON_SEATS_HEALTHY from '@salesforce/label/c.HS_Reason_SEATS_HEALTHY';
import REASON_SEATS_LOW from '@salesforce/label/c.HS_Reason_SEATS_LOW';
import REASON_SEATS_UNUSED from '@salesforce/label/c.HS_Reason_SEATS_UNUSED';
import REASON_SUPPORT_NO_TICKETS from '@salesforce/label/c.HS_Reason_SUPPORT_NO_TICKETS';
import REASON_SUPPORT_TICKETS from '@salesforce/label/c.HS_Reason_SUPPORT_TICKETS';
import REASON_SUPPORT_TICKETS_HIGH from '@salesforce/label/c.HS_Reason_SUPPORT_TICKETS_HIGH';
import REASON_NPS_POSITIVE from '@salesforce/label/c.HS_Reason_NPS_POSITIVE';
import REASON_NPS_NEUTRAL from '@salesforce/label/c.HS_Reason_NPS_NEUTRAL';
import REASON_NPS_NEGATIVE from '@salesforce/label/c.HS_Reason_NPS_NEGATIVE';
import REASON_BILLING_CURRENT from '@salesforce/label/c.HS_Reason_BILLING_CURRENT';
import REASON_BILLING_OVERDUE from '@salesforce/label/c.HS_Reason_BILLING_OVERDUE';
import REASON_BILLING_COLLECTIONS from '@salesforce/label/c.HS_Reason_BILLING_COLLECTIONS';
import REASON_LOGINS_HEALTHY from '@salesforce/label/c.HS_Reason_LOGINS_HEALTHY';
import REASON_LOGINS_LOW from '@salesforce/label/c.HS_Reason_LOGINS_LOW';
import REASON_DISCOUNT_STANDARD from '@salesforce/label/c.HS_Reason_DISCOUNT_STANDARD';
import REASON_DISCOUNT_MODERATE from '@salesforce/label/c.HS_Reason_DISCOUNT_MODERATE';
import REASON_DISCOUNT_SIGNIFICANT from '@salesforce/label/c.HS_Reason_DISCOUNT_SIGNIFICANT';
import REASON_ICP_FIT_HIGH from '@salesforce/label/c.HS_Reason_ICP_FIT_HIGH';
import REASON_ICP_FIT_MEDIUM from '@salesforce/label/c.HS_Reason_ICP_FIT_MEDIUM';
import REASON_ICP_FIT_LOW from '@salesforce/label/c.HS_Reason_ICP_FIT_LOW';
import REASON_CHAMPION_UNCHANGED from '@salesforce/label/c.HS_Reason_CHAMPION_UNCHANGED';
import REASON_CHAMPION_STATUS_BLANK from '@salesforce/label/c.HS_Reason_CHAMPION_STATUS_BLANK';
import REASON_CHAMPION_TITLE_CHANGED from '@salesforce/label/c.HS_Reason_CHAMPION_TITLE_CHANGED';
import REASON_CHAMPION_LEFT_COMPANY from '@salesforce/label/c.HS_Reason_CHAMPION_LEFT_COMPANY';
import REASON_DISPLACEMENT_NONE from '@salesforce/label/c.HS_Reason_DISPLACEMENT_NONE';
import REASON_DISPLACEMENT_WINDOW from '@salesforce/label/c.HS_Reason_DISPLACEMENT_WINDOW';
import REASON_DISPLACEMENT_RECOVERING from '@salesforce/label/c.HS_Reason_DISPLACEMENT_RECOVERING';
import REASON_DISPLACEMENT_SETTLED from '@salesforce/label/c.HS_Reason_DISPLACEMENT_SETTLED';
import REASON_USE_CASES_ACTIVE from '@salesforce/label/c.HS_Reason_USE_CASES_ACTIVE';
import REASON_USE_CASES_PARTIAL from '@salesforce/label/c.HS_Reason_USE_CASES_PARTIAL';
import REASON_USE_CASES_GAP from '@salesforce/label/c.HS_Reason_USE_CASES_GAP';
import REASON_PROMISES_NONE_OPEN from '@salesforce/label/c.HS_Reason_PROMISES_NONE_OPEN';
import REASON_PROMISES_OPEN from '@salesforce/label/c.HS_Reason_PROMISES_OPEN';
import REASON_PROMISES_OVERDUE from '@salesforce/label/c.HS_Reason_PROMISES_OVERDUE';
import REASON_MASKED_RISK_CAP from '@salesforce/label/c.HS_Reason_MASKED_RISK_CAP';
import REASON_UNKNOWN from '@salesforce/label/c.HS_Reason_Unknown';

type Arguments = (values: SignalValues) => (string | number)[];

function formatNumber(value: unknown, maximumFractionDigits: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return value === null || value === undefined ? '' : String(value);
  }
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits }).format(value);
}

const num = (value: unknown, digits = 0): string => formatNumber(value, digits);
const pct = (value: unknown): string => formatNumber(value, 2);
const text = (value: unknown): string =>
  value === null || value === undefined ? '' : String(value);
const reviewed = (values: SignalValues): string =>
  num(Number(values.active ?? 0) + Number(values.notActive ?? 0));

const REASONS: Record<string, { label: string; args: Arguments }> = {
  USAGE_HEALTHY: { label: REASON_USAGE_HEALTHY, args: (v) => [pct(v.activeUserRatio)] },
  USAGE_LOW: { label: REASON_USAGE_LOW, args: (v) => [pct(v.activeUserRatio)] },
  SEATS_HEALTHY: {
    label: REASON_SEATS_HEALTHY,
    args: (v) => [num(v.seatsActive), num(v.seatsPurchased)],
  },
  SEATS_LOW: { label: REASON_SEATS_LOW, args: (v) => [num(v.seatsActive), num(v.seatsPurchased)] },
  SEATS_UNUSED: {
    label: REASON_SEATS_UNUSED,
    args: (v) => [num(v.seatsActive), num(v.seatsPurchased)],
  },
  SUPPORT_NO_TICKETS: { label: REASON_SUPPORT_NO_TICKETS, args: () => [] },
  SUPPORT_TICKETS: {
    label: REASON_SUPPORT_TICKETS,
    args: (v) => [num(v.tickets), num(v.ticketsPer10Seats, 1)],
  },
  SUPPORT_TICKETS_HIGH: {
    label: REASON_SUPPORT_TICKETS_HIGH,
    args: (v) => [num(v.tickets), num(v.ticketsPer10Seats, 1)],
  },
  NPS_POSITIVE: { label: REASON_NPS_POSITIVE, args: (v) => [num(v.nps)] },
  NPS_NEUTRAL: { label: REASON_NPS_NEUTRAL, args: () => [] },
  NPS_NEGATIVE: { label: REASON_NPS_NEGATIVE, args: (v) => [num(v.nps)] },
  BILLING_CURRENT: { label: REASON_BILLING_CURRENT, args: () => [] },
  BILLING_OVERDUE: { label: REASON_BILLING_OVERDUE, args: (v) => [text(v.billingStatus)] },
  BILLING_COLLECTIONS: { label: REASON_BILLING_COLLECTIONS, args: () => [] },
  LOGINS_HEALTHY: { label: REASON_LOGINS_HEALTHY, args: (v) => [num(v.loginDays)] },
  LOGINS_LOW: { label: REASON_LOGINS_LOW, args: (v) => [num(v.loginDays)] },
  DISCOUNT_STANDARD: { label: REASON_DISCOUNT_STANDARD, args: (v) => [pct(v.discount)] },
  DISCOUNT_MODERATE: { label: REASON_DISCOUNT_MODERATE, args: (v) => [pct(v.discount)] },
  DISCOUNT_SIGNIFICANT: { label: REASON_DISCOUNT_SIGNIFICANT, args: (v) => [pct(v.discount)] },
  ICP_FIT_HIGH: { label: REASON_ICP_FIT_HIGH, args: (v) => [num(v.icpFitRating)] },
  ICP_FIT_MEDIUM: { label: REASON_ICP_FIT_MEDIUM, args: (v) => [num(v.icpFitRating)] },
  ICP_FIT_LOW: { label: REASON_ICP_FIT_LOW, args: (v) => [num(v.icpFitRating)] },
  CHAMPION_UNCHANGED: { label: REASON_CHAMPION_UNCHANGED, args: () => [] },
  CHAMPION_STATUS_BLANK: { label: REASON_CHAMPION_STATUS_BLANK, args: () => [] },
  CHAMPION_TITLE_CHANGED: { label: REASON_CHAMPION_TITLE_CHANGED, args: () => [] },
  CHAMPION_LEFT_COMPANY: { label: REASON_CHAMPION_LEFT_COMPANY, args: () => [] },
  DISPLACEMENT_NONE: { label: REASON_DISPLACEMENT_NONE, args: () => [] },
  DISPLACEMENT_WINDOW: { label: REASON_DISPLACEMENT_WINDOW, args: () => [] },
  DISPLACEMENT_RECOVERING: {
    label: REASON_DISPLACEMENT_RECOVERING,
    args: (v) => [num(v.daysSinceClose, 0)],
  },
  DISPLACEMENT_SETTLED: { label: REASON_DISPLACEMENT_SETTLED, args: () => [] },
  USE_CASES_ACTIVE: { label: REASON_USE_CASES_ACTIVE, args: (v) => [num(v.active), reviewed(v)] },
  USE_CASES_PARTIAL: { label: REASON_USE_CASES_PARTIAL, args: (v) => [num(v.active), reviewed(v)] },
  USE_CASES_GAP: { label: REASON_USE_CASES_GAP, args: (v) => [num(v.active), reviewed(v)] },
  PROMISES_NONE_OPEN: { label: REASON_PROMISES_NONE_OPEN, args: () => [] },
  PROMISES_OPEN: { label: REASON_PROMISES_OPEN, args: (v) => [num(v.openNotOverdue)] },
  PROMISES_OVERDUE: { label: REASON_PROMISES_OVERDUE, args: (v) => [num(v.openOverdue)] },
  MASKED_RISK_CAP: { label: REASON_MASKED_RISK_CAP, args: (v) => [num(v.cappedScore, 0)] },
};

/** Returns the sentence of a driver's outcome, or the reason code itself when it is unknown. */
export function driverReason(signalLabel: string, reason: string, values: SignalValues): string {
  const entry = REASONS[reason];
  if (entry === undefined) {
    return formatLabel(REASON_UNKNOWN, signalLabel, reason);
  }
  return formatLabel(entry.label, ...entry.args(values));
}
