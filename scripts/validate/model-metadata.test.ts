// Holds the shipped custom metadata records equal to the engine's DEFAULT_MODEL, so the model an
// org runs after a fresh deploy is the one the engine's tests and the components' fallback use.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import {
  DEFAULT_MODEL,
  modelVersionLabel,
  validateModel,
} from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { modelFromRecords } from '../job/model.ts';

const metadataDir = fileURLToPath(
  new URL('../../force-app/main/default/customMetadata', import.meta.url),
);
const parser = new XMLParser({
  ignoreAttributes: true,
  isArray: (name) => name === 'values',
  parseTagValue: false,
});

type Row = Record<string, unknown>;

/** Reads the records of one custom metadata type as SOQL would return them. */
function readRecords(type: string): Row[] {
  return readdirSync(metadataDir)
    .filter((file) => file.startsWith(`${type}.`) && file.endsWith('.md-meta.xml'))
    .map((file) => {
      const xml = parser.parse(readFileSync(join(metadataDir, file), 'utf8')).CustomMetadata;
      const row: Row = { DeveloperName: file.slice(type.length + 1, -'.md-meta.xml'.length) };
      for (const entry of xml.values as { field: string; value: string }[]) {
        const numeric = /^-?\d+(\.\d+)?$/.test(entry.value) && entry.field !== 'Segment__c';
        row[entry.field] = numeric ? Number(entry.value) : entry.value;
      }
      return row;
    });
}

function shippedModel() {
  const { candidate, problems } = modelFromRecords({
    segments: readRecords('Health_Segment_Weight'),
    bands: readRecords('Health_Band'),
    signals: readRecords('Health_Signal'),
  });
  assert.deepEqual(problems, []);
  const { model, errors } = validateModel(candidate);
  assert.deepEqual(errors, []);
  return model!;
}

describe('shipped model metadata', () => {
  it('builds a valid model', () => {
    assert.ok(shippedModel());
  });

  it('equals the default segment weights', () => {
    assert.deepEqual(shippedModel().segments, DEFAULT_MODEL.segments);
  });

  it('equals the default signal layers and weights', () => {
    assert.deepEqual(shippedModel().signals, DEFAULT_MODEL.signals);
  });

  it('equals the default band minimums', () => {
    const minimums = (bands: typeof DEFAULT_MODEL.bands) =>
      bands.map(({ band, minScore }) => ({ band, minScore }));
    assert.deepEqual(minimums(shippedModel().bands), minimums(DEFAULT_MODEL.bands));
  });

  it('gives the default version label', () => {
    assert.equal(modelVersionLabel(shippedModel()), modelVersionLabel(DEFAULT_MODEL));
  });
});
