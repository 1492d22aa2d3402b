// Tests of `npm run validate`: each check on a fixture project broken in one way, the sf CLI and
// source-deploy-retrieve steps on real files, the command line, and the project's own force-app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { registry } from '@salesforce/source-deploy-retrieve';
import { ROOT_BY_SUFFIX } from './checks/file-shape.ts';
import type { Problem } from './checks/problem.ts';
import { extractJobQueries } from './job-queries.ts';
import { JOB_DIR, loadProject } from './project.ts';
import { CHECKS, expectedMembers, runValidation, type Report } from './run.ts';
import { buildSchema } from './schema.ts';
import { loadSdr, resolveSource } from './sdr-step.ts';
import { checkConvert, checkManifest } from './sf-cli.ts';
import { checkSkippedFiles } from './checks/file-shape.ts';
import {
  createFixture,
  editFixtureFile,
  REPO_ROOT,
  removeFixture,
  SOURCE,
  writeFixtureFile,
} from './test-fixture.ts';

const run = promisify(execFile);

const PROJECT = `${SOURCE}/objects/Project__c`;
const BUDGET = `${PROJECT}/fields/Budget__c.field-meta.xml`;
const RULE = `${PROJECT}/validationRules/Budget_Not_Negative.validationRule-meta.xml`;
const PERMISSION_SET = `${SOURCE}/permissionsets/Project_Editor.permissionset-meta.xml`;
const LAYOUT = `${SOURCE}/layouts/Project__c-Project Layout.layout-meta.xml`;
const PROJECT_VIEW = `${PROJECT}/listViews/Active_Projects.listView-meta.xml`;
const ACCOUNT_VIEW = `${SOURCE}/objects/Account/listViews/Gold_Accounts.listView-meta.xml`;
const REPORT = `${SOURCE}/reports/Fixture_Reports/Gold_Accounts.report-meta.xml`;
const PAGE = `${SOURCE}/flexipages/Project_Record_Page.flexipage-meta.xml`;
const CREATE_ACTION = `${SOURCE}/quickActions/Project__c.New_Milestone.quickAction-meta.xml`;
const BUNDLE = `${SOURCE}/lwc/projectCard`;
const BUNDLE_META = `${BUNDLE}/projectCard.js-meta.xml`;
const RECORD = `${SOURCE}/customMetadata/Fixture_Setting.Default.md-meta.xml`;

/** Runs the named check on the fixture after `breakIt` changed it, and returns its problems. */
async function problemsAfter(
  checkName: string,
  breakIt: (dir: string) => void,
): Promise<Problem[]> {
  const dir = createFixture();
  try {
    breakIt(dir);
    const project = loadProject(dir);
    project.jobQueries = await extractJobQueries(dir, project.sources, JOB_DIR);
    const check = CHECKS.find((candidate) => candidate.name === checkName);
    assert.ok(check, `no check named ${checkName}`);
    return check.run({ project, schema: buildSchema(project) });
  } finally {
    removeFixture(dir);
  }
}

/** Asserts that one problem is on `file` and matches `pattern`. */
function assertProblem(problems: Problem[], file: string, pattern: RegExp): void {
  assert.ok(
    problems.some((problem) => problem.file === file && pattern.test(problem.message)),
    `expected a problem on ${file} matching ${pattern}, got:\n${JSON.stringify(problems, null, 2)}`,
  );
}

async function expectProblem(
  checkName: string,
  breakIt: (dir: string) => void,
  file: string,
  pattern: RegExp,
): Promise<void> {
  assertProblem(await problemsAfter(checkName, breakIt), file, pattern);
}

function failures(report: Report): string {
  return report.steps
    .filter((step) => !step.ok)
    .flatMap((step) =>
      step.problems.map((problem) => `${step.name}: ${problem.file}: ${problem.message}`),
    )
    .join('\n');
}

test('fixture passes every project check', async () => {
  for (const check of CHECKS) {
    const problems = await problemsAfter(check.name, () => {});
    assert.deepEqual(problems, [], `${check.name} reports problems on the intact fixture`);
  }
});

