/**
 * The package's own tests: unit tests of its parts, integration tests that start the real runtime on
 * the package's fixture projects, and the packed package as a user installs it. The repository's
 * jest.config.js runs these projects too.
 */
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10' }, diagnostics: false }],
  },
};

/** @type {import('jest').Config['projects']} */
const projects = [
  { ...shared, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
  { ...shared, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.test.ts'] },
  // `npm pack`, installed into a scratch folder, run in fixture SAM projects; slow.
  { ...shared, displayName: 'package', testMatch: ['<rootDir>/tests/package/**/*.test.ts'] },
];

/** @type {import('jest').Config} */
module.exports = {
  // Tests wait for events; the timeout only caps a hang (a global option: projects cannot set it).
  testTimeout: 60_000,
  projects,
};
