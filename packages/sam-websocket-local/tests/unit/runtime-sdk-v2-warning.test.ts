import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionSpec } from '../../src/template/application';
import { sdkV2Warning } from '../../src/runtime/lambda/sdk-v2-warning';

/** A handler that loads the SDK v2 is named at start, saying whether Lambda would have had it. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sdk-v2-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fn = (runtime: string) => ({ logicalId: 'OnConnect', runtime }) as FunctionSpec;
const handler = (source: string) => {
  writeFileSync(join(dir, 'onconnect.js'), source);
  return join(dir, 'onconnect');
};

it('says a nodejs18.x-or-later function loading aws-sdk fails on AWS too (its runtime has only v3)', () => {
  const entry = handler("const AWS = require('aws-sdk');\nexports.handler = async () => ({ statusCode: 200 });");
  expect(sdkV2Warning(fn('nodejs24.x'), entry)).toMatch(
    /^OnConnect: loads aws-sdk \(the SDK v2\), which Lambda's nodejs24.x does not include either: it fails on AWS as here/,
  );
});

it('says a nodejs16.x function needs aws-sdk installed here (Lambda had it built in)', () => {
  const entry = handler("import AWS from 'aws-sdk';\nexport const handler = async () => {};");
  expect(sdkV2Warning(fn('nodejs16.x'), entry)).toMatch(
    /^OnConnect: loads aws-sdk \(the SDK v2\), which Lambda's nodejs16.x includes but this runtime does not: install it/,
  );
});

it('says nothing when aws-sdk is installed where the code finds it, or when the code uses the SDK v3', () => {
  mkdirSync(join(dir, 'node_modules', 'aws-sdk'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'aws-sdk', 'package.json'), '{"name": "aws-sdk"}');
  expect(sdkV2Warning(fn('nodejs16.x'), handler("require('aws-sdk')"))).toBeUndefined();
  rmSync(join(dir, 'node_modules'), { recursive: true });
  expect(
    sdkV2Warning(fn('nodejs20.x'), handler("const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');")),
  ).toBeUndefined();
});
