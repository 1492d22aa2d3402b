// Custom labels of the deal-context review, collected so the template reads them as labels.*.
import TITLE from '@salesforce/label/c.HS_Review_Title';
import INTRO from '@salesforce/label/c.HS_Review_Intro';
import OPPORTUNITY from '@salesforce/label/c.HS_Review_Opportunity';
import NO_OPPORTUNITY from '@salesforce/label/c.HS_Review_NoOpportunity';
import SECTION_CHAMPION from '@salesforce/label/c.HS_Review_SectionChampion';
import CHAMPION_STATUS from '@salesforce/label/c.HS_Review_ChampionStatus';
import CHAMPION_STATUS_HELP from '@salesforce/label/c.HS_Review_ChampionStatusHelp';
import CHAMPION_CONFIRM from '@salesforce/label/c.HS_Review_ChampionConfirm';
import CHAMPION_CONFIRM_HELP from '@salesforce/label/c.HS_Review_ChampionConfirmHelp';
import LAST_REVIEWED from '@salesforce/label/c.HS_Review_LastReviewed';
import NEVER_REVIEWED from '@salesforce/label/c.HS_Review_NeverReviewed';
import NOT_REVIEWED from '@salesforce/label/c.HS_Review_NotReviewed';
import SECTION_USE_CASES from '@salesforce/label/c.HS_Review_SectionUseCases';
import USE_CASES_HELP from '@salesforce/label/c.HS_Review_UseCasesHelp';
import NO_USE_CASES from '@salesforce/label/c.HS_Review_NoUseCases';
import USE_CASE_STATUS from '@salesforce/label/c.HS_Review_UseCaseStatus';
import SECTION_PROMISES from '@salesforce/label/c.HS_Review_SectionPromises';
import PROMISES_HELP from '@salesforce/label/c.HS_Review_PromisesHelp';
import NO_PROMISES from '@salesforce/label/c.HS_Review_NoPromises';
import PROMISE_STATUS from '@salesforce/label/c.HS_Review_PromiseStatus';
import COLUMN_USE_CASE from '@salesforce/label/c.HS_Review_ColumnUseCase';
import COLUMN_PROMISE from '@salesforce/label/c.HS_Review_ColumnPromise';
import COLUMN_STATUS from '@salesforce/label/c.HS_Review_ColumnStatus';
import COLUMN_REVIEWED_ON from '@salesforce/label/c.HS_Review_ColumnReviewedOn';
import COLUMN_DUE_ON from '@salesforce/label/c.HS_Review_ColumnDueOn';
import COLUMN_RESOLVED_ON from '@salesforce/label/c.HS_Review_ColumnResolvedOn';
import SAVE from '@salesforce/label/c.HS_Review_Save';
import REQUIRED from '@salesforce/label/c.HS_Error_Required';
import CANCEL from '@salesforce/label/c.HS_Common_Cancel';
import SAVING from '@salesforce/label/c.HS_Common_Saving';
import LOADING from '@salesforce/label/c.HS_Common_Loading';
import SELECT_PLACEHOLDER from '@salesforce/label/c.HS_Common_SelectPlaceholder';
import LOAD_FAILED from '@salesforce/label/c.HS_Review_LoadFailed';
import SAVE_FAILED from '@salesforce/label/c.HS_Review_SaveFailed';
import REVIEW_ERRORS from '@salesforce/label/c.HS_Error_ReviewFields';
import SAVED_TITLE from '@salesforce/label/c.HS_Review_SavedTitle';
import SAVED_MESSAGE from '@salesforce/label/c.HS_Review_SavedMessage';

export const LABELS = {
  title: TITLE,
  intro: INTRO,
  opportunity: OPPORTUNITY,
  noOpportunity: NO_OPPORTUNITY,
  sectionChampion: SECTION_CHAMPION,
  championStatus: CHAMPION_STATUS,
  championStatusHelp: CHAMPION_STATUS_HELP,
  championConfirm: CHAMPION_CONFIRM,
  championConfirmHelp: CHAMPION_CONFIRM_HELP,
  lastReviewed: LAST_REVIEWED,
  neverReviewed: NEVER_REVIEWED,
  notReviewed: NOT_REVIEWED,
  sectionUseCases: SECTION_USE_CASES,
  useCasesHelp: USE_CASES_HELP,
  noUseCases: NO_USE_CASES,
  useCaseStatus: USE_CASE_STATUS,
  sectionPromises: SECTION_PROMISES,
  promisesHelp: PROMISES_HELP,
  noPromises: NO_PROMISES,
  promiseStatus: PROMISE_STATUS,
  columnUseCase: COLUMN_USE_CASE,
  columnPromise: COLUMN_PROMISE,
  columnStatus: COLUMN_STATUS,
  columnReviewedOn: COLUMN_REVIEWED_ON,
  columnDueOn: COLUMN_DUE_ON,
  columnResolvedOn: COLUMN_RESOLVED_ON,
  save: SAVE,
  required: REQUIRED,
  cancel: CANCEL,
  saving: SAVING,
  loading: LOADING,
  selectPlaceholder: SELECT_PLACEHOLDER,
  loadFailed: LOAD_FAILED,
  saveFailed: SAVE_FAILED,
  reviewErrors: REVIEW_ERRORS,
  savedTitle: SAVED_TITLE,
  savedMessage: SAVED_MESSAGE,
};
