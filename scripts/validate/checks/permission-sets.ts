// Permission sets: every object, field, custom permission and tab they name exists, and they
// grant nothing a deploy rejects: field permissions on required or master-detail fields, edit
// access to formula or roll-up fields, object access whose parts contradict each other.
import type { MetadataDocument } from '../project.ts';
import { getField, getObject, key, type FieldInfo, type Schema } from '../schema.ts';
import { list, text } from '../xml.ts';
import type { CheckInput, Problem } from './problem.ts';

/** Object permissions and the ones each of them needs, as the permission set editor enforces. */
const OBJECT_PERMISSION_NEEDS: Record<string, string[]> = {
  allowCreate: ['allowRead'],
  allowEdit: ['allowRead'],
  allowDelete: ['allowRead', 'allowEdit'],
  viewAllRecords: ['allowRead'],
  modifyAllRecords: ['allowRead', 'allowEdit', 'allowDelete', 'viewAllRecords'],
};

function isTrue(node: Record<string, unknown>, element: string): boolean {
  return text(node, element) === 'true';
}

/** Names the kind of a field that nobody can edit, for messages. */
function computedKind(field: FieldInfo): string {
  if (field.formula) return 'formula';
  if (field.type === 'Summary') return 'roll-up summary';
  if (field.type === 'AutoNumber') return 'auto-number';
  return 'read-only';
}

function checkFieldPermissions(document: MetadataDocument, schema: Schema): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const permission of list(document.node, 'fieldPermissions')) {
    const name = text(permission, 'field') ?? '';
    const where = `<fieldPermissions> for ${name}`;
    const [objectName, fieldName, extra] = name.split('.');
    if (!objectName || !fieldName || extra !== undefined) {
      problems.push({
        file: document.file,
        message: `${where}: <field> must be Object.Field, such as Account.Customer_Segment__c.`,
      });
      continue;
    }
    if (seen.has(key(name))) {
      problems.push({ file: document.file, message: `${where} appears twice: keep one.` });
    }
    seen.add(key(name));
    if (objectName === 'Activity') {
      problems.push({
        file: document.file,
        message: `${where}: activity fields are named by their object in permission sets: use Task.${fieldName} (and Event.${fieldName}).`,
      });
      continue;
    }
    const object = getObject(schema, objectName);
    if (!object) {
      problems.push({
        file: document.file,
        message: `${where}: object ${objectName} is neither in force-app nor a known standard object: fix the name or remove the entry.`,
      });
      continue;
    }
    const field = getField(schema, objectName, fieldName);
    if (!field) {
      problems.push({
        file: document.file,
        message: `${where}: field ${fieldName} does not exist on ${object.name}: add objects/${object.name}/fields/${fieldName}.field-meta.xml or remove the entry.`,
      });
      continue;
    }
    if (field.type === 'MasterDetail') {
      problems.push({
        file: document.file,
        message: `${where}: a master-detail field has no field-level security and a deploy rejects the entry: remove it (access follows the master record).`,
      });
      continue;
    }
    if (field.required) {
      problems.push({
        file: document.file,
        message: `${where}: ${field.name} is a required field, which has no field-level security, so a deploy rejects the entry: remove it.`,
      });
      continue;
    }
    if (!field.permissionable) {
      problems.push({
        file: document.file,
        message: `${where}: ${object.name}.${field.name} is a system field without field-level security: remove the entry.`,
      });
      continue;
    }
    const editable = isTrue(permission, 'editable');
    const readable = isTrue(permission, 'readable');
    if (editable && !field.editable) {
      const kind = computedKind(field);
      problems.push({
        file: document.file,
        message: `${where}: ${field.name} is a ${kind} field, which nobody can edit: set <editable>false</editable>.`,
      });
    }
    if (editable && !readable) {
      problems.push({
        file: document.file,
        message: `${where}: <editable>true</editable> needs <readable>true</readable>: set readable to true or editable to false.`,
      });
    }
  }
  return problems;
}

function checkObjectPermissions(document: MetadataDocument, schema: Schema): Problem[] {
  const problems: Problem[] = [];
  for (const permission of list(document.node, 'objectPermissions')) {
    const name = text(permission, 'object') ?? '';
    const where = `<objectPermissions> for ${name}`;
    const object = getObject(schema, name);
    if (!object) {
      problems.push({
        file: document.file,
        message: `${where}: object ${name} is neither in force-app nor a known standard object: fix <object> or remove the entry.`,
      });
      continue;
    }
    if (object.kind === 'customMetadata') {
      problems.push({
        file: document.file,
        message: `${where}: custom metadata types take no object permissions: grant read access with <customMetadataTypeAccesses><name>${name}</name><enabled>true</enabled></customMetadataTypeAccesses>.`,
      });
      continue;
    }
    for (const [granted, needs] of Object.entries(OBJECT_PERMISSION_NEEDS)) {
      if (!isTrue(permission, granted)) continue;
      for (const needed of needs) {
        if (!isTrue(permission, needed)) {
          problems.push({
            file: document.file,
            message: `${where}: <${granted}>true</${granted}> needs <${needed}>true</${needed}>: set it, or set ${granted} to false.`,
          });
        }
      }
    }
  }
  return problems;
}

function checkNamedAccess(
  document: MetadataDocument,
  schema: Schema,
  tabs: Set<string>,
): Problem[] {
  const problems: Problem[] = [];
  for (const permission of list(document.node, 'customPermissions')) {
    const name = text(permission, 'name') ?? '';
    if (!schema.customPermissions.has(key(name))) {
      problems.push({
        file: document.file,
        message: `<customPermissions> names ${name}, which force-app does not define: add customPermissions/${name}.customPermission-meta.xml or fix the name.`,
      });
    }
  }
  for (const access of list(document.node, 'customMetadataTypeAccesses')) {
    const name = text(access, 'name') ?? '';
    if (getObject(schema, name)?.kind !== 'customMetadata') {
      problems.push({
        file: document.file,
        message: `<customMetadataTypeAccesses> names ${name}, which is not a custom metadata type in force-app: fix the name.`,
      });
    }
  }
  for (const setting of list(document.node, 'tabSettings')) {
    const tab = text(setting, 'tab') ?? '';
    if (tab.startsWith('standard-')) continue;
    if (!tabs.has(key(tab))) {
      problems.push({
        file: document.file,
        message: `<tabSettings> names the tab ${tab}, which force-app does not define: add tabs/${tab}.tab-meta.xml or remove the entry.`,
      });
    }
  }
  for (const access of list(document.node, 'recordTypeVisibilities')) {
    const recordType = text(access, 'recordType') ?? '';
    const [objectName] = recordType.split('.');
    if (!getObject(schema, objectName)) {
      problems.push({
        file: document.file,
        message: `<recordTypeVisibilities> names ${recordType}, whose object is not in force-app: fix the name.`,
      });
    }
  }
  if (!text(document.node, 'label')) {
    problems.push({
      file: document.file,
      message: `permission set ${document.name} has no <label>: add one.`,
    });
  }
  return problems;
}

export function checkPermissionSets({ project, schema }: CheckInput): Problem[] {
  const tabs = new Set(
    project.documents
      .filter((document) => document.suffix === 'tab')
      .map((document) => key(document.name)),
  );
  const problems: Problem[] = [];
  for (const document of project.documents) {
    if (document.suffix !== 'permissionset' || document.error) continue;
    problems.push(...checkFieldPermissions(document, schema));
    problems.push(...checkObjectPermissions(document, schema));
    problems.push(...checkNamedAccess(document, schema, tabs));
  }
  return problems;
}
