// Builds the scoring model from custom metadata (Health_Segment_Weight__mdt, Health_Band__mdt,
// Health_Signal__mdt), read with SOQL. Missing or invalid records fall back to the engine's
// DEFAULT_MODEL with a warning, so a bad deploy of weights never stops the scoring.

import type { Connection } from 'jsforce';
import {
  DEFAULT_MODEL,
  MODEL_VERSION,
  validateModel,
  type HealthModel,
} from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { describeApiError, toApiError } from './api.ts';
import type { Logger } from './log.ts';
import { queryRest, type SObjectRow } from './read.ts';

export interface ModelSource {
  model: HealthModel;
  /** 'custom metadata', or 'defaults' when the records were missing or invalid. */
  source: 'custom metadata' | 'defaults';
  /** Why the defaults were used: one message per problem found. */
  problems: string[];
}

/** Health_Signal__mdt.Layer__c values and the engine's layer names. */
const LAYERS: Record<string, 'product' | 'dealContext'> = {
  product: 'product',
  'deal context': 'dealContext',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Builds an unvalidated model from the three record sets; validateModel checks it. */
export function modelFromRecords(records: {
  segments: SObjectRow[];
  bands: SObjectRow[];
  signals: SObjectRow[];
}): { candidate: unknown; problems: string[] } {
  const problems: string[] = [];
  const segments: Record<string, unknown> = {};
  for (const record of records.segments) {
    const segment = text(record.Segment__c);
    if (segment === null) {
      problems.push(
        `Health_Segment_Weight__mdt ${String(record.DeveloperName)} has no Segment__c.`,
      );
      continue;
    }
    segments[segment] = {
      product: record.Product_Weight__c,
      dealContext: record.Deal_Context_Weight__c,
    };
  }

  const bands = records.bands.map((record) => ({
    band: text(record.Band__c),
    minScore: record.Minimum_Score__c,
    action: text(record.Default_Action__c) ?? '',
  }));

  const signals: Record<string, unknown> = {};
  for (const record of records.signals) {
    const signal = text(record.Signal__c);
    const layerText = text(record.Layer__c);
    const layer = layerText === null ? undefined : LAYERS[layerText.toLowerCase()];
    if (signal === null) {
      problems.push(`Health_Signal__mdt ${String(record.DeveloperName)} has no Signal__c.`);
      continue;
    }
    if (layer === undefined) {
      problems.push(
        `Health_Signal__mdt ${String(record.DeveloperName)} has Layer__c ${JSON.stringify(record.Layer__c)}: expected Product or Deal Context.`,
      );
      continue;
    }
    signals[signal] = { layer, weight: record.Weight__c };
  }
  return { candidate: { version: MODEL_VERSION, segments, bands, signals }, problems };
}

/** Reads the model from custom metadata, or returns DEFAULT_MODEL with the reasons why. */
export async function readModel(conn: Connection, log: Logger): Promise<ModelSource> {
  let records: { segments: SObjectRow[]; bands: SObjectRow[]; signals: SObjectRow[] };
  try {
    records = {
      segments: await queryRest(
        conn,
        'SELECT DeveloperName, Segment__c, Product_Weight__c, Deal_Context_Weight__c FROM Health_Segment_Weight__mdt',
        log,
      ),
      bands: await queryRest(
        conn,
        'SELECT DeveloperName, Band__c, Minimum_Score__c, Default_Action__c FROM Health_Band__mdt',
        log,
      ),
      signals: await queryRest(
        conn,
        'SELECT DeveloperName, Signal__c, Layer__c, Weight__c FROM Health_Signal__mdt',
        log,
      ),
    };
  } catch (thrown) {
    const error = toApiError(thrown);
    // A query the org rejects (400: the types or fields are not deployed) falls back to the
    // defaults; a session, limit or connection failure would fail the next request too.
    if (error.status !== 400 && error.status !== 404) {
      throw error;
    }
    const problem = `Reading the model's custom metadata failed (${describeApiError(error)}).`;
    return { model: DEFAULT_MODEL, source: 'defaults', problems: [problem] };
  }
  if (records.segments.length + records.bands.length + records.signals.length === 0) {
    return {
      model: DEFAULT_MODEL,
      source: 'defaults',
      problems: [
        'The org has no Health_Segment_Weight__mdt, Health_Band__mdt or Health_Signal__mdt records.',
      ],
    };
  }
  const { candidate, problems } = modelFromRecords(records);
  const { model, errors } = validateModel(candidate);
  if (model === null || problems.length > 0) {
    return { model: DEFAULT_MODEL, source: 'defaults', problems: [...problems, ...errors] };
  }
  return { model, source: 'custom metadata', problems: [] };
}