test('root element table matches the deploy library registry', () => {
  const types = Object.values(registry.types).flatMap((type) => [
    type,
    ...Object.values(type.children?.types ?? {}),
  ]);
  const missing = Object.entries(ROOT_BY_SUFFIX)
    .filter(([suffix, root]) => {
      // A bundle type has no suffix in the registry: its metadata file is <name>.js-meta.xml.
      const wanted = suffix === 'js' ? undefined : suffix;
      return !types.some((candidate) => candidate.suffix === wanted && candidate.name === root);
    })
    .map(([suffix, root]) => `${suffix}: ${root}`);
  assert.deepEqual(missing, [], 'suffixes whose root element the registry names differently');
});

// File shape

test('root elements: wrong root for the suffix', async () => {
  await expectProblem(
    'root elements',
    (dir) => editFixtureFile(dir, BUDGET, /CustomField/g, 'CustomObject'),
    BUDGET,
    /root element is <CustomObject>.*must have <CustomField>/,
  );
});

test('root elements: XML not well formed', async () => {
  await expectProblem(
    'root elements',
    (dir) => editFixtureFile(dir, BUDGET, '</CustomField>', '</CustomFeld>'),
    BUDGET,
    /not well-formed XML/,
  );
});

test('fullName differs from the file name', async () => {
  await expectProblem(
    'fullName matches file name',
    (dir) =>
      editFixtureFile(
        dir,
        BUDGET,
        '<fullName>Budget__c</fullName>',
        '<fullName>Budget_Total__c</fullName>',
      ),
    BUDGET,
    /<fullName>Budget_Total__c<\/fullName> does not match the file name Budget__c/,
  );
});

test('field file without -meta', async () => {
  const file = `${PROJECT}/fields/Extra__c.field.xml`;
  await expectProblem(
    'file names end in -meta.xml',
    (dir) => writeFixtureFile(dir, file, '<CustomField/>'),
    file,
    /lacks "-meta".*rename it to Extra__c\.field-meta\.xml/,
  );
});

// Field and object definitions

test('number field without precision', async () => {
  await expectProblem(
    'object and field definitions',
    (dir) => editFixtureFile(dir, BUDGET, '    <precision>16</precision>\n', ''),
    BUDGET,
    /Currency field Budget__c has no <precision>/,
  );
});

test('percent field without scale', async () => {
  const file = `${PROJECT}/fields/Completion__c.field-meta.xml`;
  await expectProblem(
    'object and field definitions',
    (dir) => editFixtureFile(dir, file, '    <scale>2</scale>\n', ''),
    file,
    /Percent field Completion__c has no <scale>/,
  );
});

test('invalid field type', async () => {
  await expectProblem(
    'object and field definitions',
    (dir) => editFixtureFile(dir, BUDGET, '<type>Currency</type>', '<type>Money</type>'),
    BUDGET,
    /<type>Money<\/type> of Budget__c is not a field type/,
  );
});

test('master-detail without referenceTo', async () => {
  const file = `${SOURCE}/objects/Milestone__c/fields/Project__c.field-meta.xml`;
  await expectProblem(
    'object and field definitions',
    (dir) => editFixtureFile(dir, file, '    <referenceTo>Project__c</referenceTo>\n', ''),
    file,
    /MasterDetail field Project__c has no <referenceTo>/,
  );
});

test('long text area without visibleLines', async () => {
  const file = `${PROJECT}/fields/Notes__c.field-meta.xml`;
  await expectProblem(
    'object and field definitions',
    (dir) => editFixtureFile(dir, file, '    <visibleLines>3</visibleLines>\n', ''),
    file,
    /LongTextArea field Notes__c has no <visibleLines>/,
  );
});

test('picklist with an undefined global value set', async () => {
  const file = `${PROJECT}/fields/Color__c.field-meta.xml`;
  await expectProblem(
    'object and field definitions',
    (dir) => editFixtureFile(dir, file, 'Fixture_Color', 'Fixture_Colour'),
    file,
    /global value set Fixture_Colour, which force-app does not define/,
  );
});

test('roll-up through a field that is not master-detail', async () => {
  const file = `${PROJECT}/fields/Milestone_Count__c.field-meta.xml`;
  await expectProblem(
    'object and field definitions',
    (dir) => editFixtureFile(dir, file, 'Milestone__c.Project__c', 'Milestone__c.Due_On__c'),
    file,
    /not a master-detail field pointing to Project__c/,
  );
});

