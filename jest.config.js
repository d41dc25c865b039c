/** Unit and template tests run anywhere; integration tests start the real local runtime. */
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@comments-websocket/shared$': '<rootDir>/layers/shared/src/index.ts',
    '^@comments-websocket/shared/(store|invoke|messages|broadcast|auth)$': '<rootDir>/layers/shared/src/$1.ts',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10' }, diagnostics: false }] },
  setupFiles: ['<rootDir>/tests/setup-env.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...shared, displayName: 'template', testMatch: ['<rootDir>/tests/template/**/*.test.ts'] },
    // Budgets that hold on a busy machine: these tests wait for events, and the timeout only caps a hang.
    { ...shared, displayName: 'build', testMatch: ['<rootDir>/tests/build/**/*.test.ts'], testTimeout: 60_000 },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.test.ts'], testTimeout: 60_000 },
    // Needs the schema files beside the repository (../shared/schemas); `npm run test:cross-check`.
    { ...shared, displayName: 'cross-check', testMatch: ['<rootDir>/tests/cross-check/**/*.test.ts'] },
    // Needs Debian's chromium; run by `npm run test:browser`, not by `npm test`.
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/tests/browser/**/*.test.ts'] },
  ],
};
