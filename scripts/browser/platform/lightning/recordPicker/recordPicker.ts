/// <reference lib="dom" />
// Local implementation of `lightning-record-picker`, which lightning-base-components does not
// ship: an SLDS lookup that searches records of `objectApiName` by name through the local org's
// REST API, limited by `filter`, and fires `change` with `detail.recordId` on a pick or a clear.
// It has the validity methods of the other input components.

import { LightningElement, api } from 'lwc';
import { objectInfo } from '../../lds/describe.ts';
import { queryAll, soqlString, type RestRecord } from '../../lds/rest.ts';

/** Milliseconds to wait after the last keystroke before searching. */
const SEARCH_DELAY_MS = 250;
/** Records listed per search. */
const MAX_RESULTS = 10;
/** Characters to type before a search runs, as in Lightning Experience's lookups. */
const MIN_SEARCH_LENGTH = 2;

interface FilterCriterion {
  fieldPath: string;
  operator: string;
  value: unknown;
}

interface PickerOption {
  id: string;
  title: string;
  subtitle: string;
  className: string;
  selected: string;
}

const OPERATORS: Record<string, string> = {
  eq: '=',
  ne: '!=',
  lt: '<',
  gt: '>',
  lte: '<=',
  gte: '>=',
  like: 'LIKE',
};

function soqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).toUpperCase();
  return soqlString(String(value));
}

/** Translates the picker's filter to a SOQL condition: the criteria joined by AND, or by filterLogic. */
export function filterCondition(
  filter: { criteria?: FilterCriterion[]; filterLogic?: string } | undefined,
): string {
  const criteria = filter?.criteria ?? [];
  const parts = criteria.map((criterion) => {
    if (criterion.operator === 'in' || criterion.operator === 'nin') {
      const values = (Array.isArray(criterion.value) ? criterion.value : [criterion.value]).map(
        soqlLiteral,
      );
      return `${criterion.fieldPath} ${criterion.operator === 'in' ? 'IN' : 'NOT IN'} (${values.join(', ')})`;
    }
    const operator = OPERATORS[criterion.operator];
    if (operator === undefined) {
      throw new Error(
        `lightning-record-picker: the filter operator ${criterion.operator} is not supported.`,
      );
    }
    return `${criterion.fieldPath} ${operator} ${soqlLiteral(criterion.value)}`;
  });
  if (parts.length === 0) return '';
  if (filter?.filterLogic) {
    return filter.filterLogic.replace(/\d+/g, (index) => parts[Number(index) - 1] ?? index);
  }
  return parts.join(' AND ');
}

export default class RecordPicker extends LightningElement {
  @api label = '';
  @api placeholder = '';
  @api objectApiName = '';
  @api fieldLevelHelp: string | undefined;
  @api required = false;
  @api disabled = false;
  @api variant = 'standard';
  @api messageWhenValueMissing = 'Complete this field.';
  @api filter: { criteria?: FilterCriterion[]; filterLogic?: string } | undefined;
  @api displayInfo: { primaryField?: string; additionalFields?: string[] } | undefined;
  @api matchingInfo: { primaryField?: { fieldPath: string } } | undefined;

  selectedId: string | null = null;
  selectedName = '';
  searchTerm = '';
  options: PickerOption[] = [];
  isOpen = false;
  isSearching = false;
  customMessage = '';
  showHelp = false;
  searchError = '';
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private searchSequence = 0;

  /** Id of the selected record; setting it shows that record's name. */
  @api
  get value(): string | null {
    return this.selectedId;
  }
  set value(id: string | null) {
    const next = typeof id === 'string' && id !== '' ? id : null;
    if (next === this.selectedId) return;
    this.selectedId = next;
    this.selectedName = '';
    if (next !== null) void this.loadSelectedName(next);
  }

  @api
  get validity(): { valid: boolean; valueMissing: boolean; customError: boolean } {
    const valueMissing = this.required && this.selectedId === null;
    const customError = this.customMessage !== '';
    return { valid: !valueMissing && !customError, valueMissing, customError };
  }

  @api
  checkValidity(): boolean {
    return this.validity.valid;
  }

  @api
  reportValidity(): boolean {
    const valid = this.checkValidity();
    this.showHelp = !valid;
    return valid;
  }

  @api
  setCustomValidity(message: string): void {
    this.customMessage = message ?? '';
  }

  @api
  clearSelection(): void {
    this.select(null, '');
  }

  @api
  focus(): void {
    this.template?.querySelector<HTMLInputElement>('input')?.focus();
  }

  @api
  blur(): void {
    this.template?.querySelector<HTMLInputElement>('input')?.blur();
  }

  disconnectedCallback(): void {
    clearTimeout(this.searchTimer);
  }

  get primaryField(): string {
    return this.displayInfo?.primaryField ?? this.matchingInfo?.primaryField?.fieldPath ?? 'Name';
  }

  get additionalFields(): string[] {
    return this.displayInfo?.additionalFields ?? [];
  }

  get iconName(): string {
    const name = this.objectApiName.toLowerCase();
    return this.objectApiName.endsWith('__c') ? 'standard:record' : `standard:${name}`;
  }

  get hasSelection(): boolean {
    return this.selectedId !== null;
  }

  get helpMessage(): string {
    if (!this.showHelp) return '';
    if (this.customMessage !== '') return this.customMessage;
    return this.validity.valueMissing ? this.messageWhenValueMissing : '';
  }

