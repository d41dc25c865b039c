import { parameterValues } from '../../src/template/intrinsics';
import { parseTemplate } from '../../src/template/cfn-yaml';

// Declarations of the kinds CloudFormation checks, as public templates write them.
const TEMPLATE = parseTemplate(`
Parameters:
  Shards: {Type: Number, Default: 4, MinValue: 1, MaxValue: 256}
  Ratio: {Type: Number, Default: 0.5}
  Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Prefix: {Type: String, Default: app, MinLength: 2, MaxLength: 8, AllowedPattern: '[a-z][a-z0-9-]*'}
  Origins:
    Type: CommaDelimitedList
    Default: 'https://a.example,https://b.example'
    AllowedPattern: 'https://[^,]+'
    ConstraintDescription: each origin is an https URL
  Ports: {Type: List<Number>, Default: '80,443'}
Resources: {}
`);

const refusal = (overrides: Record<string, string>) => {
  try {
    parameterValues(TEMPLATE, overrides);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};

describe('template parameters checked as CloudFormation checks them', () => {
  it('takes the defaults and values within every constraint', () => {
    expect(parameterValues(TEMPLATE, { Shards: '256', Ratio: '-1.5e3', Prefix: 'a1-b', Ports: '1, 2' })).toMatchObject({
      Shards: '256',
      Ratio: '-1.5e3',
      Prefix: 'a1-b',
    });
  });

  it.each([
    [{ Shards: 'abc' }, `Parameter 'Shards' must be a number (given "abc")`],
    [{ Shards: '' }, `Parameter 'Shards' must be a number (given "")`],
    [{ Shards: '0' }, `Parameter 'Shards' must be a number not less than 1 (given "0")`],
    [{ Shards: '100000' }, `Parameter 'Shards' must be a number not greater than 256 (given "100000")`],
    [{ Stage: 'qa' }, `Parameter 'Stage' must be one of AllowedValues (dev, prod) (given "qa")`],
    [{ Prefix: 'a' }, `Parameter 'Prefix' must contain at least 2 characters (given "a")`],
    [{ Prefix: 'abcdefghi' }, `Parameter 'Prefix' must contain at most 8 characters (given "abcdefghi")`],
    [{ Prefix: 'App' }, `Parameter 'Prefix' must match pattern [a-z][a-z0-9-]* (given "App")`],
    [
      { Origins: 'https://a.example,http://b.example' },
      `Parameter 'Origins' failed to satisfy constraint: each origin is an https URL (must match pattern https://[^,]+; given "http://b.example")`,
    ],
    [{ Ports: '80,web' }, `Parameter 'Ports' must be a number (given "web")`],
  ])('refuses %j in one line naming the parameter', (overrides, message) => {
    expect(refusal(overrides)).toBe(message);
  });

  it('matches AllowedPattern against the whole value, as CloudFormation does', () => {
    expect(refusal({ Prefix: 'ab!' })).toMatch(/must match pattern/);
  });
});
