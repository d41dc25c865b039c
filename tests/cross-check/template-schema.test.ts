import { SchemaChecker, schemasAvailable, schemasDir } from '../support/template-checks/schema-check';
import { loadTemplate, projectRoot } from '../support/template';

// A cross-check against the SAM JSON schema and cfn-lint's provider schemas kept beside the
// repository (../shared/schemas or SAM_SCHEMAS_DIR); `npm test` validates with the npm-installed
// specification alone (tests/template/template-spec.test.ts).

const dir = schemasDir(projectRoot);

describe('template.yaml against the SAM and CloudFormation schemas', () => {
  if (!schemasAvailable(dir)) {
    it(`needs the schema files: none at ${dir} (set SAM_SCHEMAS_DIR to the folder holding sam.schema.json)`, () => {
      throw new Error(`The JSON schemas are not at ${dir}; template validation did not run`);
    });
    return;
  }
  const checker = new SchemaChecker(dir);

  it('is valid as written', () => {
    expect(checker.check(loadTemplate())).toEqual([]);
  });

  it('rejects a misspelled property of a SAM function', () => {
    const template = loadTemplate();
    template.Resources.ConnectFunction!.Properties!.Runtim = 'nodejs24.x';
    expect(checker.check(template)).toEqual([
      expect.stringContaining("ConnectFunction/Properties: must NOT have additional properties 'Runtim'"),
    ]);
  });

  it('rejects a misspelled property of a CloudFormation resource', () => {
    const template = loadTemplate();
    template.Resources.SubscribeRoute!.Properties!.RouteKy = 'subscribe';
    expect(checker.check(template)).toEqual([
      expect.stringContaining("SubscribeRoute.Properties: must NOT have additional properties 'RouteKy'"),
    ]);
  });

  it('rejects a wrong value type and an unknown resource type', () => {
    const template = loadTemplate();
    template.Resources.WebSocketApi!.Properties!.ProtocolType = ['WEBSOCKET'];
    template.Resources.Extra = { Type: 'AWS::ApiGatewayV2::Rout', Properties: {} };
    const problems = checker.check(template);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('WebSocketApi.Properties/ProtocolType'),
        'Extra: unknown resource type AWS::ApiGatewayV2::Rout',
      ]),
    );
  });

  it('rejects an unknown key in Globals', () => {
    const template = loadTemplate();
    template.Globals!.Function!.Runtime = 'nodejs24.x';
    (template.Globals!.Function as Record<string, unknown>).Timout = 3;
    expect(checker.check(template)).toEqual([expect.stringContaining("'Timout'")]);
  });
});
