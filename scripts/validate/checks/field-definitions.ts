// Definitions of custom objects and fields that a deploy rejects but the CLI accepts offline:
// invalid types, numbers without precision, lookups without referenceTo, long text areas without
// visibleLines, roll-ups whose foreign key is not a master-detail field, missing value sets.
import type { MetadataDocument } from '../project.ts';
import { getField, getObject, key, objectFolder, type Schema } from '../schema.ts';
import { STANDARD_OBJECTS } from '../standard-fields.ts';
import { child, list, text } from '../xml.ts';
import type { CheckInput, Problem } from './problem.ts';

/** Values of CustomField `type` in the Metadata API (FieldType enumeration). */
export const CUSTOM_FIELD_TYPES = new Set([
  'AutoNumber',
  'Checkbox',
  'Currency',
  'Date',
  'DateTime',
  'Email',
  'EncryptedText',
  'ExternalLookup',
  'File',
  'Hierarchy',
  'Html',
  'IndirectLookup',
  'Location',
  'LongTextArea',
  'Lookup',
  'MasterDetail',
  'MetadataRelationship',
  'MultiselectPicklist',
  'Number',
  'Percent',
  'Phone',
  'Picklist',
  'Summary',
  'Text',
  'TextArea',
  'Time',
  'Url',
]);

const NUMERIC_TYPES = new Set(['Number', 'Percent', 'Currency']);
const FORMULA_RESULT_TYPES = new Set([
  'Checkbox',
  'Currency',
  'Date',
  'DateTime',
  'Number',
  'Percent',
  'Text',
  'Time',
]);
/** Largest precision of a Number, Percent or Currency field. */
const MAX_PRECISION = 18;
/** Length limits of text fields, from the Metadata API's CustomField reference. */
const MAX_TEXT_LENGTH = 255;
const MIN_LONG_TEXT_LENGTH = 256;
const MAX_LONG_TEXT_LENGTH = 131_072;
const MAX_LABEL_LENGTH = 40;
const MAX_HELP_TEXT_LENGTH = 510;
const MAX_DESCRIPTION_LENGTH = 1000;
const SUMMARY_OPERATIONS = new Set(['count', 'sum', 'min', 'max']);

