// Word lists of the demo data. Company, vendor and person names are invented combinations, and
// every email address and website is under example.com, a domain reserved for examples (RFC 2606).

function wordsOf(text: string): readonly string[] {
  return text.split(' ');
}

export type Seniority = 'C-Level' | 'VP' | 'Director' | 'Manager' | 'Individual Contributor';

export const SENIORITIES: readonly Seniority[] = [
  'C-Level',
  'VP',
  'Director',
  'Manager',
  'Individual Contributor',
];

/** Job titles by seniority; `Champion_Seniority__c` of a champion is the key of its title. */
export const TITLES: Readonly<Record<Seniority, readonly string[]>> = {
  'C-Level': [
    'Chief Operating Officer',
    'Chief Technology Officer',
    'Chief Information Officer',
    'Chief Revenue Officer',
    'Chief Financial Officer',
    'Chief Customer Officer',
  ],
  VP: [
    'VP of Operations',
    'VP of Engineering',
    'VP of Sales',
    'VP of Customer Success',
    'VP of Finance',
    'VP of IT',
    'VP of Revenue Operations',
  ],
  Director: [
    'Director of IT',
    'Director of Operations',
    'Director of Revenue Operations',
    'Director of Engineering',
    'Director of Procurement',
    'Director of Customer Experience',
    'Director of Data and Analytics',
  ],
  Manager: [
    'IT Manager',
    'Operations Manager',
    'Sales Operations Manager',
    'Engineering Manager',
    'Procurement Manager',
    'Customer Support Manager',
  ],
  'Individual Contributor': [
    'Systems Administrator',
    'Business Analyst',
    'Solutions Engineer',
    'Data Analyst',
    'Operations Specialist',
    'Salesforce Administrator',
  ],
};

export const FIRST_NAMES: readonly string[] = wordsOf(
  'Amara Ben Carmen Daniel Elena Farid Grace Hiroshi Ines Jamal Keiko Liam Maya Nikhil ' +
    'Olivia Pablo Quinn Rosa Samuel Tara Umar Vera Wei Ximena Yusuf Zoe Adrian Bianca Caleb ' +
    'Dana Emeka Fatima Gabriel Hannah Isaac Julia Kwame Lucia Marcus Nadia Oscar Priya ' +
    'Rafael Sofia Thomas Valentina William Yara Aiden Chloe Diego Eva Hugo Ingrid Jonas ' +
    'Leila Mateo Noor Ravi Sara',
);

export const LAST_NAMES: readonly string[] = wordsOf(
  'Abbott Banerjee Castillo Dubois Eriksen Fischer Garcia Haddad Ibrahim Jensen Kowalski ' +
    'Larsen Mendoza Nakamura Okafor Petrov Quintero Rossi Schmidt Tanaka Usman Varga Wagner ' +
    'Xu Yilmaz Zimmerman Alvarez Becker Chen Delgado Evans Ferreira Gupta Hoffman Iyer ' +
    'Johansson Kim Lopez Mwangi Novak Olsen Patel Reyes Santos Thompson Ueda Vasquez Walsh ' +
    'Young Zhang Adeyemi Brennan Costa Dimitrov Engel Fong Horvath Khan Moreau Nguyen ' +
    'Oliveira Park Romano Sullivan Torres Weber',
);

/** First words of company names. */
export const NAME_PREFIXES: readonly string[] = wordsOf(
  'Alder Aspen Atlas Bayview Beacon Bluebird Brightline Canyon Cedar Coastal Copper ' +
    'Crescent Driftwood Emerald Evergreen Falcon Foxglove Glacier Granite Harbor Highland ' +
    'Horizon Indigo Ironwood Juniper Kestrel Keystone Lakeshore Larkspur Lumen Maple ' +
    'Meridian Monarch Nimbus Northstar Oakridge Obsidian Orchard Pinnacle Pioneer Polaris ' +
    'Prairie Quarry Rainier Redwood Riverbend Sapphire Sequoia Silver Sterling Summit ' +
    'Thistle Tidewater Vantage Vertex Westfield Wildflower Willow Yarrow Zephyr',
);

