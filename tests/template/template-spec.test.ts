import { SpecChecker } from '../support/template-checks/spec-check';
import { loadTemplate } from '../support/template';

let checker: SpecChecker;
beforeAll(async () => {
  checker = await SpecChecker.load();
}, 60_000);

describe("template.yaml against AWS's resource specification (installed by npm ci)", () => {
  it('is valid as written', () => {
    expect(checker.check(loadTemplate())).toEqual([]);
  });

  it('rejects a misspelled property of a SAM function', () => {
    const template = loadTemplate();
    template.Resources.ConnectFunction!.Properties!.Runtim = 'nodejs24.x';
    expect(checker.check(template)).toEqual(["ConnectFunction.Properties: unknown property 'Runtim'"]);
  });

  it('rejects a misspelled property of a CloudFormation resource', () => {
    const template = loadTemplate();
    const route = template.Resources.SubscribeRoute!.Properties!;
    route.RouteKy = route.RouteKey;
    delete route.RouteKey;
    expect(checker.check(template)).toEqual([
      "SubscribeRoute.Properties: missing required property 'RouteKey'",
      "SubscribeRoute.Properties: unknown property 'RouteKy'",
    ]);
  });

  it('rejects a wrong value type, deep inside a property too, and an unknown resource type', () => {
    const template = loadTemplate();
    template.Resources.WebSocketApi!.Properties!.ProtocolType = ['WEBSOCKET'];
    (template.Resources.ConnectionsTable!.Properties!.TimeToLiveSpecification as Record<string, unknown>).Enabled =
      'sometimes';
    template.Resources.Extra = { Type: 'AWS::ApiGatewayV2::Rout', Properties: {} };
    expect(checker.check(template)).toEqual(
      expect.arrayContaining([
        'WebSocketApi.Properties.ProtocolType: expected a string, got a list',
        'ConnectionsTable.Properties.TimeToLiveSpecification.Enabled: expected true or false, got string',
        'Extra: unknown resource type AWS::ApiGatewayV2::Rout',
      ]),
    );
  });

  it('rejects an unknown key in Globals', () => {
    const template = loadTemplate();
    (template.Globals!.Function as Record<string, unknown>).Timout = 3;
    expect(checker.check(template)).toEqual(["Globals.Function: unknown property 'Timout'"]);
  });
});
