// The local org's users: an admin, the scoring job's integration user, an AE, a CSM, a RevOps
// analyst and one inactive user. Their Ids and access tokens are created on first start and kept
// in users.json in the data folder (file mode 0600), with permission sets read from force-app.

import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { booleanOf, listOf, readMetadataFile, textOf } from './metadata-xml.ts';

export type UserKey = 'admin' | 'job' | 'ae' | 'csm' | 'revops';

export interface OrgUser {
  Id: string;
  Username: string;
  Name: string;
  IsActive: boolean;
  key: UserKey;
  accessToken: string;
  permissionSets: string[];
  customPermissions: string[];
}

/** The user kept inactive, for tests of records owned by inactive users. It cannot sign in. */
export interface InactiveUser {
  Id: string;
  Username: string;
  Name: string;
  IsActive: false;
}

interface UserSpec {
  key: UserKey | 'inactive';
  firstName: string;
  lastName: string;
  alias: string;
  title: string;
  /** Custom permission that selects this user's permission sets, if any. */
  customPermission?: string;
  /** Words that select this user's permission sets by name, label or description, lower case. */
  permissionSetWords: string[];
}

const USER_SPECS: UserSpec[] = [
  {
    key: 'admin',
    firstName: 'Local',
    lastName: 'Admin',
    alias: 'ladmin',
    title: 'Salesforce Administrator',
    customPermission: 'Health_Score_Bypass_Rules',
    permissionSetWords: ['bypass'],
  },
  {
    key: 'job',
    firstName: 'Health Score',
    lastName: 'Job',
    alias: 'hsjob',
    title: 'Integration User',
    customPermission: 'Health_Score_Job',
    permissionSetWords: ['job'],
  },
  {
    key: 'ae',
    firstName: 'Avery',
    lastName: 'Account Executive',
    alias: 'avery',
    title: 'Account Executive',
    permissionSetWords: ['for aes', 'account executive', 'account_executive'],
  },
  {
    key: 'csm',
    firstName: 'Casey',
    lastName: 'Success Manager',
    alias: 'casey',
    title: 'Customer Success Manager',
    permissionSetWords: ['for csms', 'customer success', 'customer_success'],
  },
  {
    key: 'revops',
    firstName: 'Riley',
    lastName: 'Revenue Operations',
    alias: 'riley',
    title: 'Revenue Operations Analyst',
    permissionSetWords: ['for revops', 'revenue operations', 'revenue_operations'],
  },
  {
    key: 'inactive',
    firstName: 'Former',
    lastName: 'Employee',
    alias: 'former',
    title: 'Account Executive',
    permissionSetWords: [],
  },
];

interface StoredUser {
  key: UserKey | 'inactive';
  Id: string;
  Username: string;
  accessToken: string | null;
}

export interface UserSet {
  users: Record<UserKey, OrgUser>;
  inactiveUser: InactiveUser;
  /** User records to store in the org, one per user. */
  records: Record<string, unknown>[];
  /** Path of users.json, which contains the access tokens. */
  path: string;
}

interface PermissionSetInfo {
  name: string;
  label: string;
  description: string;
  customPermissions: string[];
}

function readPermissionSets(projectDir: string): PermissionSetInfo[] {
  const dir = join(projectDir, 'force-app', 'main', 'default', 'permissionsets');
  if (!existsSync(dir)) return [];
  const sets: PermissionSetInfo[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.permissionset-meta.xml')) continue;
    try {
      const xml = readMetadataFile(join(dir, file), 'PermissionSet');
      sets.push({
        name: file.slice(0, -'.permissionset-meta.xml'.length),
        label: textOf(xml, 'label') ?? '',
        description: textOf(xml, 'description') ?? '',
        customPermissions: listOf(xml, 'customPermissions')
          .filter((entry) => booleanOf(entry, 'enabled') !== false)
          .map((entry) => textOf(entry, 'name') ?? ''),
      });
    } catch {
      // A permission set that cannot be read grants nothing here; the deploy checks report it.
    }
  }
  return sets;
}

/** Picks a user's permission sets: by the custom permission they grant, else by their words. */
function permissionSetsFor(spec: UserSpec, sets: PermissionSetInfo[]): PermissionSetInfo[] {
  if (spec.customPermission !== undefined) {
    const granting = sets.filter((set) => set.customPermissions.includes(spec.customPermission!));
    if (granting.length > 0) return granting;
  }
  return sets.filter((set) => {
    const text = ` ${set.name} ${set.label} ${set.description} `.toLowerCase();
    return spec.permissionSetWords.some((word) => text.includes(word));
  });
}

/**
 * Reads users.json from the data folder, creating it with new Ids and tokens on first start.
 * `newUserId` returns a fresh User Id from the org.
 */
export function loadUsers(dataDir: string, projectDir: string, newUserId: () => string): UserSet {
  const path = join(dataDir, 'users.json');
  let stored: StoredUser[] = [];
  if (existsSync(path)) {
    stored = (JSON.parse(readFileSync(path, 'utf8')) as { users: StoredUser[] }).users;
  }
  let changed = false;
  for (const spec of USER_SPECS) {
    if (stored.some((user) => user.key === spec.key)) continue;
    stored.push({
      key: spec.key,
      Id: newUserId(),
      Username: `${spec.key}@health-score.local-org.invalid`,
      accessToken:
        spec.key === 'inactive' ? null : `00Dlocal!${randomBytes(24).toString('base64url')}`,
    });
    changed = true;
  }
  if (changed || !existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify({ users: stored }, null, 2)}\n`, { mode: 0o600 });
  }
  chmodSync(path, 0o600);

  const permissionSets = readPermissionSets(projectDir);
  const users = {} as Record<UserKey, OrgUser>;
  let inactiveUser: InactiveUser | undefined;
  const records: Record<string, unknown>[] = [];
  for (const spec of USER_SPECS) {
    const entry = stored.find((user) => user.key === spec.key) as StoredUser;
    const name = `${spec.firstName} ${spec.lastName}`;
    records.push({
      Id: entry.Id,
      Username: entry.Username,
      FirstName: spec.firstName,
      LastName: spec.lastName,
      Name: name,
      Email: entry.Username,
      Alias: spec.alias,
      Title: spec.title,
      IsActive: spec.key !== 'inactive',
      TimeZoneSidKey: 'GMT',
      LocaleSidKey: 'en_US',
      LanguageLocaleKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      UserType: 'Standard',
    });
    if (spec.key === 'inactive') {
      inactiveUser = { Id: entry.Id, Username: entry.Username, Name: name, IsActive: false };
      continue;
    }
    const sets = permissionSetsFor(spec, permissionSets);
    const customPermissions = new Set(sets.flatMap((set) => set.customPermissions));
    if (spec.customPermission !== undefined) customPermissions.add(spec.customPermission);
    users[spec.key] = {
      Id: entry.Id,
      Username: entry.Username,
      Name: name,
      IsActive: true,
      key: spec.key,
      accessToken: entry.accessToken as string,
      permissionSets: sets.map((set) => set.name),
      customPermissions: [...customPermissions].filter((permission) => permission !== ''),
    };
  }
  return { users, inactiveUser: inactiveUser as InactiveUser, records, path };
}