  get formElementClass(): string {
    return `slds-form-element${this.helpMessage !== '' ? ' slds-has-error' : ''}${this.variant === 'label-inline' ? ' slds-form-element_horizontal' : ''}`;
  }

  get labelClass(): string {
    return `slds-form-element__label${this.variant === 'label-hidden' ? ' slds-assistive-text' : ''}`;
  }

  get containerClass(): string {
    return `slds-combobox_container${this.hasSelection ? ' slds-has-selection' : ''}`;
  }

  get comboboxClass(): string {
    return `slds-combobox slds-dropdown-trigger slds-dropdown-trigger_click${this.isOpen ? ' slds-is-open' : ''}`;
  }

  get expanded(): string {
    return String(this.isOpen);
  }

  get formElementInnerClass(): string {
    return this.hasSelection
      ? 'slds-combobox__form-element slds-input-has-icon slds-input-has-icon_left-right'
      : 'slds-combobox__form-element slds-input-has-icon slds-input-has-icon_right';
  }

  get inputClass(): string {
    return this.hasSelection
      ? 'slds-input slds-combobox__input slds-combobox__input-value'
      : 'slds-input slds-combobox__input';
  }

  /** The selected record's name, else what the user is typing. */
  get inputValue(): string {
    return this.hasSelection ? this.selectedLabel : this.searchTerm;
  }

  get showListbox(): boolean {
    return !this.hasSelection;
  }

  get hasOptions(): boolean {
    return this.options.length > 0;
  }

  get showNoResults(): boolean {
    return (
      !this.isSearching && this.options.length === 0 && this.searchTerm.length >= MIN_SEARCH_LENGTH
    );
  }

  get selectedLabel(): string {
    return this.selectedName || this.selectedId || '';
  }

  async loadSelectedName(id: string): Promise<void> {
    try {
      const rows = await queryAll(
        `SELECT Id, ${this.primaryField} FROM ${this.objectApiName} WHERE Id = ${soqlString(id)}`,
      );
      if (this.selectedId === id && rows[0] !== undefined) {
        this.selectedName = String(rows[0][this.primaryField] ?? '');
      }
    } catch (error) {
      this.searchError = (error as Error).message;
    }
  }

  handleInput(event: Event): void {
    this.searchTerm = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    if (this.searchTerm.trim().length < MIN_SEARCH_LENGTH) {
      this.options = [];
      this.isOpen = false;
      return;
    }
    this.isOpen = true;
    this.isSearching = true;
    this.searchTimer = setTimeout(() => void this.search(this.searchTerm.trim()), SEARCH_DELAY_MS);
  }

  async search(term: string): Promise<void> {
    const sequence = ++this.searchSequence;
    const info = await objectInfo(this.objectApiName);
    const fields = [this.primaryField, ...this.additionalFields].filter(
      (name) => info.field(name) !== undefined,
    );
    const conditions = [
      `${this.primaryField} LIKE ${soqlString(`%${term.replace(/[%_]/g, '\\$&')}%`)}`,
    ];
    const filter = filterCondition(this.filter);
    if (filter !== '') conditions.push(`(${filter})`);
    let rows: RestRecord[] = [];
    try {
      rows = await queryAll(
        `SELECT Id, ${[...new Set(fields)].join(', ')} FROM ${info.describe.name} WHERE ${conditions.join(' AND ')} ORDER BY ${this.primaryField} LIMIT ${MAX_RESULTS}`,
      );
      this.searchError = '';
    } catch (error) {
      this.searchError = (error as Error).message;
    }
    if (sequence !== this.searchSequence) return;
    this.options = rows.map((row) => ({
      id: String(row.Id),
      title: String(row[this.primaryField] ?? ''),
      subtitle: this.additionalFields
        .map((name) => row[name])
        .filter((value) => value !== null && value !== undefined && value !== '')
        .join(' • '),
      className:
        'slds-media slds-listbox__option slds-listbox__option_entity slds-listbox__option_has-meta',
      selected: 'false',
    }));
    this.isSearching = false;
  }

  /** Picks on mousedown, before the input's blur closes the list. */
  handleOptionMouseDown(event: MouseEvent): void {
    event.preventDefault();
    const target = event.currentTarget as HTMLElement;
    const option = this.options.find((item) => item.id === target.dataset.id);
    if (option !== undefined) this.select(option.id, option.title);
  }

  handleKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      this.isOpen = false;
    } else if (event.key === 'Enter' && this.options.length > 0 && this.isOpen) {
      event.preventDefault();
      this.select(this.options[0].id, this.options[0].title);
    }
  }

  handleBlur(): void {
    this.isOpen = false;
    if (this.required) this.showHelp = !this.checkValidity();
    this.dispatchEvent(new CustomEvent('blur'));
  }

  handleFocus(): void {
    if (this.options.length > 0 && this.searchTerm.length >= MIN_SEARCH_LENGTH) this.isOpen = true;
    this.dispatchEvent(new CustomEvent('focus'));
  }

  handleRemove(): void {
    this.select(null, '');
    // Focus returns to the search input once it renders again.
    Promise.resolve().then(() => this.focus());
  }

  select(id: string | null, name: string): void {
    this.selectedId = id;
    this.selectedName = name;
    this.searchTerm = '';
    this.options = [];
    this.isOpen = false;
    if (id !== null) this.showHelp = false;
    this.dispatchEvent(new CustomEvent('change', { detail: { recordId: id } }));
  }
}
