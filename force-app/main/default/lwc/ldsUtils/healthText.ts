/**
 * Custom labels of the health score's flags and bands, shared by the capture form and the
 * health card so that both show the same text in the user's language.
 */
import type { Band, FlagCode } from 'c/healthModel';
import FLAG_MASKED_RISK from '@salesforce/label/c.HS_Flag_MASKED_RISK';
import FLAG_REVIEW_OVERDUE from '@salesforce/label/c.HS_Flag_REVIEW_OVERDUE';
import FLAG_CLOSE_MONITORING from '@salesforce/label/c.HS_Flag_CLOSE_MONITORING';
import FLAG_DISPLACEMENT_WINDOW from '@salesforce/label/c.HS_Flag_DISPLACEMENT_WINDOW';
import FLAG_DEAL_CONTEXT_MISSING from '@salesforce/label/c.HS_Flag_DEAL_CONTEXT_MISSING';
import FLAG_PRODUCT_SIGNALS_MISSING from '@salesforce/label/c.HS_Flag_PRODUCT_SIGNALS_MISSING';
import FLAG_NO_DATA from '@salesforce/label/c.HS_Flag_NO_DATA';
import FLAG_INVALID_INPUT from '@salesforce/label/c.HS_Flag_INVALID_INPUT';
import FLAG_SEGMENT_MISSING from '@salesforce/label/c.HS_Flag_SEGMENT_MISSING';
import FLAG_DISCOUNT_SIGNIFICANT from '@salesforce/label/c.HS_Flag_DISCOUNT_SIGNIFICANT';
import FLAG_LOW_ICP_FIT from '@salesforce/label/c.HS_Flag_LOW_ICP_FIT';
import FLAG_CHAMPION_CHANGED from '@salesforce/label/c.HS_Flag_CHAMPION_CHANGED';
import FLAG_USE_CASE_GAP from '@salesforce/label/c.HS_Flag_USE_CASE_GAP';
import FLAG_PROMISE_OVERDUE from '@salesforce/label/c.HS_Flag_PROMISE_OVERDUE';
import FLAG_UNKNOWN from '@salesforce/label/c.HS_Flag_Unknown';
import BAND_GREEN from '@salesforce/label/c.HS_Band_Green';
import BAND_YELLOW from '@salesforce/label/c.HS_Band_Yellow';
import BAND_RED from '@salesforce/label/c.HS_Band_Red';
import BAND_CRITICAL from '@salesforce/label/c.HS_Band_Critical';

const FLAG_LABELS: Record<FlagCode, string> = {
  MASKED_RISK: FLAG_MASKED_RISK,
  REVIEW_OVERDUE: FLAG_REVIEW_OVERDUE,
  CLOSE_MONITORING: FLAG_CLOSE_MONITORING,
  DISPLACEMENT_WINDOW: FLAG_DISPLACEMENT_WINDOW,
  DEAL_CONTEXT_MISSING: FLAG_DEAL_CONTEXT_MISSING,
  PRODUCT_SIGNALS_MISSING: FLAG_PRODUCT_SIGNALS_MISSING,
  NO_DATA: FLAG_NO_DATA,
  INVALID_INPUT: FLAG_INVALID_INPUT,
  SEGMENT_MISSING: FLAG_SEGMENT_MISSING,
  DISCOUNT_SIGNIFICANT: FLAG_DISCOUNT_SIGNIFICANT,
  LOW_ICP_FIT: FLAG_LOW_ICP_FIT,
  CHAMPION_CHANGED: FLAG_CHAMPION_CHANGED,
  USE_CASE_GAP: FLAG_USE_CASE_GAP,
  PROMISE_OVERDUE: FLAG_PROMISE_OVERDUE,
};

const BAND_LABELS: Record<Band, string> = {
  Green: BAND_GREEN,
  Yellow: BAND_YELLOW,
  Red: BAND_RED,
  Critical: BAND_CRITICAL,
};

/** SLDS theme of the band badge. Critical darkens the error theme with a styling hook. */
const BAND_BADGE_CLASSES: Record<Band, string> = {
  Green: 'slds-theme_success',
  Yellow: 'slds-theme_warning',
  Red: 'slds-theme_error',
  Critical: 'slds-theme_error hs-band_critical',
};

function isKey<T extends string>(map: Record<T, string>, key: string): key is T {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/** Returns a flag in plain words, or names a code that this version has no label for. */
export function flagLabel(code: string): string {
  return isKey(FLAG_LABELS, code) ? FLAG_LABELS[code] : FLAG_UNKNOWN.replace('{0}', code);
}

/** Returns the label of a band, or an unknown band as stored. */
export function bandLabel(band: string): string {
  return isKey(BAND_LABELS, band) ? BAND_LABELS[band] : band;
}

export function bandBadgeClass(band: string): string {
  return isKey(BAND_BADGE_CLASSES, band) ? BAND_BADGE_CLASSES[band] : '';
}