test('fields of an object without definition', async () => {
  const file = `${SOURCE}/objects/Ghost__c/fields/Size__c.field-meta.xml`;
  await expectProblem(
    'object and field definitions',
    (dir) =>
      writeFixtureFile(
        dir,
        file,
        '<?xml version="1.0"?><CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>Size__c</fullName><label>Size</label><length>10</length><type>Text</type></CustomField>',
      ),
    file,
    /add objects\/Ghost__c\/Ghost__c\.object-meta\.xml/,
  );
});

// Descriptions and help text

test('custom object without description', async () => {
  const file = `${PROJECT}/Project__c.object-meta.xml`;
  await expectProblem(
    'descriptions and help text',
    (dir) => editFixtureFile(dir, file, '    <description>A fixture project.</description>\n', ''),
    file,
    /custom object Project__c has no <description>/,
  );
});

test('field without description', async () => {
  await expectProblem(
    'descriptions and help text',
    (dir) => editFixtureFile(dir, BUDGET, /    <description>.*<\/description>\n/, ''),
    BUDGET,
    /field Project__c\.Budget__c has no <description>/,
  );
});

test('permission set without description', async () => {
  await expectProblem(
    'descriptions and help text',
    (dir) =>
      editFixtureFile(dir, PERMISSION_SET, '    <description>Edit projects.</description>\n', ''),
    PERMISSION_SET,
    /permission set Project_Editor has no <description>/,
  );
});

test('input field without help text', async () => {
  const file = `${PROJECT}/fields/Stage__c.field-meta.xml`;
  await expectProblem(
    'descriptions and help text',
    (dir) => editFixtureFile(dir, file, /    <inlineHelpText>.*<\/inlineHelpText>\n/, ''),
    file,
    /Project__c\.Stage__c is filled by people or integrations but has no <inlineHelpText>/,
  );
});

// Formulas

test('validation rule names a missing field', async () => {
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) => editFixtureFile(dir, RULE, 'Budget__c &lt; 0', 'Budget_Total__c &lt; 0'),
    RULE,
    /Budget_Total__c: field Project__c\.Budget_Total__c does not exist/,
  );
});

test('ISPICKVAL on a field that is not a picklist', async () => {
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) =>
      editFixtureFile(dir, RULE, 'ISPICKVAL(Stage__c, "Active")', 'ISPICKVAL(Code__c, "Active")'),
    RULE,
    /ISPICKVAL\(\)'\. Expected Picklist, received Text/,
  );
});

test('INCLUDES on a single-select picklist', async () => {
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) =>
      editFixtureFile(dir, RULE, 'INCLUDES(Tags__c, "Alpha")', 'INCLUDES(Stage__c, "Alpha")'),
    RULE,
    /INCLUDES\(\)'\. Expected Multipicklist, received Picklist/,
  );
});

test('numeric comparison on a text field', async () => {
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) => editFixtureFile(dir, RULE, 'Budget__c &lt; 0', 'Code__c &lt; 0'),
    RULE,
    /LESSTHAN\(\)'\. Expected Number, Date, Datetime, Time, received Text/,
  );
});

test('picklist compared with an equals sign', async () => {
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) => editFixtureFile(dir, RULE, 'ISPICKVAL(Stage__c, "Active")', 'Stage__c = "Active"'),
    RULE,
    /EQUAL\(\)'\. Expected .*received Picklist/,
  );
});

test('Percent field compared with a whole percentage', async () => {
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) => editFixtureFile(dir, RULE, 'Completion__c &lt;= 0.5', 'Completion__c &lt;= 50'),
    RULE,
    /Completion__c is a Percent field.*write 0\.5/,
  );
});

test('undefined custom permission', async () => {
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) => editFixtureFile(dir, RULE, '$Permission.Fixture_Bypass', '$Permission.Fixture_Skip'),
    RULE,
    /custom permission Fixture_Skip is not defined/,
  );
});

test('relationship path to a missing field', async () => {
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) => editFixtureFile(dir, RULE, 'Account__r.Name', 'Account__r.Nickname'),
    RULE,
    /Account__r\.Nickname: field Account\.Nickname does not exist/,
  );
});

test('relationship name that is not a lookup', async () => {
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) => editFixtureFile(dir, RULE, 'Account__r.Name', 'Client__r.Name'),
    RULE,
    /Project__c has no relationship named Client__r/,
  );
});

