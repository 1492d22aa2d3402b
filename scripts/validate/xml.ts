// Parsing of Salesforce source-format XML with fast-xml-parser, and accessors that hide its
// shapes: a repeated element is an array, a single one an object or a string, an empty one ''.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode = { [key: string]: unknown };

export interface ParsedXml {
  /** Name of the root element, '' when the file is not well formed. */
  root: string;
  /** Content of the root element. */
  node: XmlNode;
  /** Attributes of the root element, such as `xmlns`. */
  attributes: Record<string, string>;
  /** Parser message when the file is not well formed. */
  error?: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

export function parseXml(xml: string): ParsedXml {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line } = validation.err;
    return { root: '', node: {}, attributes: {}, error: `${msg} (line ${line})` };
  }
  const document = parser.parse(xml) as XmlNode;
  const root = Object.keys(document).find((key) => key !== '?xml' && !key.startsWith('#')) ?? '';
  const content = document[root];
  const node = content !== null && typeof content === 'object' ? (content as XmlNode) : {};
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_')) attributes[key.slice(2)] = String(value);
  }
  return { root, node, attributes };
}

/** Returns the elements named `key` of a node as an array, whether there are none, one or many. */
export function list(node: XmlNode | undefined, key: string): XmlNode[] {
  const value = node?.[key];
  if (value === undefined || value === null) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.map((entry) =>
    entry !== null && typeof entry === 'object' ? (entry as XmlNode) : { '#text': String(entry) },
  );
}

/** Returns the text of each element named `key`, for repeated simple elements like `<columns>`. */
export function texts(node: XmlNode | undefined, key: string): string[] {
  return list(node, key).map((entry) => String(entry['#text'] ?? ''));
}

/** Returns the first child element named `key`, or undefined. */
export function child(node: XmlNode | undefined, key: string): XmlNode | undefined {
  return list(node, key)[0];
}

/** Returns the text of the first element named `key`: undefined when absent, '' when empty. */
export function text(node: XmlNode | undefined, key: string): string | undefined {
  const value = node?.[key];
  if (value === undefined || value === null) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  if (first === null || first === undefined) return '';
  if (typeof first === 'object') return String((first as XmlNode)['#text'] ?? '');
  return String(first);
}

/** Returns an attribute of an element, such as `xsi:type` of a custom metadata value. */
export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return value === undefined ? undefined : String(value);
}
