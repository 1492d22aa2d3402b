import globals from 'globals';
import tseslint from 'typescript-eslint';
import lwcPlugin from '@lwc/eslint-plugin-lwc';

// LWC rules that apply to every component and service module, whatever its template.
const lwcRules = {
  '@lwc/lwc/no-deprecated': 'error',
  '@lwc/lwc/valid-api': 'error',
  '@lwc/lwc/no-document-query': 'error',
  '@lwc/lwc/no-inner-html': 'error',
  '@lwc/lwc/no-async-operation': 'error',
  '@lwc/lwc/no-leaky-event-listeners': 'error',
  '@lwc/lwc/no-api-reassignments': 'error',
  '@lwc/lwc/valid-wire': 'error',
  '@lwc/lwc/no-unknown-wire-adapters': 'off',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      '.local-org/**',
      '.sfdx/**',
      '.sf/**',
      'force-app/main/default/lwc/*/*.js',
      'out/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['scripts/**/*.ts', '*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['force-app/main/default/lwc/**/*.ts'],
    ignores: ['force-app/main/default/lwc/**/__tests__/**'],
    languageOptions: { globals: globals.browser },
    plugins: { '@lwc/lwc': lwcPlugin },
    rules: lwcRules,
  },
  {
    files: ['force-app/main/default/lwc/**/__tests__/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.jest, ...globals.node } },
    plugins: { '@lwc/lwc': lwcPlugin },
    rules: {
      ...lwcRules,
      // Wire mocks' emit() trips this rule; the tests drive the adapters on purpose.
      '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off',
      // Tests feed deliberately mistyped values (text in a number field) to check rejections.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