test('ISCHANGED in a formula field', async () => {
  const file = `${PROJECT}/fields/Budget_In_Thousands__c.field-meta.xml`;
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) => editFixtureFile(dir, file, 'Budget__c / 1000', 'IF(ISCHANGED(Budget__c), 1, 0)'),
    file,
    /ISCHANGED\(\) is available in validation rules only/,
  );
});

test('formula field names a missing field', async () => {
  const file = `${PROJECT}/fields/Budget_In_Thousands__c.field-meta.xml`;
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) => editFixtureFile(dir, file, 'Budget__c / 1000', 'Cost__c / 1000'),
    file,
    /Cost__c: field Project__c\.Cost__c does not exist/,
  );
});

test('validation rule that returns a number', async () => {
  await expectProblem(
    'formulas of validation rules and formula fields',
    (dir) =>
      editFixtureFile(
        dir,
        RULE,
        /<errorConditionFormula>[\s\S]*<\/errorConditionFormula>/,
        '<errorConditionFormula>Budget__c * 2</errorConditionFormula>',
      ),
    RULE,
    /must return a Checkbox/,
  );
});

// Custom metadata records

test('custom metadata value of a missing field', async () => {
  await expectProblem(
    'custom metadata records',
    (dir) => editFixtureFile(dir, RECORD, '<field>Threshold__c</field>', '<field>Limit__c</field>'),
    RECORD,
    /names the field Limit__c, which Fixture_Setting__mdt does not have/,
  );
});

test('custom metadata value of the wrong type', async () => {
  await expectProblem(
    'custom metadata records',
    (dir) => editFixtureFile(dir, RECORD, 'xsi:type="xsd:double"', 'xsi:type="xsd:string"'),
    RECORD,
    /xsi:type="xsd:string", but Number fields take xsd:double/,
  );
});

test('custom metadata number beyond its precision', async () => {
  await expectProblem(
    'custom metadata records',
    (dir) => editFixtureFile(dir, RECORD, '>10.0<', '>1000<'),
    RECORD,
    /1000 has more than 3 digits before the decimal point/,
  );
});

// Permission sets

test('field permission for a missing field', async () => {
  await expectProblem(
    'permission sets',
    (dir) => editFixtureFile(dir, PERMISSION_SET, 'Project__c.Budget__c', 'Project__c.Cost__c'),
    PERMISSION_SET,
    /field Cost__c does not exist on Project__c/,
  );
});

test('object permission for a missing object', async () => {
  await expectProblem(
    'permission sets',
    (dir) =>
      editFixtureFile(
        dir,
        PERMISSION_SET,
        '<object>Project__c</object>',
        '<object>Programme__c</object>',
      ),
    PERMISSION_SET,
    /object Programme__c is neither in force-app nor a known standard object/,
  );
});

test('field permission on a required field', async () => {
  await expectProblem(
    'permission sets',
    (dir) => editFixtureFile(dir, PERMISSION_SET, 'Project__c.Budget__c', 'Project__c.Code__c'),
    PERMISSION_SET,
    /Code__c is a required field/,
  );
});

test('field permission on a master-detail field', async () => {
  await expectProblem(
    'permission sets',
    (dir) =>
      editFixtureFile(dir, PERMISSION_SET, 'Milestone__c.Due_On__c', 'Milestone__c.Project__c'),
    PERMISSION_SET,
    /a master-detail field has no field-level security/,
  );
});

test('field permission on a standard required field', async () => {
  await expectProblem(
    'permission sets',
    (dir) => editFixtureFile(dir, PERMISSION_SET, 'Account.Tier__c', 'Account.Name'),
    PERMISSION_SET,
    /Name is a required field/,
  );
});

test('editable permission on a formula field', async () => {
  await expectProblem(
    'permission sets',
    (dir) =>
      editFixtureFile(
        dir,
        PERMISSION_SET,
        '<editable>false</editable><field>Project__c.Budget_In_Thousands__c',
        '<editable>true</editable><field>Project__c.Budget_In_Thousands__c',
      ),
    PERMISSION_SET,
    /Budget_In_Thousands__c is a formula field, which nobody can edit/,
  );
});

test('editable permission on a roll-up field', async () => {
  await expectProblem(
    'permission sets',
    (dir) =>
      editFixtureFile(
        dir,
        PERMISSION_SET,
        '<editable>false</editable><field>Project__c.Milestone_Count__c',
        '<editable>true</editable><field>Project__c.Milestone_Count__c',
      ),
    PERMISSION_SET,
    /Milestone_Count__c is a roll-up summary field/,
  );
});

