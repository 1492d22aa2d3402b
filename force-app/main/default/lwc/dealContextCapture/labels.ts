// Custom labels of the deal-context form, collected so the template reads them as labels.*.
import TITLE from '@salesforce/label/c.HS_Capture_Title';
import INTRO from '@salesforce/label/c.HS_Capture_Intro';
import SECTION_TERMS from '@salesforce/label/c.HS_Capture_SectionTerms';
import DISCOUNT from '@salesforce/label/c.HS_Capture_Discount';
import DISCOUNT_HELP from '@salesforce/label/c.HS_Capture_DiscountHelp';
import DISCOUNT_RANGE from '@salesforce/label/c.HS_Error_DiscountRange';
import REQUIRED from '@salesforce/label/c.HS_Error_Required';
import ICP_RATING from '@salesforce/label/c.HS_Capture_IcpRating';
import ICP_HELP from '@salesforce/label/c.HS_Icp_Help';
import SELECT_PLACEHOLDER from '@salesforce/label/c.HS_Common_SelectPlaceholder';
import SECTION_CHAMPION from '@salesforce/label/c.HS_Capture_SectionChampion';
import CHAMPION from '@salesforce/label/c.HS_Capture_Champion';
import CHAMPION_HELP from '@salesforce/label/c.HS_Capture_ChampionHelp';
import CHAMPION_PLACEHOLDER from '@salesforce/label/c.HS_Capture_ChampionPlaceholder';
import CHAMPION_TITLE from '@salesforce/label/c.HS_Capture_ChampionTitle';
import CHAMPION_TITLE_HELP from '@salesforce/label/c.HS_Capture_ChampionTitleHelp';
import SENIORITY from '@salesforce/label/c.HS_Capture_Seniority';
import SENIORITY_HELP from '@salesforce/label/c.HS_Capture_SeniorityHelp';
import SECTION_COMPETITION from '@salesforce/label/c.HS_Capture_SectionCompetition';
import DISPLACEMENT from '@salesforce/label/c.HS_Capture_Displacement';
import DISPLACEMENT_HELP from '@salesforce/label/c.HS_Capture_DisplacementHelp';
import DISPLACED_VENDOR from '@salesforce/label/c.HS_Capture_DisplacedVendor';
import DISPLACED_VENDOR_HELP from '@salesforce/label/c.HS_Capture_DisplacedVendorHelp';
import SECTION_USE_CASES from '@salesforce/label/c.HS_Capture_SectionUseCases';
import USE_CASES_HELP from '@salesforce/label/c.HS_Capture_UseCasesHelp';
import USE_CASE_LEGEND from '@salesforce/label/c.HS_Capture_UseCaseLegend';
import USE_CASE_NAME from '@salesforce/label/c.HS_Capture_UseCaseName';
import USE_CASE_NAME_HELP from '@salesforce/label/c.HS_Capture_UseCaseNameHelp';
import USE_CASE_DESCRIPTION from '@salesforce/label/c.HS_Capture_UseCaseDescription';
import ADD_USE_CASE from '@salesforce/label/c.HS_Capture_AddUseCase';
import REMOVE_USE_CASE from '@salesforce/label/c.HS_Capture_RemoveUseCase';
import SECTION_PROMISES from '@salesforce/label/c.HS_Capture_SectionPromises';
import PROMISES_HELP from '@salesforce/label/c.HS_Capture_PromisesHelp';
import NO_PROMISES from '@salesforce/label/c.HS_Capture_NoPromises';
import PROMISE_LEGEND from '@salesforce/label/c.HS_Capture_PromiseLegend';
import PROMISE_TYPE from '@salesforce/label/c.HS_Capture_PromiseType';
import PROMISE_DESCRIPTION from '@salesforce/label/c.HS_Capture_PromiseDescription';
import PROMISE_DUE_ON from '@salesforce/label/c.HS_Capture_PromiseDueOn';
import PROMISE_DUE_ON_HELP from '@salesforce/label/c.HS_Capture_PromiseDueOnHelp';
import ADD_PROMISE from '@salesforce/label/c.HS_Capture_AddPromise';
import REMOVE_PROMISE from '@salesforce/label/c.HS_Capture_RemovePromise';
import PREVIEW_TITLE from '@salesforce/label/c.HS_Preview_Title';
import PREVIEW_HELP from '@salesforce/label/c.HS_Preview_Help';
import PREVIEW_EMPTY from '@salesforce/label/c.HS_Preview_Empty';
import PREVIEW_SCORE from '@salesforce/label/c.HS_Preview_Score';
import PREVIEW_FLAGS from '@salesforce/label/c.HS_Preview_Flags';
import PREVIEW_NO_FLAGS from '@salesforce/label/c.HS_Preview_NoFlags';
import WON_STAGE from '@salesforce/label/c.HS_Capture_WonStage';
import NO_WON_STAGE from '@salesforce/label/c.HS_Capture_NoWonStage';
import CANCEL from '@salesforce/label/c.HS_Common_Cancel';
import SAVE from '@salesforce/label/c.HS_Common_Save';
import SAVE_AND_CLOSE_WON from '@salesforce/label/c.HS_Capture_SaveAndCloseWon';
import SAVING from '@salesforce/label/c.HS_Common_Saving';
import LOADING from '@salesforce/label/c.HS_Common_Loading';
import LOAD_FAILED from '@salesforce/label/c.HS_Capture_LoadFailed';
import SAVE_FAILED from '@salesforce/label/c.HS_Capture_SaveFailed';
import REVIEW_ERRORS from '@salesforce/label/c.HS_Error_ReviewFields';
import SAVED_TITLE from '@salesforce/label/c.HS_Capture_SavedTitle';
import SAVED_MESSAGE from '@salesforce/label/c.HS_Capture_SavedMessage';
import ICP_OPTION_1 from '@salesforce/label/c.HS_Icp_Option1';
import ICP_OPTION_2 from '@salesforce/label/c.HS_Icp_Option2';
import ICP_OPTION_3 from '@salesforce/label/c.HS_Icp_Option3';
import ICP_OPTION_4 from '@salesforce/label/c.HS_Icp_Option4';
import ICP_OPTION_5 from '@salesforce/label/c.HS_Icp_Option5';

