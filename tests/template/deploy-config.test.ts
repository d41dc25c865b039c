import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { parseParameterOverrides } from 'sam-websocket-local/internal';
import { loadTemplate, projectRoot } from '../support/template';

const samconfig = parse(readFileSync(join(projectRoot, 'samconfig.toml'), 'utf8')) as Record<
  string,
  Record<string, Record<string, Record<string, unknown>>>
>;
const fileFor = { default: 'dev', dev: 'dev', staging: 'staging', prod: 'prod' } as const;

describe.each(Object.entries(fileFor))('samconfig [%s]', (env, file) => {
  const deploy = samconfig[env]?.deploy?.parameters ?? {};
  const parameters = (
    JSON.parse(readFileSync(join(projectRoot, 'parameters', `${file}.json`), 'utf8')) as {
      Parameters: Record<string, string>;
    }
  ).Parameters;

  it('deploys with what a CI deploy needs', () => {
    expect(deploy).toMatchObject({
      resolve_s3: true,
      fail_on_empty_changeset: false,
      capabilities: expect.stringContaining('CAPABILITY_IAM'),
    });
    expect(deploy.stack_name).toMatch(/^comments-websocket-/);
    expect(typeof deploy.confirm_changeset).toBe('boolean');
    expect(samconfig[env]?.global?.parameters?.region).toBeDefined();
  });

  it(`overrides exactly the parameters in parameters/${file}.json`, () => {
    expect(parseParameterOverrides(String(deploy.parameter_overrides))).toEqual(parameters);
  });

  it('names only parameters the template declares, with allowed values', () => {
    const declared = loadTemplate().Parameters ?? {};
    for (const [name, value] of Object.entries(parameters)) {
      expect(declared).toHaveProperty(name);
      const allowed = declared[name]!.AllowedValues;
      if (allowed) expect(allowed).toContain(value);
    }
  });
});