test('activity field named Activity in a permission set', async () => {
  await expectProblem(
    'permission sets',
    (dir) => editFixtureFile(dir, PERMISSION_SET, 'Task.Fixture_Key__c', 'Activity.Fixture_Key__c'),
    PERMISSION_SET,
    /use Task\.Fixture_Key__c/,
  );
});

test('object permission edit without read', async () => {
  await expectProblem(
    'permission sets',
    (dir) =>
      editFixtureFile(
        dir,
        PERMISSION_SET,
        '<allowRead>true</allowRead>',
        '<allowRead>false</allowRead>',
      ),
    PERMISSION_SET,
    /<allowEdit>true<\/allowEdit> needs <allowRead>true<\/allowRead>/,
  );
});

// Layouts

test('layout names a missing field', async () => {
  await expectProblem(
    'page layouts',
    (dir) => editFixtureFile(dir, LAYOUT, '<field>Stage__c</field>', '<field>Phase__c</field>'),
    LAYOUT,
    /field Project__c\.Phase__c does not exist/,
  );
});

test('layout related list names a missing column', async () => {
  await expectProblem(
    'page layouts',
    (dir) =>
      editFixtureFile(dir, LAYOUT, '<fields>Due_On__c</fields>', '<fields>Done_On__c</fields>'),
    LAYOUT,
    /related list Milestone__c\.Project__c, column Done_On__c: field Milestone__c\.Done_On__c does not exist/,
  );
});

test('layout names a missing quick action', async () => {
  await expectProblem(
    'page layouts',
    (dir) => editFixtureFile(dir, LAYOUT, 'Project__c.New_Milestone', 'Project__c.New_Task'),
    LAYOUT,
    /quick action Project__c\.New_Task is not in force-app/,
  );
});

test('layout makes a formula field editable', async () => {
  await expectProblem(
    'page layouts',
    (dir) =>
      editFixtureFile(
        dir,
        LAYOUT,
        '<behavior>Readonly</behavior><field>Budget_In_Thousands__c',
        '<behavior>Edit</behavior><field>Budget_In_Thousands__c',
      ),
    LAYOUT,
    /Budget_In_Thousands__c is computed by Salesforce.*set Readonly/,
  );
});

// List views

test('list view names a standard field by its API name', async () => {
  await expectProblem(
    'list views',
    (dir) =>
      editFixtureFile(
        dir,
        ACCOUNT_VIEW,
        '<columns>ACCOUNT.NAME</columns>',
        '<columns>Name</columns>',
      ),
    ACCOUNT_VIEW,
    /<columns>Name<\/columns>: standard fields are named by their list-view token in list views: use ACCOUNT\.NAME/,
  );
});

test('list view names a custom field with its object', async () => {
  await expectProblem(
    'list views',
    (dir) =>
      editFixtureFile(
        dir,
        ACCOUNT_VIEW,
        '<columns>Tier__c</columns>',
        '<columns>Account.Tier__c</columns>',
      ),
    ACCOUNT_VIEW,
    /bare API name .*: use Tier__c/,
  );
});

test('list view names a missing custom field', async () => {
  await expectProblem(
    'list views',
    (dir) =>
      editFixtureFile(
        dir,
        PROJECT_VIEW,
        '<columns>Budget__c</columns>',
        '<columns>Cost__c</columns>',
      ),
    PROJECT_VIEW,
    /field Project__c\.Cost__c does not exist/,
  );
});

test('list view names an unknown token', async () => {
  await expectProblem(
    'list views',
    (dir) =>
      editFixtureFile(
        dir,
        ACCOUNT_VIEW,
        '<columns>CORE.USERS.ALIAS</columns>',
        '<columns>ACCOUNT.OWNER_ALIAS</columns>',
      ),
    ACCOUNT_VIEW,
    /ACCOUNT\.OWNER_ALIAS is not a list-view token of Account/,
  );
});

test('list view filter includes on a picklist', async () => {
  await expectProblem(
    'list views',
    (dir) =>
      editFixtureFile(
        dir,
        ACCOUNT_VIEW,
        '<operation>equals</operation>\n        <value>Gold</value>',
        '<operation>includes</operation>\n        <value>Gold</value>',
      ),
    ACCOUNT_VIEW,
    /includes works on multi-select picklists only/,
  );
});

