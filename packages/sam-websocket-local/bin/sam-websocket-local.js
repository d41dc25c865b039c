#!/usr/bin/env node
// The packed package runs its bundle; a checkout of the repository runs the TypeScript source.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli.js');
if (existsSync(bundle)) require(bundle);
else {
  require('tsx/cjs');
  require(join(__dirname, '..', 'src', 'cli.ts'));
}