function integer(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

function checkNumeric(document: MetadataDocument, type: string, problems: Problem[]): void {
  const precision = integer(text(document.node, 'precision'));
  const scale = integer(text(document.node, 'scale'));
  const where = `${type} field ${document.name}`;
  if (precision === undefined) {
    problems.push({
      file: document.file,
      message: `${where} has no <precision>: add <precision> (total digits, 1 to ${MAX_PRECISION}) and <scale>.`,
    });
  } else if (precision < 1 || precision > MAX_PRECISION) {
    problems.push({
      file: document.file,
      message: `${where} has <precision>${precision}</precision>: use 1 to ${MAX_PRECISION}.`,
    });
  }
  if (scale === undefined) {
    problems.push({
      file: document.file,
      message: `${where} has no <scale>: add <scale> (digits after the decimal point, 0 or more).`,
    });
  } else if (precision !== undefined && (scale < 0 || scale > precision)) {
    problems.push({
      file: document.file,
      message: `${where} has <scale>${scale}</scale> with <precision>${precision}</precision>: the scale must be from 0 to the precision.`,
    });
  }
}

function checkLength(document: MetadataDocument, type: string, problems: Problem[]): void {
  const length = integer(text(document.node, 'length'));
  const where = `${type} field ${document.name}`;
  if (type === 'Text' || type === 'EncryptedText') {
    if (length === undefined) {
      problems.push({
        file: document.file,
        message: `${where} has no <length>: add <length> from 1 to ${MAX_TEXT_LENGTH}.`,
      });
    } else if (length < 1 || length > MAX_TEXT_LENGTH) {
      problems.push({
        file: document.file,
        message: `${where} has <length>${length}</length>: use 1 to ${MAX_TEXT_LENGTH}, or the type LongTextArea for more.`,
      });
    }
    return;
  }
  if (length === undefined) {
    problems.push({
      file: document.file,
      message: `${where} has no <length>: add <length> from ${MIN_LONG_TEXT_LENGTH} to ${MAX_LONG_TEXT_LENGTH}.`,
    });
  } else if (length < MIN_LONG_TEXT_LENGTH || length > MAX_LONG_TEXT_LENGTH) {
    problems.push({
      file: document.file,
      message: `${where} has <length>${length}</length>: use ${MIN_LONG_TEXT_LENGTH} to ${MAX_LONG_TEXT_LENGTH}.`,
    });
  }
  if (integer(text(document.node, 'visibleLines')) === undefined) {
    problems.push({
      file: document.file,
      message: `${where} has no <visibleLines>, which a deploy requires: add <visibleLines>3</visibleLines> (or more).`,
    });
  }
}

function checkLookup(
  document: MetadataDocument,
  type: string,
  schema: Schema,
  problems: Problem[],
): void {
  const referenceTo = text(document.node, 'referenceTo');
  const where = `${type} field ${document.name}`;
  if (!referenceTo) {
    problems.push({
      file: document.file,
      message: `${where} has no <referenceTo>: add <referenceTo> with the API name of the parent object.`,
    });
  } else if (!getObject(schema, referenceTo)) {
    problems.push({
      file: document.file,
      message: `${where} points to ${referenceTo}, which is neither in force-app nor a known standard object: fix <referenceTo>.`,
    });
  }
  const relationshipName = text(document.node, 'relationshipName');
  if (!relationshipName) {
    problems.push({
      file: document.file,
      message: `${where} has no <relationshipName>: add the child relationship name, such as ${document.name.replace(/__c$/, '')}s.`,
    });
  } else if (
    !/^[A-Za-z][A-Za-z0-9_]*$/.test(relationshipName) ||
    relationshipName.includes('__') ||
    relationshipName.endsWith('_')
  ) {
    problems.push({
      file: document.file,
      message: `${where} has <relationshipName>${relationshipName}</relationshipName>: use letters, digits and single underscores, starting with a letter, without __r.`,
    });
  }
  if (
    type === 'Lookup' &&
    text(document.node, 'required') === 'true' &&
    text(document.node, 'deleteConstraint') === 'SetNull'
  ) {
    problems.push({
      file: document.file,
      message: `required lookup ${document.name} has <deleteConstraint>SetNull</deleteConstraint>: use Restrict or Cascade.`,
    });
  }
}

function checkPicklist(document: MetadataDocument, schema: Schema, problems: Problem[]): void {
  const valueSet = child(document.node, 'valueSet');
  const where = `${text(document.node, 'type')} field ${document.name}`;
  if (!valueSet) {
    problems.push({
      file: document.file,
      message: `${where} has no <valueSet>: add <valueSet> with a <valueSetDefinition> or a <valueSetName>.`,
    });
    return;
  }
  const setName = text(valueSet, 'valueSetName');
  if (setName) {
    if (!schema.globalValueSets.has(setName)) {
      problems.push({
        file: document.file,
        message: `${where} uses the global value set ${setName}, which force-app does not define: add globalValueSets/${setName}.globalValueSet-meta.xml or fix <valueSetName>.`,
      });
    }
    return;
  }
  const values = list(child(valueSet, 'valueSetDefinition'), 'value');
  if (values.length === 0) {
    problems.push({
      file: document.file,
      message: `${where} has no values: add <value> entries to <valueSetDefinition>.`,
    });
  }
  const seen = new Set<string>();
  for (const value of values) {
    const name = text(value, 'fullName') ?? '';
    if (seen.has(name)) {
      problems.push({
        file: document.file,
        message: `${where} lists the value ${name} twice: remove one.`,
      });
    }
    seen.add(name);
  }
}

function checkSummary(
  document: MetadataDocument,
  object: string,
  schema: Schema,
  problems: Problem[],
): void {
  const where = `roll-up summary ${document.name}`;
  const operation = text(document.node, 'summaryOperation');
  if (!operation || !SUMMARY_OPERATIONS.has(operation)) {
    problems.push({
      file: document.file,
      message: `${where} has <summaryOperation>${operation ?? ''}</summaryOperation>: use count, sum, min or max.`,
    });
  }
  const foreignKey = text(document.node, 'summaryForeignKey') ?? '';
  const [childObject, childField] = foreignKey.split('.');
  const keyField =
    childObject && childField ? getField(schema, childObject, childField) : undefined;
  if (!keyField) {
    problems.push({
      file: document.file,
      message: `${where} has <summaryForeignKey>${foreignKey}</summaryForeignKey>, which names no field in force-app: use ChildObject__c.MasterField__c.`,
    });
    return;
  }
  if (
    keyField.type !== 'MasterDetail' ||
    !keyField.referenceTo.some((target) => key(target) === key(object))
  ) {
    problems.push({
      file: document.file,
      message: `${where} summarises through ${foreignKey}, which is not a master-detail field pointing to ${object}: roll-ups need a master-detail relationship.`,
    });
  }
  const summarized = text(document.node, 'summarizedField');
  if (operation && operation !== 'count') {
    const [summarizedObject, summarizedName] = (summarized ?? '').split('.');
    if (!summarized || !summarizedName || !getField(schema, summarizedObject, summarizedName)) {
      problems.push({
        file: document.file,
        message: `${where} (${operation}) has <summarizedField>${summarized ?? ''}</summarizedField>, which names no field: use ${childObject}.Field__c.`,
      });
    }
  }
}

function checkTexts(document: MetadataDocument, problems: Problem[]): void {
  const label = text(document.node, 'label');
  if (!label) {
    problems.push({
      file: document.file,
      message: `field ${document.name} has no <label>: add one.`,
    });
  } else if (label.length > MAX_LABEL_LENGTH) {
    problems.push({
      file: document.file,
      message: `<label> of ${document.name} has ${label.length} characters: shorten it to ${MAX_LABEL_LENGTH}.`,
    });
  }
  const helpText = text(document.node, 'inlineHelpText');
  if (helpText && helpText.length > MAX_HELP_TEXT_LENGTH) {
    problems.push({
      file: document.file,
      message: `<inlineHelpText> of ${document.name} has ${helpText.length} characters: shorten it to ${MAX_HELP_TEXT_LENGTH}.`,
    });
  }
  const description = text(document.node, 'description');
  if (description && description.length > MAX_DESCRIPTION_LENGTH) {
    problems.push({
      file: document.file,
      message: `<description> of ${document.name} has ${description.length} characters: shorten it to ${MAX_DESCRIPTION_LENGTH}.`,
    });
  }
}

export function checkField(document: MetadataDocument, schema: Schema): Problem[] {
  const problems: Problem[] = [];
  const object = objectFolder(document.file) ?? '';
  if (!document.name.endsWith('__c')) {
    problems.push({
      file: document.file,
      message: `custom field ${document.name} does not end with __c: rename the file and <fullName> to ${document.name}__c.`,
    });
  }
  if (object !== 'Activity' && !getObject(schema, object)) {
    problems.push({
      file: document.file,
      message: `field of ${object}, which is neither a known standard object nor defined in force-app: add objects/${object}/${object}.object-meta.xml.`,
    });
  }
  checkTexts(document, problems);

  const type = text(document.node, 'type');
  if (!type) {
    problems.push({
      file: document.file,
      message: `field ${document.name} has no <type>: add one, such as Text.`,
    });
    return problems;
  }
  if (!CUSTOM_FIELD_TYPES.has(type)) {
    problems.push({
      file: document.file,
      message: `<type>${type}</type> of ${document.name} is not a field type: use one of ${[...CUSTOM_FIELD_TYPES].join(', ')}.`,
    });
    return problems;
  }

  const formula = text(document.node, 'formula');
  if (formula !== undefined && !FORMULA_RESULT_TYPES.has(type)) {
    problems.push({
      file: document.file,
      message: `formula field ${document.name} has <type>${type}</type>: a formula returns ${[...FORMULA_RESULT_TYPES].join(', ')}.`,
    });
  }
  if (NUMERIC_TYPES.has(type)) checkNumeric(document, type, problems);
  if (formula !== undefined) return problems;

  if (type === 'Text' || type === 'EncryptedText' || type === 'LongTextArea' || type === 'Html') {
    checkLength(document, type, problems);
  }
  if (type === 'Lookup' || type === 'MasterDetail') {
    checkLookup(document, type, schema, problems);
  }
  if (type === 'Picklist' || type === 'MultiselectPicklist') {
    checkPicklist(document, schema, problems);
  }
  const visibleLines = integer(text(document.node, 'visibleLines'));
  if (type === 'MultiselectPicklist' && visibleLines === undefined) {
    problems.push({
      file: document.file,
      message: `MultiselectPicklist field ${document.name} has no <visibleLines>: add <visibleLines>4</visibleLines> (or more).`,
    });
  }
  if (type === 'Summary') checkSummary(document, object, schema, problems);
  return problems;
}

function checkObject(document: MetadataDocument, documents: MetadataDocument[]): Problem[] {
  const problems: Problem[] = [];
  const name = document.name;
  if (name in STANDARD_OBJECTS) return problems;
  const isMetadataType = name.endsWith('__mdt');
  if (!name.endsWith('__c') && !isMetadataType) {
    problems.push({
      file: document.file,
      message: `object ${name} is neither a known standard object nor a custom object (__c) or custom metadata type (__mdt): fix the folder name.`,
    });
    return problems;
  }
  for (const element of ['label', 'pluralLabel']) {
    if (!text(document.node, element)) {
      problems.push({
        file: document.file,
        message: `object ${name} has no <${element}>: add one.`,
      });
    }
  }
  if (isMetadataType) return problems;

  const nameField = child(document.node, 'nameField');
  if (!nameField) {
    problems.push({
      file: document.file,
      message: `custom object ${name} has no <nameField>: add <nameField> with <label> and <type> (Text or AutoNumber).`,
    });
  } else if (text(nameField, 'type') === 'AutoNumber' && !text(nameField, 'displayFormat')) {
    problems.push({
      file: document.file,
      message: `auto-number name field of ${name} has no <displayFormat>: add one, such as HS-{000000}.`,
    });
  }

  if (!text(document.node, 'sharingModel')) {
    problems.push({
      file: document.file,
      message: `custom object ${name} has no <sharingModel>: add one (ControlledByParent for the detail of a master-detail relationship).`,
    });
  }
  if (!text(document.node, 'deploymentStatus')) {
    problems.push({
      file: document.file,
      message: `custom object ${name} has no <deploymentStatus>: add <deploymentStatus>Deployed</deploymentStatus>.`,
    });
  }
  problems.push(...checkMasterDetails(document, documents));
  return problems;
}

/** Checks the sharing model and the number of master-detail fields of a detail object. */
function checkMasterDetails(document: MetadataDocument, documents: MetadataDocument[]): Problem[] {
  const problems: Problem[] = [];
  const name = document.name;
  const masterDetails = documents.filter(
    (field) =>
      field.suffix === 'field' &&
      objectFolder(field.file) === name &&
      text(field.node, 'type') === 'MasterDetail',
  );
  const sharingModel = text(document.node, 'sharingModel');
  if (masterDetails.length > 0 && sharingModel && sharingModel !== 'ControlledByParent') {
    problems.push({
      file: document.file,
      message: `${name} has the master-detail field ${masterDetails[0].name}, so <sharingModel> must be ControlledByParent, not ${sharingModel}.`,
    });
  }
  if (masterDetails.length > 2) {
    problems.push({
      file: document.file,
      message: `${name} has ${masterDetails.length} master-detail fields: an object can have at most 2.`,
    });
  }
  return problems;
}

export function checkFieldDefinitions({ project, schema }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  for (const document of project.documents) {
    if (document.error) continue;
    if (document.suffix === 'field' && document.root === 'CustomField') {
      problems.push(...checkField(document, schema));
    } else if (document.suffix === 'object' && document.root === 'CustomObject') {
      problems.push(...checkObject(document, project.documents));
    }
  }
  return problems;
}