test('list view filter value not in the picklist', async () => {
  await expectProblem(
    'list views',
    (dir) =>
      editFixtureFile(
        dir,
        PROJECT_VIEW,
        '<value>Active,Planned</value>',
        '<value>Active,Paused</value>',
      ),
    PROJECT_VIEW,
    /Paused is not a value of the picklist/,
  );
});

test('list view filter contains on a number', async () => {
  await expectProblem(
    'list views',
    (dir) =>
      editFixtureFile(
        dir,
        PROJECT_VIEW,
        '<operation>greaterThan</operation>',
        '<operation>contains</operation>',
      ),
    PROJECT_VIEW,
    /contains works on text and picklist fields, and the field is Currency/,
  );
});

// Reports

test('report outside a folder', async () => {
  const file = `${SOURCE}/reports/Loose_Report.report-meta.xml`;
  await expectProblem(
    'reports',
    (dir) =>
      writeFixtureFile(
        dir,
        file,
        '<?xml version="1.0"?><Report xmlns="http://soap.sforce.com/2006/04/metadata"><format>Tabular</format><name>Loose</name><reportType>AccountList</reportType></Report>',
      ),
    file,
    /is not in a report folder: move it to reports\/<FolderName>\//,
  );
});

test('report folder without its meta file', async () => {
  await expectProblem(
    'reports',
    (dir) => rmSync(join(dir, `${SOURCE}/reports/Fixture_Reports.reportFolder-meta.xml`)),
    REPORT,
    /has no reports\/Fixture_Reports\.reportFolder-meta\.xml/,
  );
});

test('report column names a missing field', async () => {
  await expectProblem(
    'reports',
    (dir) =>
      editFixtureFile(
        dir,
        REPORT,
        '<columns><field>Account.Tier__c</field></columns>',
        '<columns><field>Account.Level__c</field></columns>',
      ),
    REPORT,
    /<field>Account\.Level__c<\/field>: field Account\.Level__c does not exist/,
  );
});

test('report filter names a field of another object', async () => {
  await expectProblem(
    'reports',
    (dir) =>
      editFixtureFile(
        dir,
        REPORT,
        '<column>Account.Tier__c</column>',
        '<column>Project__c.Stage__c</column>',
      ),
    REPORT,
    /Project__c is not an object of this report type/,
  );
});

test('report with an unknown report type', async () => {
  await expectProblem(
    'reports',
    (dir) =>
      editFixtureFile(
        dir,
        REPORT,
        '<reportType>AccountList</reportType>',
        '<reportType>Accounts</reportType>',
      ),
    REPORT,
    /report type Accounts is neither a standard report type/,
  );
});

// Lightning pages

test('Lightning page names a missing record field', async () => {
  await expectProblem(
    'Lightning pages',
    (dir) => editFixtureFile(dir, PAGE, '{!Record.Stage__c}', '{!Record.Phase__c}'),
    PAGE,
    /Record\.Phase__c: field Project__c\.Phase__c does not exist/,
  );
});

test('Lightning page sets an undeclared property', async () => {
  await expectProblem(
    'Lightning pages',
    (dir) => editFixtureFile(dir, PAGE, '<name>title</name>', '<name>heading</name>'),
    PAGE,
    /sets the property heading, which projectCard\.js-meta\.xml does not declare/,
  );
});

test('Lightning page component without the page target', async () => {
  await expectProblem(
    'Lightning pages',
    (dir) =>
      editFixtureFile(dir, BUNDLE_META, '        <target>lightning__RecordPage</target>\n', ''),
    BUNDLE_META,
    /does not list <target>lightning__RecordPage<\/target>/,
  );
});

test('Lightning page related list of a missing relationship', async () => {
  await expectProblem(
    'Lightning pages',
    (dir) => editFixtureFile(dir, PAGE, 'Milestones__r', 'Phases__r'),
    PAGE,
    /related list Phases__r: Project__c has no child relationship/,
  );
});

// Quick actions

test('create action names a missing field', async () => {
  await expectProblem(
    'quick actions',
    (dir) =>
      editFixtureFile(dir, CREATE_ACTION, '<field>Due_On__c</field>', '<field>Due_Date__c</field>'),
    CREATE_ACTION,
    /field Milestone__c\.Due_Date__c does not exist/,
  );
});

