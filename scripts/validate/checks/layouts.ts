// Page layouts: the object exists, every field in a section exists on it, every related list
// names a child relationship of it and fields of the child, and every quick action exists.
import { getObject, key, type ObjectInfo, type Schema } from '../schema.ts';
import { list, text, texts } from '../xml.ts';
import type { CheckInput, Problem } from './problem.ts';
import { resolveListViewColumn } from './list-views.ts';

const BEHAVIORS = new Set(['Edit', 'Required', 'Readonly']);

/** Quick actions every object has, named without an object prefix. */
const STANDARD_ACTIONS = new Set([
  'NewTask',
  'NewEvent',
  'LogACall',
  'SendEmail',
  'NewNote',
  'NewContact',
  'NewOpportunity',
  'NewCase',
  'NewLead',
]);

/** Returns the names of the quick actions in force-app: `Object.Action` and global `Action`. */
export function quickActionNames(documents: { suffix: string; name: string }[]): Set<string> {
  return new Set(
    documents
      .filter((document) => document.suffix === 'quickAction')
      .map((document) => key(document.name)),
  );
}

function checkQuickActionName(name: string, actions: Set<string>): string | undefined {
  if (actions.has(key(name))) return undefined;
  const [prefix, rest] = name.includes('.') ? name.split('.') : ['', name];
  if (!prefix && STANDARD_ACTIONS.has(rest)) return undefined;
  if (prefix === 'FeedItem' || prefix === 'Global') return undefined;
  return `quick action ${name} is not in force-app: add quickActions/${name}.quickAction-meta.xml or fix the name`;
}

function checkRelatedList(
  related: Record<string, unknown>,
  object: ObjectInfo,
  schema: Schema,
  where: string,
): string[] {
  const messages: string[] = [];
  const name = text(related, 'relatedList') ?? '';
  // A custom child list is named ChildObject.LookupField; standard lists are RelatedXxxList.
  const match = /^([A-Za-z0-9_]+__c)\.([A-Za-z0-9_]+__c)$/.exec(name);
  if (!match) return messages;
  const [, childName, fieldName] = match;
  const child = getObject(schema, childName);
  const field = child?.fields.get(key(fieldName));
  if (!child || !field) {
    messages.push(
      `${where}, related list ${name}: ${child ? `field ${childName}.${fieldName}` : `object ${childName}`} does not exist`,
    );
    return messages;
  }
  if (!field.referenceTo.some((target) => key(target) === key(object.name))) {
    messages.push(
      `${where}, related list ${name}: ${childName}.${fieldName} does not point to ${object.name}`,
    );
  }
  for (const column of texts(related, 'fields')) {
    const result = resolveListViewColumn(child, column);
    if (result.error !== undefined)
      messages.push(`${where}, related list ${name}, column ${column}: ${result.error}`);
  }
  return messages;
}

export function checkLayout(
  file: string,
  name: string,
  node: Record<string, unknown>,
  schema: Schema,
  actions: Set<string>,
): Problem[] {
  const problems: Problem[] = [];
  const objectName = name.split('-')[0];
  const object = getObject(schema, objectName);
  const where = `layout ${name}`;
  if (!object) {
    return [
      {
        file,
        message: `${where}: object ${objectName} is neither in force-app nor a known standard object: name the file Object-Layout Name.layout-meta.xml.`,
      },
    ];
  }
  const placed = new Set<string>();
  for (const section of list(node, 'layoutSections')) {
    for (const column of list(section, 'layoutColumns')) {
      for (const item of list(column, 'layoutItems')) {
        const fieldName = text(item, 'field');
        if (!fieldName) continue;
        const field = object.fields.get(key(fieldName));
        if (!field) {
          problems.push({
            file,
            message: `${where}: field ${object.name}.${fieldName} does not exist: fix <field> or remove the item.`,
          });
          continue;
        }
        if (placed.has(key(fieldName))) {
          problems.push({
            file,
            message: `${where}: field ${fieldName} is placed twice: remove one layout item.`,
          });
        }
        placed.add(key(fieldName));
        const behavior = text(item, 'behavior');
        if (behavior && !BEHAVIORS.has(behavior)) {
          problems.push({
            file,
            message: `${where}: field ${fieldName} has <behavior>${behavior}</behavior>: use Edit, Required or Readonly.`,
          });
        }
        if (behavior && behavior !== 'Readonly' && !field.editable && field.custom) {
          problems.push({
            file,
            message: `${where}: ${fieldName} is computed by Salesforce (formula, roll-up or auto number) but has <behavior>${behavior}</behavior>: set Readonly.`,
          });
        }
      }
    }
  }
  for (const related of list(node, 'relatedLists')) {
    for (const message of checkRelatedList(related, object, schema, where)) {
      problems.push({ file, message: `${message}.` });
    }
  }
  for (const item of list(list(node, 'quickActionList')[0], 'quickActionListItems')) {
    const error = checkQuickActionName(text(item, 'quickActionName') ?? '', actions);
    if (error) problems.push({ file, message: `${where}: ${error}.` });
  }
  for (const actionList of list(node, 'platformActionList')) {
    for (const item of list(actionList, 'platformActionListItems')) {
      if (text(item, 'actionType') !== 'QuickAction') continue;
      const error = checkQuickActionName(text(item, 'actionName') ?? '', actions);
      if (error) problems.push({ file, message: `${where}: ${error}.` });
    }
  }
  return problems;
}

export function checkLayouts({ project, schema }: CheckInput): Problem[] {
  const actions = quickActionNames(project.documents);
  const problems: Problem[] = [];
  for (const document of project.documents) {
    if (document.suffix !== 'layout' || document.error) continue;
    problems.push(...checkLayout(document.file, document.name, document.node, schema, actions));
  }
  return problems;
}
