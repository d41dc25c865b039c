import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTemplate } from '../../src/project/find-template';
import { readProject } from '../../src/project/project';
import { readSamConfig } from '../../src/project/samconfig';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'project-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TEMPLATE =
  'Transform: AWS::Serverless-2016-10-31\nParameters:\n  Stage: {Type: String, Default: dev}\n  Origin: {Type: String, Default: none}\nResources: {}\n';

describe('finding the template', () => {
  it('takes template.yaml before template.yml, a named file as it is, and says what it looked for', () => {
    writeFileSync(join(dir, 'template.yml'), TEMPLATE);
    expect(findTemplate(undefined, dir)).toBe(join(dir, 'template.yml'));
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    expect(findTemplate(undefined, dir)).toBe(join(dir, 'template.yaml'));
    expect(findTemplate('template.yml', dir)).toBe(join(dir, 'template.yml'));
    expect(() => findTemplate('nowhere', dir)).toThrow(/No template at/);
    rmSync(join(dir, 'template.yaml'));
    rmSync(join(dir, 'template.yml'));
    expect(() => findTemplate(undefined, dir)).toThrow(
      /No template.yaml or template.yml or template.json in .*-t\/--template/,
    );
  });
});

describe('samconfig.toml', () => {
  it('reads the command section over the global one, for the default env unless told another', () => {
    writeFileSync(
      join(dir, 'samconfig.toml'),
      [
        'version = 0.1',
        '[default.global.parameters]',
        'region = "eu-west-1"',
        'parameter_overrides = "Stage=global Origin=\\"https://a.example https://b.example\\""',
        '[default.local_start_api.parameters]',
        'parameter_overrides = "Stage=local"',
        '[staging.local_start_api.parameters]',
        'parameter_overrides = ["Stage=staging", "Origin=https://s.example"]',
      ].join('\n'),
    );
    expect(readSamConfig(dir, 'local_start_api')).toEqual({
      region: 'eu-west-1',
      parameterOverrides: { Stage: 'local' },
    });
    expect(readSamConfig(dir, 'local_invoke').parameterOverrides).toEqual({
      Stage: 'global',
      Origin: 'https://a.example https://b.example',
    });
    expect(readSamConfig(dir, 'local_start_api', { configEnv: 'staging' }).parameterOverrides).toEqual({
      Stage: 'staging',
      Origin: 'https://s.example',
    });
    expect(() => readSamConfig(dir, 'local_start_api', { configEnv: 'prod' })).toThrow(/has no environment "prod"/);
  });

  it('is optional; the template defaults hold, and --parameter-overrides win over the file', () => {
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    expect(readProject({ template: dir }).parameters).toEqual({ Stage: 'dev', Origin: 'none' });
    writeFileSync(
      join(dir, 'samconfig.toml'),
      '[default.local_start_api.parameters]\nparameter_overrides = "Stage=file Origin=file"\n',
    );
    expect(readProject({ template: dir, parameterOverrides: { Stage: 'flag' } }).parameters).toEqual({
      Stage: 'flag',
      Origin: 'file',
    });
  });
});

describe("samconfig's warm_containers", () => {
  it('is read as SAM CLI spells it, for start only, and a value it does not take is refused naming the file and key', () => {
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'samconfig.toml'), '[default.global.parameters]\nwarm_containers = "EAGER"\n');
    expect(readProject({ template: dir }).warmContainers).toBe('EAGER');
    // A one-off invoke starts only the function it calls.
    expect(readProject({ template: dir, command: 'local_invoke' }).warmContainers).toBeUndefined();
    writeFileSync(join(dir, 'samconfig.toml'), '[default.local_start_api.parameters]\nwarm_containers = "ALWAYS"\n');
    expect(() => readSamConfig(dir, 'local_start_api')).toThrow(
      /samconfig\.toml: warm_containers must be EAGER or LAZY, not "ALWAYS"/,
    );
  });
});

describe('resources with a Condition', () => {
  it('are left out when the condition is false for the parameters given, as CloudFormation leaves them out', () => {
    writeFileSync(
      join(dir, 'template.yaml'),
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Parameters:',
        '  Stage: {Type: String, Default: dev}',
        'Conditions:',
        '  IsProd: !Equals [!Ref Stage, prod]',
        '  InEurope: !Equals [!Ref AWS::Region, eu-west-1]',
        'Resources:',
        '  Always: {Type: AWS::Serverless::Function, Properties: {Runtime: nodejs20.x, Handler: a.h, CodeUri: .}}',
        '  ProdOnly: {Type: AWS::Serverless::Function, Condition: IsProd, Properties: {Runtime: nodejs20.x, Handler: a.h, CodeUri: .}}',
        '  EuropeOnly: {Type: AWS::Serverless::Function, Condition: InEurope, Properties: {Runtime: nodejs20.x, Handler: a.h, CodeUri: .}}',
      ].join('\n'),
    );
    const ids = (options: Parameters<typeof readProject>[0]) => [...readProject(options).app.functions.keys()];
    expect(ids({ template: dir })).toEqual(['Always']);
    expect(ids({ template: dir, parameterOverrides: { Stage: 'prod' }, region: 'eu-west-1' })).toEqual([
      'Always',
      'ProdOnly',
      'EuropeOnly',
    ]);
  });
});