export const LABELS = {
  title: TITLE,
  intro: INTRO,
  sectionTerms: SECTION_TERMS,
  discount: DISCOUNT,
  discountHelp: DISCOUNT_HELP,
  discountRange: DISCOUNT_RANGE,
  required: REQUIRED,
  icpRating: ICP_RATING,
  icpHelp: ICP_HELP,
  selectPlaceholder: SELECT_PLACEHOLDER,
  sectionChampion: SECTION_CHAMPION,
  champion: CHAMPION,
  championHelp: CHAMPION_HELP,
  championPlaceholder: CHAMPION_PLACEHOLDER,
  championTitle: CHAMPION_TITLE,
  championTitleHelp: CHAMPION_TITLE_HELP,
  seniority: SENIORITY,
  seniorityHelp: SENIORITY_HELP,
  sectionCompetition: SECTION_COMPETITION,
  displacement: DISPLACEMENT,
  displacementHelp: DISPLACEMENT_HELP,
  displacedVendor: DISPLACED_VENDOR,
  displacedVendorHelp: DISPLACED_VENDOR_HELP,
  sectionUseCases: SECTION_USE_CASES,
  useCasesHelp: USE_CASES_HELP,
  useCaseLegend: USE_CASE_LEGEND,
  useCaseName: USE_CASE_NAME,
  useCaseNameHelp: USE_CASE_NAME_HELP,
  useCaseDescription: USE_CASE_DESCRIPTION,
  addUseCase: ADD_USE_CASE,
  removeUseCase: REMOVE_USE_CASE,
  sectionPromises: SECTION_PROMISES,
  promisesHelp: PROMISES_HELP,
  noPromises: NO_PROMISES,
  promiseLegend: PROMISE_LEGEND,
  promiseType: PROMISE_TYPE,
  promiseDescription: PROMISE_DESCRIPTION,
  promiseDueOn: PROMISE_DUE_ON,
  promiseDueOnHelp: PROMISE_DUE_ON_HELP,
  addPromise: ADD_PROMISE,
  removePromise: REMOVE_PROMISE,
  previewTitle: PREVIEW_TITLE,
  previewHelp: PREVIEW_HELP,
  previewEmpty: PREVIEW_EMPTY,
  previewScore: PREVIEW_SCORE,
  previewFlags: PREVIEW_FLAGS,
  previewNoFlags: PREVIEW_NO_FLAGS,
  wonStage: WON_STAGE,
  noWonStage: NO_WON_STAGE,
  cancel: CANCEL,
  save: SAVE,
  saveAndCloseWon: SAVE_AND_CLOSE_WON,
  saving: SAVING,
  loading: LOADING,
  loadFailed: LOAD_FAILED,
  saveFailed: SAVE_FAILED,
  reviewErrors: REVIEW_ERRORS,
  savedTitle: SAVED_TITLE,
  savedMessage: SAVED_MESSAGE,
  /** Options of the ICP fit rating, from 1 (poor) to 5 (ideal). */
  icpOptions: [ICP_OPTION_1, ICP_OPTION_2, ICP_OPTION_3, ICP_OPTION_4, ICP_OPTION_5],
};
