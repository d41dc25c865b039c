import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI_COMMAND } from '../../src/runtime-process';

const run = promisify(execFile);
const [node, ...nodeArgs] = CLI_COMMAND as [string, ...string[]];
const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

/** The long names of the options a text names at the start of an entry: `--port`, `--no-watch`, … */
const optionNames = (entries: string[]) =>
  [...new Set(entries.flatMap((entry) => entry.match(/--[a-z][a-z-]*/g) ?? []))].sort();

describe("the runtime package's README", () => {
  it('lists exactly the options --help lists', async () => {
    const { stdout } = await run(node, [...nodeArgs, '--help']);
    const options = stdout.slice(
      stdout.indexOf('\noptions:'),
      stdout.indexOf('\n\n', stdout.indexOf('\noptions:') + 1),
    );
    // An option's entry starts its line, after two spaces; continuation lines are indented further.
    const helpEntries = options
      .split('\n')
      .filter((line) => /^ {2}-/.test(line))
      .map((line) => line.trim().split(/ {2,}/)[0]!);
    const section = readme.slice(
      readme.indexOf('## Options'),
      readme.indexOf('\n## ', readme.indexOf('## Options') + 1),
    );
    const readmeEntries = section
      .split('\n')
      .filter((line) => line.startsWith('| `-'))
      .map((line) => line.split('|')[1]!);
    expect(helpEntries.length).toBeGreaterThan(20);
    expect(optionNames(readmeEntries)).toEqual(optionNames(helpEntries));
  });

  it("says the banner's host (localhost) and documents PORT", () => {
    expect(readme).toContain('ws://localhost:3001/<stage>');
    expect(readme).not.toContain('ws://127.0.0.1:3001');
    expect(readme).toMatch(/`PORT`/);
  });
});