/** Optional second words of company names, e.g. 'Cedar Ridge Logistics'. */
export const NAME_MIDDLES: readonly string[] = wordsOf(
  'Ridge Creek Valley Point Bay Peak Hill Stone Brook Grove Field Lake River Rock Springs ' +
    'Bridge Trail Mountain Forest Meadow',
);

export interface IndustryVocabulary {
  /** A value of the standard Account.Industry picklist. */
  industry: string;
  /** Last words of company names in this industry. */
  nameCores: readonly string[];
}

export const INDUSTRIES: readonly IndustryVocabulary[] = [
  {
    industry: 'Technology',
    nameCores: ['Systems', 'Software', 'Data', 'Networks', 'Analytics', 'Labs'],
  },
  {
    industry: 'Manufacturing',
    nameCores: ['Manufacturing', 'Industries', 'Fabrication', 'Components'],
  },
  { industry: 'Healthcare', nameCores: ['Health', 'Medical', 'Clinics', 'Care Partners'] },
  { industry: 'Finance', nameCores: ['Capital', 'Financial', 'Wealth', 'Advisors'] },
  { industry: 'Banking', nameCores: ['Bancorp', 'Credit Union', 'Savings Bank'] },
  { industry: 'Retail', nameCores: ['Outfitters', 'Market', 'Goods', 'Home Supply'] },
  { industry: 'Transportation', nameCores: ['Logistics', 'Freight', 'Transit', 'Carriers'] },
  { industry: 'Energy', nameCores: ['Energy', 'Power', 'Solar', 'Renewables'] },
  { industry: 'Education', nameCores: ['Learning', 'Academy', 'Education Group'] },
  { industry: 'Hospitality', nameCores: ['Hotels', 'Hospitality', 'Resorts'] },
  { industry: 'Construction', nameCores: ['Builders', 'Construction', 'Contracting'] },
  { industry: 'Food & Beverage', nameCores: ['Foods', 'Brewing', 'Provisions', 'Kitchens'] },
  { industry: 'Insurance', nameCores: ['Insurance', 'Mutual', 'Assurance'] },
  { industry: 'Telecommunications', nameCores: ['Telecom', 'Wireless', 'Fiber'] },
  { industry: 'Media', nameCores: ['Media', 'Studios', 'Publishing'] },
  { industry: 'Consulting', nameCores: ['Consulting', 'Advisory', 'Partners'] },
];

export const LEGAL_SUFFIXES: readonly string[] = ['Inc.', 'LLC', 'Group', 'Corp.', 'Co.', 'Ltd.'];

/** US area codes for phone numbers; the local part is always 555-01xx, which is fictional. */
export const AREA_CODES: readonly string[] = wordsOf('206 212 303 312 404 415 512 617 619 214');

/** Invented names of incumbent vendors that a deal displaced (`Displaced_Vendor__c`). */
export const DISPLACED_VENDORS: readonly string[] = [
  'Cobalt CX',
  'Helix Analytics',
  'BrightDesk',
  'Tallyworks',
  'OrbitOps Suite',
  'Pathway CRM',
  'Quantix Platform',
  'Relay Success Cloud',
  'Stackline Insights',
  'Northbeam Service Desk',
  'an in-house spreadsheet process',
];

export interface UseCaseVocabulary {
  /** `Name` of a Committed_Use_Case__c: short, at most 80 characters. */
  name: string;
  description: string;
}

