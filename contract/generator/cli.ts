import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generateContract } from './generate';

/** `npm run contract`: writes the generated contract files (JSON Schema, AsyncAPI, OpenAPI, TS and Python types). */
async function main() {
  const root = resolve(__dirname, '../..');
  for (const file of await generateContract(root)) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.content);
    console.log(`wrote ${file.path}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