test('LWC action whose bundle lacks the action target', async () => {
  await expectProblem(
    'quick actions',
    (dir) =>
      editFixtureFile(dir, BUNDLE_META, '        <target>lightning__RecordAction</target>\n', ''),
    BUNDLE_META,
    /does not list <target>lightning__RecordAction<\/target>/,
  );
});

// LWC bundles

test('LWC bundle without its module', async () => {
  await expectProblem(
    'LWC bundles and their imports',
    (dir) => rmSync(join(dir, `${BUNDLE}/projectCard.ts`)),
    BUNDLE,
    /has neither projectCard\.js nor projectCard\.ts/,
  );
});

test('LWC bundle without js-meta.xml', async () => {
  await expectProblem(
    'LWC bundles and their imports',
    (dir) => rmSync(join(dir, BUNDLE_META)),
    BUNDLE,
    /has no projectCard\.js-meta\.xml/,
  );
});

test('LWC bundle with only compiled JavaScript passes', async () => {
  const problems = await problemsAfter('LWC bundles and their imports', (dir) => {
    rmSync(join(dir, `${BUNDLE}/projectCard.ts`));
    writeFixtureFile(
      dir,
      `${BUNDLE}/projectCard.js`,
      "import { LightningElement } from 'lwc';\nexport default class ProjectCard extends LightningElement {}\n",
    );
  });
  assert.deepEqual(problems, []);
});

test('LWC TypeScript imports a missing field', async () => {
  await expectProblem(
    'LWC bundles and their imports',
    (dir) =>
      editFixtureFile(
        dir,
        `${BUNDLE}/projectCard.ts`,
        'Project__c.Budget__c',
        'Project__c.Cost__c',
      ),
    `${BUNDLE}/projectCard.ts`,
    /line 2: import '@salesforce\/schema\/Project__c\.Cost__c': field Project__c\.Cost__c does not exist/,
  );
});

test('LWC JavaScript imports a missing relationship field', async () => {
  const file = `${BUNDLE}/fields.js`;
  await expectProblem(
    'LWC bundles and their imports',
    (dir) =>
      writeFixtureFile(
        dir,
        file,
        "import OWNER from '@salesforce/schema/Project__c.Account__r.Owner.Nickname';\nexport default [OWNER];\n",
      ),
    file,
    /field User\.Nickname does not exist/,
  );
});

test('LWC imports a missing custom label', async () => {
  await expectProblem(
    'LWC bundles and their imports',
    (dir) =>
      editFixtureFile(dir, `${BUNDLE}/projectCard.ts`, 'c.Fixture_Title', 'c.Fixture_Heading'),
    `${BUNDLE}/projectCard.ts`,
    /custom label Fixture_Heading is not defined/,
  );
});

// SOQL of the scoring job

test('job SOQL names a missing field', async () => {
  await expectProblem(
    'SOQL of the scoring job',
    (dir) =>
      editFixtureFile(
        dir,
        'scripts/job/read.ts',
        'SELECT Id, Name, Account__r.Name',
        'SELECT Id, Title__c, Account__r.Name',
      ),
    'scripts/job/read.ts',
    /SELECT Title__c: field Project__c\.Title__c does not exist/,
  );
});

test('job SOQL names a missing child relationship', async () => {
  await expectProblem(
    'SOQL of the scoring job',
    (dir) => editFixtureFile(dir, 'scripts/job/read.ts', 'FROM Milestones__r', 'FROM Phases__r'),
    'scripts/job/read.ts',
    /subquery FROM Phases__r: Project__c has no child relationship/,
  );
});

test('job SOQL compares a number with a string', async () => {
  await expectProblem(
    'SOQL of the scoring job',
    (dir) => editFixtureFile(dir, 'scripts/job/read.ts', 'Budget__c > 0', "Budget__c > 'high'"),
    'scripts/job/read.ts',
    /Budget__c is Currency, but is compared with the string 'high'/,
  );
});

test('job field list names a missing field', async () => {
  await expectProblem(
    'SOQL of the scoring job',
    (dir) =>
      editFixtureFile(dir, 'scripts/job/fields.ts', "{ name: 'Budget__c' }", "{ name: 'Cost__c' }"),
    'scripts/job/read.ts',
    /query on Project__c: SELECT \(PROJECT_FIELDS\) Cost__c: field Project__c\.Cost__c does not exist/,
  );
});

