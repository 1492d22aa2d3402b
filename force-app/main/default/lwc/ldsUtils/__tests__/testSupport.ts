// Helpers shared by the component tests: typed access to the sfdx-lwc-jest wire adapter test
// doubles, and lookups of base components by their public properties.

export type WireConfig = Record<string, unknown>;

/** The test API that createLdsTestWireAdapter and the graphql stub add to an adapter. */
export interface TestWireAdapter {
  emit(value: unknown, filter?: (config: WireConfig) => boolean): void;
  emitError(
    error?: { body?: unknown; status?: number; statusText?: string },
    filter?: (config: WireConfig) => boolean,
  ): void;
  emitErrors?(errors: unknown[], filter?: (config: WireConfig) => boolean): void;
  getLastConfig(): WireConfig;
}

export function testAdapter(adapter: unknown): TestWireAdapter {
  return adapter as TestWireAdapter;
}

/** Waits until every pending promise callback, including chained saves, has run. */
export function flushPromises(): Promise<void> {
  // A macrotask runs after every queued microtask, so renders and chained saves have finished.
  // eslint-disable-next-line @lwc/lwc/no-async-operation
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Returns the object API name of a wire config's `objectApiName`, imported or a string. */
export function objectNameOf(config: WireConfig): string | undefined {
  const value = config.objectApiName;
  if (typeof value === 'string') {
    return value;
  }
  return (value as { objectApiName?: string } | undefined)?.objectApiName;
}

/** Returns a field config's API name, for configs such as getPicklistValues' `fieldApiName`. */
export function fieldNameOf(config: WireConfig): string | undefined {
  const value = config.fieldApiName;
  if (typeof value === 'string') {
    return value.split('.').pop();
  }
  return (value as { fieldApiName?: string } | undefined)?.fieldApiName;
}

export type LabelledElement = HTMLElement & {
  label?: string;
  value?: unknown;
  checked?: boolean;
  alternativeText?: string;
  [key: string]: unknown;
};

export function allOf(root: ShadowRoot | null, selector: string): LabelledElement[] {
  return Array.from(root?.querySelectorAll<LabelledElement>(selector) ?? []);
}

/** Returns the first element matching `selector` whose `label` property is `label`. */
export function byLabel(
  root: ShadowRoot | null,
  selector: string,
  label: string,
): LabelledElement | undefined {
  return allOf(root, selector).find((element) => element.label === label);
}

/** Dispatches the `change` event that base input components fire, with its detail. */
export function change(element: HTMLElement, detail: Record<string, unknown>): void {
  element.dispatchEvent(new CustomEvent('change', { detail }));
}

/**
 * Returns a custom label's English value from CustomLabels.labels-meta.xml, for tests that mock
 * a label module to check how its placeholders are filled. sfdx-lwc-jest otherwise resolves every
 * label import to its name, such as `c.HS_Card_Title`.
 */
export function labelValue(name: string): string {
  // Required here, not imported, so that jest.mock factories can call this helper.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { join } = require('node:path') as typeof import('node:path');
  const xml = readFileSync(join(__dirname, '../../../labels/CustomLabels.labels-meta.xml'), 'utf8');
  const entry = xml
    .split('<labels>')
    .find((block) => block.includes(`<fullName>${name}</fullName>`));
  const value = entry?.match(/<value>([\s\S]*?)<\/value>/)?.[1];
  if (value === undefined) {
    throw new Error(`Custom label ${name} is not in CustomLabels.labels-meta.xml.`);
  }
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
