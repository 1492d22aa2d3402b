// Reading Salesforce source-format metadata files (`*-meta.xml`) with fast-xml-parser.

import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

/** Elements that may repeat in the metadata types the local org reads. */
const REPEATED_ELEMENTS = new Set([
  'value',
  'values',
  'customValue',
  'standardValue',
  'summaryFilterItems',
  'customPermissions',
  'fieldPermissions',
  'objectPermissions',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Keep every value a string: picklist values such as `1` or `true` must stay text.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (tagName) => REPEATED_ELEMENTS.has(tagName),
});

export type XmlNode = Record<string, unknown>;

/** Parses a metadata file and returns its root element (`CustomField`, `CustomObject`...). */
export function readMetadataFile(path: string, rootElement: string): XmlNode {
  const document = parser.parse(readFileSync(path, 'utf8')) as XmlNode;
  const root = document[rootElement];
  if (root === undefined || root === null || typeof root !== 'object') {
    throw new Error(`${path}: expected a <${rootElement}> root element`);
  }
  return root as XmlNode;
}

/** Returns the text of a child element, or undefined when it is absent or empty. */
export function textOf(node: unknown, key: string): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  let value = (node as XmlNode)[key];
  if (Array.isArray(value)) value = value[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    const inner = (value as XmlNode)['#text'];
    return inner === undefined ? undefined : String(inner);
  }
  const text = String(value);
  return text === '' ? undefined : text;
}

export function booleanOf(node: unknown, key: string): boolean | undefined {
  const text = textOf(node, key);
  if (text === undefined) return undefined;
  return text.trim().toLowerCase() === 'true';
}

export function numberOf(node: unknown, key: string): number | undefined {
  const text = textOf(node, key);
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Returns the repeated child elements under `key`, as an array (empty when absent). */
export function listOf(node: unknown, key: string): XmlNode[] {
  if (node === null || typeof node !== 'object') return [];
  const value = (node as XmlNode)[key];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as XmlNode[];
}

/** Returns a child element as an object, or undefined. */
export function childOf(node: unknown, key: string): XmlNode | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const value = (node as XmlNode)[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as XmlNode)
    : undefined;
}