test('job WHERE condition names a missing field', async () => {
  await expectProblem(
    'SOQL of the scoring job',
    (dir) =>
      editFixtureFile(dir, 'scripts/job/read.ts', "Stage__c = 'Active'", "Phase__c = 'Active'"),
    'scripts/job/read.ts',
    /WHERE Phase__c: field Project__c\.Phase__c does not exist/,
  );
});

// source-deploy-retrieve and the sf CLI

test('source-deploy-retrieve skips a file', async () => {
  const dir = createFixture();
  try {
    const file = `${PROJECT}/notes.txt`;
    writeFixtureFile(dir, file, 'notes');
    const project = loadProject(dir);
    const resolved = await resolveSource(dir, project.packageDirs, project.files);
    assertProblem(
      checkSkippedFiles(project, resolved.deployedFiles, resolved.ignoredFiles),
      file,
      /resolves this file to no metadata component/,
    );
    assert.ok(
      resolved.ignoredFiles.has(`${BUNDLE}/projectCard.ts`),
      'the TypeScript of the bundle is in .forceignore',
    );
  } finally {
    removeFixture(dir);
  }
});

test('missing source-deploy-retrieve is reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'validate-no-modules-'));
  try {
    await assert.rejects(
      loadSdr(dir),
      /@salesforce\/source-deploy-retrieve is not resolvable from .*: add it to devDependencies/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sf project convert source fails on an unknown file', async () => {
  const dir = createFixture();
  try {
    // The CLI converts malformed XML (an unclosed tag, a missing closing root tag) without an
    // error, so the root element check parses every file. An unknown suffix does fail the CLI.
    const file = `${SOURCE}/objects/Project__c/Project__c.objekt-meta.xml`;
    writeFixtureFile(dir, file, '<CustomObject/>');
    const project = loadProject(dir);
    const result = await checkConvert(dir, project.packageDirs, expectedMembers(project));
    assertProblem(result.problems, file, /failed with exit code 1: .*objekt-meta\.xml/);
  } finally {
    removeFixture(dir);
  }
});

test('sf project generate manifest misses an object', async () => {
  const dir = createFixture();
  try {
    writeFixtureFile(
      dir,
      `${SOURCE}/objects/Ghost__c/fields/Size__c.field-meta.xml`,
      '<?xml version="1.0"?><CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>Size__c</fullName><label>Size</label><length>10</length><type>Text</type></CustomField>',
    );
    const project = loadProject(dir);
    const result = await checkManifest(dir, project.packageDirs, expectedMembers(project));
    assertProblem(result.problems, 'package.xml', /does not list CustomObject Ghost__c/);
  } finally {
    removeFixture(dir);
  }
});

test('validate command passes the fixture and fails it broken', async () => {
  const dir = createFixture();
  try {
    const script = join(REPO_ROOT, 'scripts', 'validate', 'validate.ts');
    const passed = await run(process.execPath, [script, '--project-dir', dir, '--json']);
    const report = JSON.parse(passed.stdout) as Report;
    assert.equal(report.ok, true, failures(report));
    assert.ok(report.steps.some((step) => step.name === 'sf project convert source' && step.ok));

    editFixtureFile(dir, BUDGET, '    <precision>16</precision>\n', '');
    const failed = await run(process.execPath, [script, '--project-dir', dir]).then(
      () => assert.fail('validate exited 0 on a broken project'),
      (error: { code: number; stdout: string }) => error,
    );
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /FAIL {2}object and field definitions/);
    assert.match(
      failed.stdout,
      new RegExp(`${BUDGET}: Currency field Budget__c has no <precision>`),
    );
  } finally {
    removeFixture(dir);
  }
});

test('validate command rejects an unknown option', async () => {
  const script = join(REPO_ROOT, 'scripts', 'validate', 'validate.ts');
  const failed = await run(process.execPath, [script, '--project']).then(
    () => assert.fail('validate accepted --project'),
    (error: { code: number; stderr: string }) => error,
  );
  assert.equal(failed.code, 2);
  assert.match(failed.stderr, /Usage: npm run validate -- \[--project-dir DIR\]/);
});

test('project force-app passes every step', async () => {
  const report = await runValidation(REPO_ROOT);
  assert.equal(report.ok, true, failures(report));
});
