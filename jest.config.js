// Jest configuration for the LWC unit tests, run by `npm run test:unit` (sfdx-lwc-jest).
// The base configuration transforms `.ts` with Babel's TypeScript preset before the LWC
// compiler, and resolves `c/<name>` to force-app/main/default/lwc/<name>/<name>.ts ahead of the
// compiled `.js` because `ts` comes first in moduleFileExtensions.
import sfdxLwcJest from '@salesforce/sfdx-lwc-jest/config.js';

const { jestConfig } = sfdxLwcJest;

export default {
  ...jestConfig,
  moduleFileExtensions: ['ts', 'js', 'html'],
  testMatch: ['**/lwc/**/__tests__/**/*.test.{js,ts}'],
  testPathIgnorePatterns: [...jestConfig.testPathIgnorePatterns, '<rootDir>/.local-org/'],
  modulePathIgnorePatterns: ['<rootDir>/.local-org/'],
};
