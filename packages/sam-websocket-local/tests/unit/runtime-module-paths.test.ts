import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { FunctionPool } from '../../src/runtime/lambda/function-pool';
import { mayNeedModulePaths } from '../../src/runtime/lambda/node/module-paths-registration';

/**
 * A package only on the module paths (a layer's nodejs/node_modules), and an ES module at that: as
 * on Lambda, `import` of it by name resolves only through the instance's module-paths hook, which
 * an instance now starts the first time one of its modules may need it.
 */
let work: string;
const layerModules = () => join(work, 'layer', 'nodejs', 'node_modules');

function write(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

// Whether this thread registered resolution hooks (register() loads Node's hook machinery).
const HOOKS = `process.moduleLoadList.includes('NativeModule internal/modules/esm/hooks')`;

const HANDLERS: Record<string, Record<string, string>> = {
  'plain-cjs': { 'index.js': `exports.handler = async () => ({ value: 'plain', hooks: ${HOOKS} });` },
  'builtin-import': {
    'index.js': `exports.handler = async () => ({ value: typeof (await import('node:os')).cpus, hooks: ${HOOKS} });`,
  },
  'dynamic-import': {
    'index.js': `exports.handler = async () => ({ value: (await import('layer-esm')).value, hooks: ${HOOKS} });`,
  },
  'esm-handler': {
    'package.json': '{ "type": "module" }',
    'index.js': `import { value } from 'layer-esm';\nexport const handler = async () => ({ value, hooks: ${HOOKS} });`,
  },
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'module-paths-'));
  write(
    join(layerModules(), 'layer-esm', 'package.json'),
    '{ "name": "layer-esm", "type": "module", "main": "index.js" }',
  );
  write(join(layerModules(), 'layer-esm', 'index.js'), `export const value = 'from the layer';\n`);
  for (const [name, files] of Object.entries(HANDLERS))
    for (const [file, text] of Object.entries(files)) write(join(work, name, file), text);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function invokeOnce(name: string) {
  const pool = new FunctionPool({
    logicalId: 'Fn',
    functionName: 'fn',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
    timeoutSeconds: 30,
    memoryMb: 128,
    maxInstances: 1,
    instanceOptions: () => ({
      location: {
        language: 'node',
        entryBase: join(work, name, 'index'),
        handlerName: 'handler',
        modulePaths: [layerModules()],
      },
      redirect: { runtime: '127.0.0.1:9', dynamodb: '127.0.0.1:9' },
      env: {},
      memoryMb: 128,
      output: new PassThrough(),
    }),
  });
  try {
    return (await pool.invoke({})).outcome;
  } finally {
    await pool.close();
  }
}

describe('an instance starts the module-paths hook only when its modules may import by name', () => {
  it.each([
    ['plain-cjs', 'plain', false],
    ['builtin-import', 'function', false],
    ['dynamic-import', 'from the layer', true],
    ['esm-handler', 'from the layer', true],
  ])('%s answers %j, hooks started: %j', async (name, value, hooks) => {
    expect(await invokeOnce(name)).toMatchObject({ ok: true, result: { value, hooks } });
  });
});

describe('mayNeedModulePaths', () => {
  it.each([
    ['module.exports = 1;', false],
    ['const x = __importDefault(require("y"));', false],
    ['await import("node:async_hooks")', false],
    ["await import ( 'node:fs' )", false],
    ['await import("pkg")', true],
    ['await import("./local.mjs")', true],
    ['await import(name)', true],
    ['import { a } from "pkg";', true],
    ['new Function("s", "return import(s)")', true],
    ['// import this from a layer', true],
  ])('%s -> %j', (source, expected) => {
    expect(mayNeedModulePaths(source)).toBe(expected);
  });
});
