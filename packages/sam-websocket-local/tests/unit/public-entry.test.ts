import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as entry from '../../src/index';

const packageRoot = join(__dirname, '..', '..');

/** Every name the entry exports, types included, as a consumer's compiler sees them. */
function exportedNames(): string[] {
  const file = join(packageRoot, 'src', 'index.ts');
  const program = ts.createProgram([file], { strict: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker
    .getExportsOfModule(module)
    .map((symbol) => symbol.name)
    .sort();
}

/** The names the README's "From code" table documents (in its first column). */
function documentedNames(): string[] {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## From code'),
    readme.indexOf('\n## ', readme.indexOf('## From code') + 1),
  );
  const firstColumns = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|')[1]!);
  const names = firstColumns.flatMap((cell) => [...cell.matchAll(/`([A-Za-z]+)/g)].map((match) => match[1]!));
  // A return type named in a row (`startLocalStack(options)` → `LocalStack`) and the options named in its text.
  const texts = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[2]!.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((match) => match[1]!));
  return [...new Set([...names, ...texts])].sort();
}

describe("the package's public entry", () => {
  it('exports at run time only what starts a stack and where its log goes', () => {
    expect(Object.keys(entry).sort()).toEqual(['consoleLog', 'silentLog', 'startLocalStack', 'startRuntimeProcess']);
  });

  it('exports exactly the names its README documents, types included', () => {
    expect(exportedNames()).toEqual(documentedNames());
  }, 60_000);
});
