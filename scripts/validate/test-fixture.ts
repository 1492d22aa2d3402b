// A minimal Salesforce DX project that passes every check of `npm run validate`, for tests that
// break it in one way each. It has one or more of each metadata type the checks read. These
// are custom objects with fields of every kind, a validation rule, a global value set, custom
// metadata, a permission set, a layout, list views, a report in its folder, a Lightning page,
// quick actions, an LWC bundle in TypeScript, and a scoring-job source with SOQL.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const XML = '<?xml version="1.0" encoding="UTF-8"?>';

/** Source folder of the fixture's metadata, relative to its project directory. */
export const SOURCE = 'force-app/main/default';

function field(name: string, body: string, help = true): string {
  return `${XML}
<CustomField ${NS}>
    <fullName>${name}</fullName>
    <description>Fixture field ${name}.</description>${help ? `\n    <inlineHelpText>Enter the ${name} of the project.</inlineHelpText>` : ''}
    <label>${name.replace(/__c$/, '').replace(/_/g, ' ')}</label>
${body}
</CustomField>
`;
}

function picklistValues(values: string[]): string {
  return values
    .map(
      (value) =>
        `            <value><fullName>${value}</fullName><default>false</default><label>${value}</label></value>`,
    )
    .join('\n');
}

export const FIXTURE_FILES: Record<string, string> = {
  'sfdx-project.json': `${JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], name: 'fixture', namespace: '', sourceApiVersion: '68.0' }, null, 2)}\n`,
  '.forceignore':
    '**/*.ts\n**/tsconfig.json\n**/__tests__/**\n**/jsconfig.json\n**/.eslintrc.json\n',
  [`${SOURCE}/objects/Project__c/Project__c.object-meta.xml`]: `${XML}
<CustomObject ${NS}>
    <deploymentStatus>Deployed</deploymentStatus>
    <description>A fixture project.</description>
    <label>Project</label>
    <nameField><label>Project Name</label><type>Text</type></nameField>
    <pluralLabel>Projects</pluralLabel>
    <sharingModel>ReadWrite</sharingModel>
</CustomObject>
`,
  [`${SOURCE}/objects/Project__c/fields/Budget__c.field-meta.xml`]: field(
    'Budget__c',
    '    <precision>16</precision>\n    <scale>2</scale>\n    <required>false</required>\n    <type>Currency</type>',
  ),
  [`${SOURCE}/objects/Project__c/fields/Completion__c.field-meta.xml`]: field(
    'Completion__c',
    '    <precision>5</precision>\n    <scale>2</scale>\n    <type>Percent</type>',
  ),
  [`${SOURCE}/objects/Project__c/fields/Stage__c.field-meta.xml`]: field(
    'Stage__c',
    `    <type>Picklist</type>\n    <valueSet>\n        <restricted>true</restricted>\n        <valueSetDefinition>\n            <sorted>false</sorted>\n${picklistValues(['Planned', 'Active', 'Done'])}\n        </valueSetDefinition>\n    </valueSet>`,
  ),
  [`${SOURCE}/objects/Project__c/fields/Tags__c.field-meta.xml`]: field(
    'Tags__c',
    `    <type>MultiselectPicklist</type>\n    <valueSet>\n        <valueSetDefinition>\n            <sorted>false</sorted>\n${picklistValues(['Alpha', 'Beta'])}\n        </valueSetDefinition>\n    </valueSet>\n    <visibleLines>4</visibleLines>`,
  ),
  [`${SOURCE}/objects/Project__c/fields/Color__c.field-meta.xml`]: field(
    'Color__c',
    '    <type>Picklist</type>\n    <valueSet>\n        <restricted>true</restricted>\n        <valueSetName>Fixture_Color</valueSetName>\n    </valueSet>',
  ),
  [`${SOURCE}/objects/Project__c/fields/Notes__c.field-meta.xml`]: field(
    'Notes__c',
    '    <length>32768</length>\n    <type>LongTextArea</type>\n    <visibleLines>3</visibleLines>',
  ),
  [`${SOURCE}/objects/Project__c/fields/Code__c.field-meta.xml`]: field(
    'Code__c',
    '    <length>40</length>\n    <required>true</required>\n    <type>Text</type>',
  ),
  [`${SOURCE}/objects/Project__c/fields/Account__c.field-meta.xml`]: field(
    'Account__c',
    '    <deleteConstraint>SetNull</deleteConstraint>\n    <referenceTo>Account</referenceTo>\n    <relationshipLabel>Projects</relationshipLabel>\n    <relationshipName>Projects</relationshipName>\n    <type>Lookup</type>',
  ),
  [`${SOURCE}/objects/Project__c/fields/Budget_In_Thousands__c.field-meta.xml`]: field(
    'Budget_In_Thousands__c',
    '    <formula>Budget__c / 1000</formula>\n    <precision>18</precision>\n    <scale>2</scale>\n    <type>Number</type>',
    false,
  ),
  [`${SOURCE}/objects/Project__c/fields/Milestone_Count__c.field-meta.xml`]: field(
    'Milestone_Count__c',
    '    <summaryForeignKey>Milestone__c.Project__c</summaryForeignKey>\n    <summaryOperation>count</summaryOperation>\n    <type>Summary</type>',
    false,
  ),
  [`${SOURCE}/objects/Project__c/validationRules/Budget_Not_Negative.validationRule-meta.xml`]: `${XML}
<ValidationRule ${NS}>
    <fullName>Budget_Not_Negative</fullName>
    <active>true</active>
    <description>Rejects a negative budget on an active project.</description>
    <errorConditionFormula>AND(
    /* Admins who load history pass. */
    NOT($Permission.Fixture_Bypass),
    OR(ISNEW(), ISCHANGED(Budget__c)),
    Budget__c &lt; 0,
    ISPICKVAL(Stage__c, "Active"),
    NOT(ISPICKVAL(PRIORVALUE(Stage__c), "Done")),
    OR(INCLUDES(Tags__c, "Alpha"), ISBLANK(Tags__c)),
    Completion__c &lt;= 0.5,
    Account__r.Name &lt;&gt; $User.LastName,
    NOT(ISBLANK(Owner.Alias))
)</errorConditionFormula>
    <errorDisplayField>Budget__c</errorDisplayField>
    <errorMessage>Enter a budget of 0 or more.</errorMessage>
</ValidationRule>
`,
  [`${SOURCE}/objects/Project__c/listViews/Active_Projects.listView-meta.xml`]: `${XML}
<ListView ${NS}>
    <fullName>Active_Projects</fullName>
    <columns>NAME</columns>
    <columns>Stage__c</columns>
    <columns>Budget__c</columns>
    <columns>CREATED_DATE</columns>
    <filterScope>Everything</filterScope>
    <filters>
        <field>Stage__c</field>
        <operation>equals</operation>
        <value>Active,Planned</value>
    </filters>
    <filters>
        <field>Tags__c</field>
        <operation>includes</operation>
        <value>Alpha</value>
    </filters>
    <filters>
        <field>Budget__c</field>
        <operation>greaterThan</operation>
        <value>1000</value>
    </filters>
    <label>Active Projects</label>
</ListView>
`,
  [`${SOURCE}/objects/Milestone__c/Milestone__c.object-meta.xml`]: `${XML}
<CustomObject ${NS}>
    <deploymentStatus>Deployed</deploymentStatus>
    <description>A fixture milestone of a project.</description>
    <label>Milestone</label>
    <nameField><label>Milestone Name</label><type>Text</type></nameField>
    <pluralLabel>Milestones</pluralLabel>
    <sharingModel>ControlledByParent</sharingModel>
</CustomObject>
`,
  [`${SOURCE}/objects/Milestone__c/fields/Project__c.field-meta.xml`]: field(
    'Project__c',
    '    <referenceTo>Project__c</referenceTo>\n    <relationshipLabel>Milestones</relationshipLabel>\n    <relationshipName>Milestones</relationshipName>\n    <relationshipOrder>0</relationshipOrder>\n    <type>MasterDetail</type>',
  ),
  [`${SOURCE}/objects/Milestone__c/fields/Due_On__c.field-meta.xml`]: field(
    'Due_On__c',
    '    <type>Date</type>',
  ),
  [`${SOURCE}/objects/Account/fields/Tier__c.field-meta.xml`]: field(
    'Tier__c',
    `    <type>Picklist</type>\n    <valueSet>\n        <valueSetDefinition>\n            <sorted>false</sorted>\n${picklistValues(['Gold', 'Silver'])}\n        </valueSetDefinition>\n    </valueSet>`,
  ),
  [`${SOURCE}/objects/Account/listViews/Gold_Accounts.listView-meta.xml`]: `${XML}
<ListView ${NS}>
    <fullName>Gold_Accounts</fullName>
    <columns>ACCOUNT.NAME</columns>
    <columns>Tier__c</columns>
    <columns>CORE.USERS.ALIAS</columns>
    <filterScope>Everything</filterScope>
    <filters>
        <field>Tier__c</field>
        <operation>equals</operation>
        <value>Gold</value>
    </filters>
    <filters>
        <field>ACCOUNT.CREATED_DATE</field>
        <operation>greaterThan</operation>
        <value>LAST_N_DAYS:30</value>
    </filters>
    <label>Gold Accounts</label>
</ListView>
`,
  [`${SOURCE}/objects/Activity/fields/Fixture_Key__c.field-meta.xml`]: field(
    'Fixture_Key__c',
    '    <length>80</length>\n    <type>Text</type>',
  ),
  [`${SOURCE}/objects/Fixture_Setting__mdt/Fixture_Setting__mdt.object-meta.xml`]: `${XML}
<CustomObject ${NS}>
    <description>Fixture settings.</description>
    <label>Fixture Setting</label>
    <pluralLabel>Fixture Settings</pluralLabel>
    <visibility>Public</visibility>
</CustomObject>
`,
  [`${SOURCE}/objects/Fixture_Setting__mdt/fields/Threshold__c.field-meta.xml`]: field(
    'Threshold__c',
    '    <fieldManageability>DeveloperControlled</fieldManageability>\n    <precision>3</precision>\n    <required>true</required>\n    <scale>0</scale>\n    <type>Number</type>',
  ),
  [`${SOURCE}/customMetadata/Fixture_Setting.Default.md-meta.xml`]: `${XML}
<CustomMetadata ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <label>Default</label>
    <protected>false</protected>
    <values>
        <field>Threshold__c</field>
        <value xsi:type="xsd:double">10.0</value>
    </values>
</CustomMetadata>
`,
  [`${SOURCE}/globalValueSets/Fixture_Color.globalValueSet-meta.xml`]: `${XML}
<GlobalValueSet ${NS}>
    <customValue><fullName>Red</fullName><default>false</default><label>Red</label></customValue>
    <customValue><fullName>Blue</fullName><default>false</default><label>Blue</label></customValue>
    <description>Fixture colors.</description>
    <masterLabel>Fixture Color</masterLabel>
    <sorted>false</sorted>
</GlobalValueSet>
`,
  [`${SOURCE}/customPermissions/Fixture_Bypass.customPermission-meta.xml`]: `${XML}
<CustomPermission ${NS}>
    <description>Lets an admin load history.</description>
    <isLicensed>false</isLicensed>
    <label>Fixture Bypass</label>
</CustomPermission>
`,
  [`${SOURCE}/labels/CustomLabels.labels-meta.xml`]: `${XML}
<CustomLabels ${NS}>
    <labels>
        <fullName>Fixture_Title</fullName>
        <language>en_US</language>
        <protected>false</protected>
        <shortDescription>Fixture title</shortDescription>
        <value>Project</value>
    </labels>
</CustomLabels>
`,
  [`${SOURCE}/permissionsets/Project_Editor.permissionset-meta.xml`]: `${XML}
<PermissionSet ${NS}>
    <customPermissions><enabled>true</enabled><name>Fixture_Bypass</name></customPermissions>
    <description>Edit projects.</description>
    <fieldPermissions><editable>true</editable><field>Project__c.Budget__c</field><readable>true</readable></fieldPermissions>
    <fieldPermissions><editable>false</editable><field>Project__c.Budget_In_Thousands__c</field><readable>true</readable></fieldPermissions>
    <fieldPermissions><editable>false</editable><field>Project__c.Milestone_Count__c</field><readable>true</readable></fieldPermissions>
    <fieldPermissions><editable>true</editable><field>Account.Tier__c</field><readable>true</readable></fieldPermissions>
    <fieldPermissions><editable>true</editable><field>Task.Fixture_Key__c</field><readable>true</readable></fieldPermissions>
    <fieldPermissions><editable>true</editable><field>Milestone__c.Due_On__c</field><readable>true</readable></fieldPermissions>
    <hasActivationRequired>false</hasActivationRequired>
    <label>Project Editor</label>
    <objectPermissions>
        <allowCreate>true</allowCreate>
        <allowDelete>false</allowDelete>
        <allowEdit>true</allowEdit>
        <allowRead>true</allowRead>
        <modifyAllRecords>false</modifyAllRecords>
        <object>Project__c</object>
        <viewAllRecords>false</viewAllRecords>
    </objectPermissions>
</PermissionSet>
`,
  [`${SOURCE}/layouts/Project__c-Project Layout.layout-meta.xml`]: `${XML}
<Layout ${NS}>
    <layoutSections>
        <editHeading>true</editHeading>
        <label>Information</label>
        <layoutColumns>
            <layoutItems><behavior>Required</behavior><field>Name</field></layoutItems>
            <layoutItems><behavior>Edit</behavior><field>Budget__c</field></layoutItems>
            <layoutItems><behavior>Readonly</behavior><field>Budget_In_Thousands__c</field></layoutItems>
            <layoutItems><behavior>Edit</behavior><field>Stage__c</field></layoutItems>
        </layoutColumns>
        <style>OneColumn</style>
    </layoutSections>
    <quickActionList>
        <quickActionListItems><quickActionName>Project__c.New_Milestone</quickActionName></quickActionListItems>
    </quickActionList>
    <relatedLists>
        <fields>NAME</fields>
        <fields>Due_On__c</fields>
        <relatedList>Milestone__c.Project__c</relatedList>
    </relatedLists>
</Layout>
`,
  [`${SOURCE}/quickActions/Project__c.New_Milestone.quickAction-meta.xml`]: `${XML}
<QuickAction ${NS}>
    <label>New Milestone</label>
    <optionsCreateFeedItem>false</optionsCreateFeedItem>
    <quickActionLayout>
        <layoutSectionStyle>TwoColumnsLeftToRight</layoutSectionStyle>
        <quickActionLayoutColumns>
            <quickActionLayoutItems><emptySpace>false</emptySpace><field>Name</field><uiBehavior>Required</uiBehavior></quickActionLayoutItems>
            <quickActionLayoutItems><emptySpace>false</emptySpace><field>Due_On__c</field><uiBehavior>Edit</uiBehavior></quickActionLayoutItems>
        </quickActionLayoutColumns>
        <quickActionLayoutColumns/>
    </quickActionLayout>
    <targetObject>Milestone__c</targetObject>
    <targetParentField>Project__c</targetParentField>
    <type>Create</type>
</QuickAction>
`,
  [`${SOURCE}/quickActions/Project__c.Review.quickAction-meta.xml`]: `${XML}
<QuickAction ${NS}>
    <actionSubtype>ScreenAction</actionSubtype>
    <label>Review</label>
    <lightningWebComponent>projectCard</lightningWebComponent>
    <optionsCreateFeedItem>false</optionsCreateFeedItem>
    <type>LightningWebComponent</type>
</QuickAction>
`,
  [`${SOURCE}/reports/Fixture_Reports.reportFolder-meta.xml`]: `${XML}
<ReportFolder ${NS}>
    <accessType>Public</accessType>
    <name>Fixture Reports</name>
    <publicFolderAccess>ReadOnly</publicFolderAccess>
</ReportFolder>
`,
  [`${SOURCE}/reports/Fixture_Reports/Gold_Accounts.report-meta.xml`]: `${XML}
<Report ${NS}>
    <columns><field>ACCOUNT.NAME</field></columns>
    <columns><field>Account.Tier__c</field></columns>
    <description>Accounts of the Gold tier.</description>
    <filter>
        <criteriaItems>
            <column>Account.Tier__c</column>
            <isUnlocked>true</isUnlocked>
            <operator>equals</operator>
            <value>Gold</value>
        </criteriaItems>
    </filter>
    <format>Tabular</format>
    <name>Gold Accounts</name>
    <reportType>AccountList</reportType>
    <scope>organization</scope>
    <showDetails>true</showDetails>
</Report>
`,
  [`${SOURCE}/flexipages/Project_Record_Page.flexipage-meta.xml`]: `${XML}
<FlexiPage ${NS}>
    <flexiPageRegions>
        <itemInstances>
            <componentInstance>
                <componentInstanceProperties><name>title</name><value>Project</value></componentInstanceProperties>
                <componentName>c:projectCard</componentName>
                <identifier>c_projectCard</identifier>
                <visibilityRule>
                    <criteria>
                        <leftValue>{!Record.Stage__c}</leftValue>
                        <operator>EQUAL</operator>
                        <rightValue>Active</rightValue>
                    </criteria>
                </visibilityRule>
            </componentInstance>
        </itemInstances>
        <itemInstances>
            <componentInstance>
                <componentInstanceProperties><name>relatedListApiName</name><value>Milestones__r</value></componentInstanceProperties>
                <componentName>force:relatedListSingleContainer</componentName>
                <identifier>force_relatedListSingleContainer</identifier>
            </componentInstance>
        </itemInstances>
        <name>main</name>
        <type>Region</type>
    </flexiPageRegions>
    <masterLabel>Project Record Page</masterLabel>
    <sobjectType>Project__c</sobjectType>
    <template><name>flexipage:recordHomeTemplateDesktop</name></template>
    <type>RecordPage</type>
</FlexiPage>
`,
  [`${SOURCE}/lwc/projectCard/projectCard.ts`]: `import { LightningElement, api } from 'lwc';
import BUDGET from '@salesforce/schema/Project__c.Budget__c';
import ACCOUNT_NAME from '@salesforce/schema/Project__c.Account__r.Name';
import PROJECT from '@salesforce/schema/Project__c';
import TITLE from '@salesforce/label/c.Fixture_Title';
import BYPASS from '@salesforce/customPermission/Fixture_Bypass';

export default class ProjectCard extends LightningElement {
  @api recordId?: string;
  @api title = TITLE;
  fields = [BUDGET, ACCOUNT_NAME, PROJECT, BYPASS];
}
`,
  [`${SOURCE}/lwc/projectCard/projectCard.html`]:
    '<template><lightning-card title={title}></lightning-card></template>\n',
  [`${SOURCE}/lwc/projectCard/projectCard.js-meta.xml`]: `${XML}
<LightningComponentBundle ${NS}>
    <apiVersion>68.0</apiVersion>
    <isExposed>true</isExposed>
    <targets>
        <target>lightning__RecordPage</target>
        <target>lightning__RecordAction</target>
    </targets>
    <targetConfigs>
        <targetConfig targets="lightning__RecordPage">
            <property name="title" type="String" label="Title"/>
            <objects><object>Project__c</object></objects>
        </targetConfig>
        <targetConfig targets="lightning__RecordAction">
            <actionType>ScreenAction</actionType>
        </targetConfig>
    </targetConfigs>
</LightningComponentBundle>
`,
  [`${SOURCE}/lwc/projectCard/__tests__/projectCard.test.ts`]:
    "import { createElement } from 'lwc';\nvoid createElement;\n",
  'scripts/job/fields.ts': `export interface FieldSpec {
  name: string;
}

export const PROJECT_FIELDS: FieldSpec[] = [{ name: 'Id' }, { name: 'Budget__c' }, { name: 'Account__c' }];
`,
  'scripts/job/read.ts': `import { PROJECT_FIELDS } from './fields.ts';

declare function query(object: string, fields: unknown, where?: string): Promise<unknown>;

export async function readProjects(asOf: string, ids: string[]): Promise<unknown[]> {
  const list = ids.map((id) => \`'\${id}'\`).join(', ');
  return [
    await query('Project__c', PROJECT_FIELDS, \`Stage__c = 'Active' AND CreatedDate <= \${asOf}\`),
    await query(
      \`SELECT Id, Name, Account__r.Name, (SELECT Id, Due_On__c FROM Milestones__r) FROM Project__c WHERE Id IN (\${list}) AND Budget__c > 0 ORDER BY Name LIMIT 10\`,
      undefined,
    ),
  ];
}
`,
};

/**
 * Creates the fixture project in a new temporary folder, with node_modules linked to the
 * repository's, and returns its path.
 */
export function createFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'validate-fixture-'));
  for (const [file, content] of Object.entries(FIXTURE_FILES)) writeFixtureFile(dir, file, content);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

export function removeFixture(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeFixtureFile(dir: string, file: string, content: string): void {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), content);
}

/** Replaces `search` in a fixture file, failing loudly when the text is absent. */
export function editFixtureFile(
  dir: string,
  file: string,
  search: string | RegExp,
  replacement: string,
): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(search, replacement);
  if (after === before) throw new Error(`${file} does not contain ${String(search)}`);
  writeFileSync(path, after);
}
