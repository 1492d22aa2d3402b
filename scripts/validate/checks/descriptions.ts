// Documentation in the metadata: every custom object, custom field and permission set has a
// description, and every field that a person or an integration fills has help text.
import { objectFolder } from '../schema.ts';
import { text } from '../xml.ts';
import type { CheckInput, Problem } from './problem.ts';

/**
 * Fields that only the scoring job writes. People read them, so they need no help text on how to
 * fill them.
 */
export const JOB_OUTPUT_FIELDS = new Set([
  'Account.Health_Score__c',
  'Account.Health_Band__c',
  'Account.Product_Signal_Score__c',
  'Account.Deal_Context_Score__c',
  'Account.Health_Flags__c',
  'Account.Health_Drivers__c',
  'Account.Health_Risk_Count__c',
  'Account.Health_Review_Due_On__c',
  'Account.Health_Model_Version__c',
  'Account.Deal_Context_Opportunity__c',
  'Activity.Health_Alert_Key__c',
]);

/** Objects whose records only the job writes: the score history and the run log. */
export const JOB_OBJECTS = new Set(['Health_Snapshot__c', 'Health_Score_Run__c']);

/** Field types whose values Salesforce computes. */
const COMPUTED_TYPES = new Set(['Summary', 'AutoNumber']);

export function needsHelpText(
  object: string,
  field: string,
  node: Record<string, unknown>,
): boolean {
  if (JOB_OBJECTS.has(object) || object.endsWith('__mdt')) return false;
  if (JOB_OUTPUT_FIELDS.has(`${object}.${field}`)) return false;
  if (COMPUTED_TYPES.has(text(node, 'type') ?? '')) return false;
  return text(node, 'formula') === undefined;
}

export function checkDescriptions({ project }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  for (const document of project.documents) {
    if (document.error) continue;
    const hasDescription = Boolean(text(document.node, 'description')?.trim());
    if (document.suffix === 'object' && /__(c|mdt)$/.test(document.name) && !hasDescription) {
      problems.push({
        file: document.file,
        message: `custom object ${document.name} has no <description>: say what a record is, who writes it and who reads it.`,
      });
    }
    if (document.suffix === 'permissionset' && !hasDescription) {
      problems.push({
        file: document.file,
        message: `permission set ${document.name} has no <description>: say whom it is for and what it grants.`,
      });
    }
    if (document.suffix !== 'field') continue;
    const object = objectFolder(document.file) ?? '';
    if (!hasDescription) {
      problems.push({
        file: document.file,
        message: `field ${object}.${document.name} has no <description>: describe its content, its unit or range, and who writes it.`,
      });
    }
    const helpText = text(document.node, 'inlineHelpText')?.trim();
    if (!helpText && needsHelpText(object, document.name, document.node)) {
      problems.push({
        file: document.file,
        message: `field ${object}.${document.name} is filled by people or integrations but has no <inlineHelpText>: tell the user what to enter, with its unit or range.`,
      });
    }
  }
  return problems;
}
