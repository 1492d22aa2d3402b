// Custom labels of the health card, collected so the template reads them as labels.*.
import type { SignalName } from 'c/healthModel';
import TITLE from '@salesforce/label/c.HS_Card_Title';
import OPEN_REVIEW from '@salesforce/label/c.HS_Card_OpenReview';
import NOT_SCORED_TITLE from '@salesforce/label/c.HS_Card_NotScoredTitle';
import NOT_SCORED_BODY from '@salesforce/label/c.HS_Card_NotScoredBody';
import NO_SCORE from '@salesforce/label/c.HS_Card_NoScore';
import SCORE_OUT_OF from '@salesforce/label/c.HS_Card_ScoreOutOf';
import LAST_COMPUTED from '@salesforce/label/c.HS_Card_LastComputed';
import NO_RUN from '@salesforce/label/c.HS_Card_NoRun';
import STALE from '@salesforce/label/c.HS_Card_Stale';
import STALE_ICON from '@salesforce/label/c.HS_Card_StaleIcon';
import REVIEW_DUE from '@salesforce/label/c.HS_Card_ReviewDue';
import REVIEW_OVERDUE from '@salesforce/label/c.HS_Card_ReviewOverdue';
import LAYERS_HEADING from '@salesforce/label/c.HS_Card_LayersHeading';
import PRODUCT_LAYER from '@salesforce/label/c.HS_Card_ProductLayer';
import DEAL_CONTEXT_LAYER from '@salesforce/label/c.HS_Card_DealContextLayer';
import LAYER_MISSING from '@salesforce/label/c.HS_Card_LayerMissing';
import LAYER_WEIGHT from '@salesforce/label/c.HS_Card_LayerWeight';
import DRIVERS_HEADING from '@salesforce/label/c.HS_Card_DriversHeading';
import NO_DRIVERS from '@salesforce/label/c.HS_Card_NoDrivers';
import POINTS_LOST from '@salesforce/label/c.HS_Card_PointsLost';
import DRIVER_LINE from '@salesforce/label/c.HS_Card_DriverLine';
import FLAGS_HEADING from '@salesforce/label/c.HS_Card_FlagsHeading';
import NO_FLAGS from '@salesforce/label/c.HS_Card_NoFlags';
import RISK_COUNT from '@salesforce/label/c.HS_Card_RiskCount';
import DEAL_HEADING from '@salesforce/label/c.HS_Card_DealHeading';
import NO_DEAL_CONTEXT from '@salesforce/label/c.HS_Card_NoDealContext';
import OPEN_PROMISES from '@salesforce/label/c.HS_Card_OpenPromises';
import NO_OPEN_PROMISES from '@salesforce/label/c.HS_Card_NoOpenPromises';
import PROMISE_NO_DUE_DATE from '@salesforce/label/c.HS_Card_PromiseNoDueDate';
import PROMISE_OVERDUE from '@salesforce/label/c.HS_Card_PromiseOverdue';
import USE_CASE_COUNTS from '@salesforce/label/c.HS_Card_UseCaseCounts';
import TREND_HEADING from '@salesforce/label/c.HS_Card_TrendHeading';
import TREND_SUMMARY from '@salesforce/label/c.HS_Card_TrendSummary';
import TREND_EMPTY from '@salesforce/label/c.HS_Card_TrendEmpty';
import WEIGHTS_HEADING from '@salesforce/label/c.HS_Card_WeightsHeading';
import SHOW_WEIGHTS from '@salesforce/label/c.HS_Card_ShowWeights';
import HIDE_WEIGHTS from '@salesforce/label/c.HS_Card_HideWeights';
import WEIGHTS_FROM_RUN from '@salesforce/label/c.HS_Card_WeightsFromRun';
import WEIGHTS_DEFAULT from '@salesforce/label/c.HS_Card_WeightsDefault';
import WEIGHTS_INVALID from '@salesforce/label/c.HS_Card_WeightsInvalid';
import WEIGHTS_SEGMENT from '@salesforce/label/c.HS_Card_WeightsSegment';
import COLUMN_SIGNAL from '@salesforce/label/c.HS_Card_ColumnSignal';
import COLUMN_LAYER from '@salesforce/label/c.HS_Card_ColumnLayer';
import COLUMN_WEIGHT from '@salesforce/label/c.HS_Card_ColumnWeight';
import LOADING from '@salesforce/label/c.HS_Common_Loading';
import LOAD_FAILED from '@salesforce/label/c.HS_Card_LoadFailed';
import SIGNAL_USAGE from '@salesforce/label/c.HS_Signal_usage';
import SIGNAL_SEATS from '@salesforce/label/c.HS_Signal_seats';
import SIGNAL_SUPPORT from '@salesforce/label/c.HS_Signal_support';
import SIGNAL_NPS from '@salesforce/label/c.HS_Signal_nps';
import SIGNAL_BILLING from '@salesforce/label/c.HS_Signal_billing';
import SIGNAL_LOGINS from '@salesforce/label/c.HS_Signal_logins';
import SIGNAL_DISCOUNT from '@salesforce/label/c.HS_Signal_discount';
import SIGNAL_ICP from '@salesforce/label/c.HS_Signal_icp';
import SIGNAL_CHAMPION from '@salesforce/label/c.HS_Signal_champion';
import SIGNAL_DISPLACEMENT from '@salesforce/label/c.HS_Signal_displacement';
import SIGNAL_USE_CASES from '@salesforce/label/c.HS_Signal_useCases';
import SIGNAL_PROMISES from '@salesforce/label/c.HS_Signal_promises';