export const USE_CASES: readonly UseCaseVocabulary[] = [
  {
    name: 'Automated renewal forecasting',
    description:
      'Finance forecasts renewals per quarter from usage and contract data instead of the monthly spreadsheet. Success: forecast within 5% of actuals for two quarters.',
  },
  {
    name: 'Self-service onboarding for new hires',
    description:
      'New employees complete onboarding in the product without an admin. Success: 90% of new hires active within their first week.',
  },
  {
    name: 'Executive health dashboard',
    description:
      'The leadership team reviews one dashboard of customer health every Monday. Success: the dashboard replaces the weekly slide deck.',
  },
  {
    name: 'Support ticket triage',
    description:
      'Support routes incoming tickets by product area automatically. Success: median first response under 2 hours.',
  },
  {
    name: 'Field team scheduling',
    description:
      'Dispatchers schedule field technicians from the product on mobile. Success: all regions scheduled in the product by the end of the first quarter.',
  },
  {
    name: 'Invoice approval workflow',
    description:
      'Accounts payable routes supplier invoices through a two-step approval. Success: invoice cycle time under 5 business days.',
  },
  {
    name: 'Partner deal registration',
    description:
      'Channel partners register deals through the portal instead of email. Success: 80% of partner deals registered in the portal.',
  },
  {
    name: 'Usage-based billing reports',
    description:
      'Billing pulls monthly usage per customer for invoicing. Success: no manual usage exports at month end.',
  },
  {
    name: 'Compliance audit trail',
    description:
      'Compliance exports a complete audit trail for the annual audit. Success: audit evidence collected in under one week.',
  },
  {
    name: 'Inventory replenishment alerts',
    description:
      'Store managers get alerts before stock runs out. Success: stock-outs on the top 200 items down by half.',
  },
  {
    name: 'Customer onboarding playbooks',
    description:
      'Customer success runs every onboarding from a standard playbook. Success: time to first value under 30 days.',
  },
  {
    name: 'Sales territory planning',
    description:
      'Sales operations plans territories and quotas in the product. Success: the annual plan built without spreadsheets.',
  },
  {
    name: 'Clinical staff rostering',
    description:
      'Clinic managers build staff rosters in the product. Success: all sites rostered in the product, overtime down 10%.',
  },
  {
    name: 'Shipment exception tracking',
    description:
      'Operations tracks delayed shipments and notifies customers automatically. Success: 95% of exceptions notified within 4 hours.',
  },
  {
    name: 'Data warehouse sync',
    description:
      'Analytics syncs product data into the warehouse nightly. Success: the BI team retires its manual extracts.',
  },
  {
    name: 'Contract renewal reminders',
    description:
      'Account managers are reminded 90 days before each contract renewal. Success: no renewal missed in the first year.',
  },
];

export type PromiseType = 'Roadmap Item' | 'Professional Services' | 'Integration' | 'Other';

/** `Description__c` texts of Deal_Promise__c records by `Type__c`. */
export const PROMISE_DESCRIPTIONS: Readonly<Record<PromiseType, readonly string[]>> = {
  'Roadmap Item': [
    'SAML single sign-on for contractor accounts, promised to the CIO for general availability.',
    'EU data residency for all customer data, promised before the security review.',
    'Custom role permissions for regional managers, promised on the product roadmap call.',
    'Bulk export of audit logs, promised to the compliance lead.',
  ],
  'Professional Services': [
    'Two on-site onboarding workshops for the operations team, included at no charge.',
    'Migration of five years of history from the legacy system, done by our services team.',
    'Admin training for up to 10 staff, scheduled within the first quarter.',
  ],
  Integration: [
    'Two-way sync with the customer ERP for orders and invoices.',
    'SCIM user provisioning from the customer identity provider.',
    'Connector that opens incidents in the customer IT service desk.',
  ],
  Other: [
    'Quarterly business reviews with the executive sponsor.',
    'Price held for the first renewal at the current rate.',
    'A shared channel with the product team for the first six months.',
  ],
};

export const PROMISE_TYPES: readonly PromiseType[] = [
  'Roadmap Item',
  'Professional Services',
  'Integration',
  'Other',
];

/** Open stages of the standard Opportunity.StageName picklist. */
export const OPEN_STAGES: readonly string[] = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
];
