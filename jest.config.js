/** Unit and template tests run anywhere; integration tests start the real local runtime. */
const runtimePackage = require('./packages/sam-websocket-local/jest.config.js');

const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: {
    // The layer's entries are its folders: the core, and one folder per subpath.
    '^@comments-websocket/shared$': '<rootDir>/layers/shared/src/core/index.ts',
    '^@comments-websocket/shared/([a-z]+)$': '<rootDir>/layers/shared/src/$1/index.ts',
    // The runtime package's source, through its public entry (the packed package ships a bundle).
    '^sam-websocket-local$': '<rootDir>/packages/sam-websocket-local/src/index.ts',
    // The runtime's parts the app uses as tools (not in the package's exports).
    '^sam-websocket-local/internal$': '<rootDir>/packages/sam-websocket-local/src/internal.ts',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10' }, diagnostics: false }],
  },
  setupFiles: ['<rootDir>/tests/setup-env.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // A budget that holds on a busy machine (a global option: projects cannot set it). Tests wait for
  // events; the timeout only caps a hang.
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...shared, displayName: 'template', testMatch: ['<rootDir>/tests/template/**/*.test.ts'] },
    { ...shared, displayName: 'build', testMatch: ['<rootDir>/tests/build/**/*.test.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.test.ts'] },
    // The runtime package's own suites (packages/sam-websocket-local/jest.config.js): runtime-unit,
    // runtime-integration, and package (the packed package, installed in a scratch folder).
    ...runtimePackage.projects.map((project) => ({
      ...project,
      displayName: project.displayName === 'package' ? 'package' : `runtime-${project.displayName}`,
    })),
    // Needs the schema files beside the repository (../shared/schemas); `npm run test:cross-check`.
    { ...shared, displayName: 'cross-check', testMatch: ['<rootDir>/tests/cross-check/**/*.test.ts'] },
    // Needs Debian's chromium; run by `npm run test:browser`, not by `npm test`.
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/tests/browser/**/*.test.ts'] },
  ],
};
