// The wire adapter base class of the local platform modules, and the in-page event bus through
// which a save notifies every connected wire that records changed. Lightning Data Service likewise
// notifies the wires that show a record it has just written.

import { deepFreeze } from './records.ts';
import { toFetchResponse } from './errors.ts';

/** Records that were created, updated or deleted in this page. */
export interface RecordChange {
  ids: string[];
  /** API names of the changed records' objects. */
  apiNames: string[];
}

type ChangeListener = (change: RecordChange) => void;

const listeners = new Set<ChangeListener>();

/** Tells every subscribed wire that records changed. */
export function publishRecordChange(change: RecordChange): void {
  for (const listener of [...listeners]) listener(change);
}

/** Emitted wire values, so that refreshApex(value) finds the wire that emitted it. */
const emitters = new WeakMap<object, LdsWireAdapter<unknown, unknown>>();

/** Refetches the wire that emitted `value`; resolves when the new value is emitted. */
export function refreshWireValue(value: unknown): Promise<void> {
  const adapter = value !== null && typeof value === 'object' ? emitters.get(value) : undefined;
  return adapter === undefined ? Promise.resolve() : adapter.refresh();
}

export type DataCallback = (value: unknown) => void;

/**
 * An LWC wire adapter (constructor(dataCallback), update(config), connect(), disconnect()) that
 * fetches on every config change and on every record change that `isAffectedBy` accepts. Only the
 * response to the latest request is emitted, as `{ data, error }` with frozen data.
 */
export abstract class LdsWireAdapter<Config, Data> {
  private readonly dataCallback: DataCallback;
  private config: Config | undefined;
  private sequence = 0;
  private disconnected = false;
  private readonly listener: ChangeListener;

  constructor(dataCallback: DataCallback) {
    this.dataCallback = dataCallback;
    this.listener = (change) => {
      if (
        this.config !== undefined &&
        this.isReady(this.config) &&
        this.isAffectedBy(this.config, change)
      ) {
        void this.refresh();
      }
    };
  }

  /** False while a reactive parameter that the adapter needs is still undefined. */
  protected abstract isReady(config: Config): boolean;
  protected abstract fetch(config: Config): Promise<Data>;
  protected abstract isAffectedBy(config: Config, change: RecordChange): boolean;

  /** Builds the value emitted on success. The GraphQL adapter emits `{ data, errors }` instead. */
  protected successValue(data: Data): Record<string, unknown> {
    return { data, error: undefined };
  }

  protected failureValue(error: unknown): Record<string, unknown> {
    return { data: undefined, error: toFetchResponse(error) };
  }

  update(config: Config): void {
    this.config = config;
    if (this.isReady(config)) void this.refresh();
  }

  connect(): void {
    this.disconnected = false;
    listeners.add(this.listener);
  }

  disconnect(): void {
    this.disconnected = true;
    listeners.delete(this.listener);
  }

  /** Fetches again with the current config and emits the result. */
  async refresh(): Promise<void> {
    const config = this.config;
    if (config === undefined || !this.isReady(config)) return;
    const sequence = ++this.sequence;
    let value: Record<string, unknown>;
    try {
      value = this.successValue(deepFreeze(await this.fetch(config)));
    } catch (error) {
      value = this.failureValue(error);
    }
    if (sequence !== this.sequence || this.disconnected) return;
    emitters.set(value, this as LdsWireAdapter<unknown, unknown>);
    this.dataCallback(value);
  }
}

/** True when every listed key of `config` is neither undefined nor null. */
export function hasValues(config: unknown, keys: string[]): boolean {
  const record = config as Record<string, unknown> | undefined;
  return (
    record !== undefined && keys.every((key) => record[key] !== undefined && record[key] !== null)
  );
}