export const LABELS = {
  title: TITLE,
  openReview: OPEN_REVIEW,
  notScoredTitle: NOT_SCORED_TITLE,
  notScoredBody: NOT_SCORED_BODY,
  noScore: NO_SCORE,
  scoreOutOf: SCORE_OUT_OF,
  lastComputed: LAST_COMPUTED,
  noRun: NO_RUN,
  stale: STALE,
  staleIcon: STALE_ICON,
  reviewDue: REVIEW_DUE,
  reviewOverdue: REVIEW_OVERDUE,
  layersHeading: LAYERS_HEADING,
  productLayer: PRODUCT_LAYER,
  dealContextLayer: DEAL_CONTEXT_LAYER,
  layerMissing: LAYER_MISSING,
  layerWeight: LAYER_WEIGHT,
  driversHeading: DRIVERS_HEADING,
  noDrivers: NO_DRIVERS,
  pointsLost: POINTS_LOST,
  driverLine: DRIVER_LINE,
  flagsHeading: FLAGS_HEADING,
  noFlags: NO_FLAGS,
  riskCount: RISK_COUNT,
  dealHeading: DEAL_HEADING,
  noDealContext: NO_DEAL_CONTEXT,
  openPromises: OPEN_PROMISES,
  noOpenPromises: NO_OPEN_PROMISES,
  promiseNoDueDate: PROMISE_NO_DUE_DATE,
  promiseOverdue: PROMISE_OVERDUE,
  useCaseCounts: USE_CASE_COUNTS,
  trendHeading: TREND_HEADING,
  trendSummary: TREND_SUMMARY,
  trendEmpty: TREND_EMPTY,
  weightsHeading: WEIGHTS_HEADING,
  showWeights: SHOW_WEIGHTS,
  hideWeights: HIDE_WEIGHTS,
  weightsFromRun: WEIGHTS_FROM_RUN,
  weightsDefault: WEIGHTS_DEFAULT,
  weightsInvalid: WEIGHTS_INVALID,
  weightsSegment: WEIGHTS_SEGMENT,
  columnSignal: COLUMN_SIGNAL,
  columnLayer: COLUMN_LAYER,
  columnWeight: COLUMN_WEIGHT,
  loading: LOADING,
  loadFailed: LOAD_FAILED,
};

export const SIGNAL_LABELS: Record<SignalName, string> = {
  usage: SIGNAL_USAGE,
  seats: SIGNAL_SEATS,
  support: SIGNAL_SUPPORT,
  nps: SIGNAL_NPS,
  billing: SIGNAL_BILLING,
  logins: SIGNAL_LOGINS,
  discount: SIGNAL_DISCOUNT,
  icp: SIGNAL_ICP,
  champion: SIGNAL_CHAMPION,
  displacement: SIGNAL_DISPLACEMENT,
  useCases: SIGNAL_USE_CASES,
  promises: SIGNAL_PROMISES,
};
