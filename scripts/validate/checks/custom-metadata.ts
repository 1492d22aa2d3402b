// Custom metadata records (`customMetadata/Type.Record.md-meta.xml`): the type exists, every value
// names a field of the type with a value of the field's type, and required fields are set.
import { getObject, key, type FieldInfo } from '../schema.ts';
import { attribute, list, text } from '../xml.ts';
import type { CheckInput, Problem } from './problem.ts';

/** `xsi:type` values that a field type accepts. */
function acceptedXsiTypes(field: FieldInfo): string[] {
  switch (field.type) {
    case 'Number':
    case 'Percent':
    case 'Currency':
      return ['xsd:double', 'xsd:int', 'xsd:long', 'xsd:decimal'];
    case 'Checkbox':
      return ['xsd:boolean'];
    case 'Date':
      return ['xsd:date'];
    case 'DateTime':
      return ['xsd:dateTime'];
    default:
      return ['xsd:string'];
  }
}

/** Developer names: a letter first, then letters, digits and single underscores, 40 at most. */
const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
const MAX_DEVELOPER_NAME_LENGTH = 40;

function valueProblem(field: FieldInfo, value: string): string | undefined {
  if (field.type === 'Number' || field.type === 'Percent' || field.type === 'Currency') {
    if (!/^-?\d+(\.\d+)?$/.test(value)) return `${value} is not a number`;
    const precision = Number(text(field.node, 'precision') ?? 18);
    const scale = Number(text(field.node, 'scale') ?? 0);
    const [whole, fraction = ''] = value.replace('-', '').split('.');
    if (whole.replace(/^0+(?=\d)/, '').length > precision - scale) {
      return `${value} has more than ${precision - scale} digits before the decimal point (precision ${precision}, scale ${scale})`;
    }
    if (fraction.replace(/0+$/, '').length > scale) {
      return `${value} has more than ${scale} decimal places`;
    }
  }
  if (field.type === 'Checkbox' && value !== 'true' && value !== 'false')
    return `${value} is not true or false`;
  if (field.type === 'Picklist' && field.picklistValues && !field.picklistValues.includes(value)) {
    return `${value} is not a value of the picklist (${field.picklistValues.join(', ')})`;
  }
  if (field.type === 'Text') {
    const length = Number(text(field.node, 'length') ?? 255);
    if (value.length > length)
      return `the value has ${value.length} characters, more than the length ${length}`;
  }
  return undefined;
}

export function checkCustomMetadata({ project, schema }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  for (const document of project.documents) {
    if (document.suffix !== 'md' || document.error) continue;
    const [typeName, recordName] = document.name.split('.');
    const object = getObject(schema, `${typeName}__mdt`);
    if (!object || object.kind !== 'customMetadata') {
      problems.push({
        file: document.file,
        message: `record of ${typeName}__mdt, which force-app does not define: add objects/${typeName}__mdt/${typeName}__mdt.object-meta.xml or fix the file name Type.Record.md-meta.xml.`,
      });
      continue;
    }
    if (
      !recordName ||
      !DEVELOPER_NAME.test(recordName) ||
      recordName.endsWith('_') ||
      recordName.length > MAX_DEVELOPER_NAME_LENGTH
    ) {
      problems.push({
        file: document.file,
        message: `record name ${recordName ?? ''} is not a valid developer name: use a letter first, then letters, digits and single underscores, at most ${MAX_DEVELOPER_NAME_LENGTH} characters, not ending in _.`,
      });
    }
    if (!text(document.node, 'label')) {
      problems.push({
        file: document.file,
        message: `record ${document.name} has no <label>: add one.`,
      });
    }
    const seen = new Set<string>();
    for (const entry of list(document.node, 'values')) {
      const fieldName = text(entry, 'field') ?? '';
      const field = object.fields.get(key(fieldName));
      if (!field || !field.custom) {
        problems.push({
          file: document.file,
          message: `<values> names the field ${fieldName}, which ${object.name} does not have: add objects/${object.name}/fields/${fieldName}.field-meta.xml or fix the name.`,
        });
        continue;
      }
      seen.add(key(fieldName));
      const valueNode = list(entry, 'value')[0];
      const isNil = attribute(valueNode, 'xsi:nil') === 'true';
      if (isNil) continue;
      const xsiType = attribute(valueNode, 'xsi:type');
      const accepted = acceptedXsiTypes(field);
      if (!xsiType || !accepted.includes(xsiType)) {
        problems.push({
          file: document.file,
          message: `value of ${fieldName} has xsi:type="${xsiType ?? ''}", but ${field.type} fields take ${accepted[0]}: set <value xsi:type="${accepted[0]}">.`,
        });
        continue;
      }
      const value = text(entry, 'value') ?? '';
      const problem = valueProblem(field, value);
      if (problem) {
        problems.push({
          file: document.file,
          message: `value of ${fieldName}: ${problem}. Fix the value or the field definition.`,
        });
      }
    }
    for (const field of object.fields.values()) {
      if (field.custom && field.required && !seen.has(key(field.name))) {
        problems.push({
          file: document.file,
          message: `required field ${field.name} has no value: add <values><field>${field.name}</field><value xsi:type="${acceptedXsiTypes(field)[0]}">...</value></values>.`,
        });
      }
    }
  }
  return problems;
}
