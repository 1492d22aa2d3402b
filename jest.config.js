// Jest configuration for the LWC unit tests, run by `npm run test:unit` (sfdx-lwc-jest).
// The base configuration transforms `.ts` with Babel's TypeScript preset before the LWC
// compiler, and resolves `c/<name>` to force-app/main/default/lwc/<name>/<name>.ts ahead of the
// compiled `.js` because `ts` comes first in moduleFileExtensions.
import sfdxLwcJest from '@salesforce/sfdx-lwc-jest/config.js';

const { jestConfig } = sfdxLwcJest;

export default {
  ...jestConfig,
  moduleFileExtensions: ['ts', 'js', 'html'],
  // Platform modules that sfdx-lwc-jest 7.9.0 ships no stub for.
  moduleNameMapper: {
    '^lightning/actions$':
      '<rootDir>/force-app/main/default/lwc/dealContextCapture/__tests__/mocks/lightningActions.ts',
  },
  testMatch: ['**/lwc/**/__tests__/**/*.test.{js,ts}'],
  setupFilesAfterEnv: [...jestConfig.setupFilesAfterEnv, '<rootDir>/jest.sa11y.setup.js'],
  // @lwc/jest-transformer does not instrument code for Babel coverage, which then reports 0 %;
  // V8 coverage needs no instrumentation.
  coverageProvider: 'v8',
  collectCoverageFrom: [
    'force-app/main/default/lwc/**/*.ts',
    '!force-app/main/default/lwc/**/__tests__/**',
    '!force-app/main/default/lwc/**/*.d.ts',
  ],
  testPathIgnorePatterns: [...jestConfig.testPathIgnorePatterns, '<rootDir>/.local-org/'],
  modulePathIgnorePatterns: ['<rootDir>/.local-org/'],
};
