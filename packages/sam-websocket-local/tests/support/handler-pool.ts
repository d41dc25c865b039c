import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { FunctionPool, type PoolOptions } from '../../src/runtime/lambda/function-pool';

/** A fresh folder holding `index.js` with `source`: a Node handler for `handlerPool`. */
export function handlerFolder(prefix: string, source: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  writeFileSync(join(dir, 'index.js'), source);
  return dir;
}

/** The instances of the handler in `dir` (`index.handler`), with no runtime around them. */
export function handlerPool(dir: string, options: Partial<PoolOptions> & Pick<PoolOptions, 'maxInstances'>) {
  return new FunctionPool({
    logicalId: 'Fn',
    functionName: 'fn',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
    timeoutSeconds: 30,
    memoryMb: 128,
    instanceOptions: () => ({
      location: { language: 'node', entryBase: join(dir, 'index'), handlerName: 'handler', modulePaths: [] },
      redirect: { runtime: '127.0.0.1:9', dynamodb: '127.0.0.1:9' },
      env: {},
      memoryMb: 128,
      output: new PassThrough(),
    }),
    ...options,
  });
}
