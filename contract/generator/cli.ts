import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generateContract } from './generate';

const root = resolve(__dirname, '../..');

/**
 * `npm run contract` writes the generated contract files; `--check` writes nothing and fails, naming
 * each file that differs from what the layer's schemas generate now (the test of staleness).
 */
async function main(check: boolean) {
  const stale: string[] = [];
  for (const file of await generateContract(root)) {
    const target = join(root, file.path);
    if (check) {
      if (readOrNothing(target) !== file.content) stale.push(file.path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    console.log(`wrote ${file.path}`);
  }
  if (stale.length > 0) {
    console.error(`Stale: ${stale.join(', ')}; run \`npm run contract\` and commit the result`);
    process.exitCode = 1;
  }
}

function readOrNothing(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

main(process.argv.includes('--check')).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
