import { DETACHED_DEPLOYMENT, functionEnvironment } from '../../src/function-environment';
import { createResolver } from '../../src/resource-values';
import { parameterValues } from '../../src/template/intrinsics';
import { parseTemplate } from '../../src/template/cfn-yaml';
import { readApplication } from '../../src/template/application';

// The shapes public SAM projects use in function variables: a Cognito pool the runtime does not emulate, another
// stack's export, a mapping per stage, a variable that exists only under a condition.
const TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Mappings:
  StageConfig:
    dev: {LogLevel: DEBUG}
    prod: {LogLevel: WARN}
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
  Topic:
    Type: AWS::SNS::Topic
  Connections:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub connections-\${Stage}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: src/
      Environment:
        Variables:
          TABLE: !Ref Connections
          POOL_ID: !Ref Pool
          TOPIC_ARN: !GetAtt Topic.TopicArn
          SHARED: !ImportValue shared-bus-arn
          LOG_LEVEL: !FindInMap [StageConfig, !Ref Stage, LogLevel]
          ONLY_IN_PROD: !If [IsProd, yes, !Ref AWS::NoValue]
          GREETING: !Base64 hello
`;

function environmentOf(parameters: Record<string, string> = {}) {
  const template = parseTemplate(TEMPLATE);
  const app = readApplication(template);
  const resolver = createResolver(app, parameterValues(template, parameters), DETACHED_DEPLOYMENT);
  const warnings: string[] = [];
  const env = functionEnvironment(app, app.functions.get('Fn')!, resolver, DETACHED_DEPLOYMENT, (variable, message) =>
    warnings.push(`${variable}|${message}`),
  );
  return { env, warnings, resolver };
}

describe('function variables that name what the runtime does not emulate', () => {
  it('get the logical id, as SAM CLI gives it, and a warning naming the variable and --env-vars', () => {
    const { env, warnings } = environmentOf();
    expect(env.TABLE).toBe('connections-dev');
    expect(env.POOL_ID).toBe('Pool');
    expect(env.TOPIC_ARN).toBe('Topic');
    expect(env.SHARED).toBe('shared-bus-arn');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^POOL_ID\|Fn: POOL_ID refers to Pool \(AWS::Cognito::UserPool\).*--env-vars/);
    expect(warnings[1]).toMatch(/^TOPIC_ARN\|.*Topic\.TopicArn \(AWS::SNS::Topic\)/);
    expect(warnings[2]).toMatch(/^SHARED\|.*the export shared-bus-arn of another stack/);
  });

  it('read Mappings, Base64 and AWS::NoValue as CloudFormation does', () => {
    const dev = environmentOf().env;
    expect(dev.LOG_LEVEL).toBe('DEBUG');
    expect(dev.GREETING).toBe(Buffer.from('hello').toString('base64'));
    expect('ONLY_IN_PROD' in dev).toBe(false);
    const prod = environmentOf({ Stage: 'prod' }).env;
    expect(prod.LOG_LEVEL).toBe('WARN');
    expect(prod.ONLY_IN_PROD).toBe('yes');
  });

  it('stay refused where a stand-in would change what the runtime does (routes, tables, names)', () => {
    const { resolver } = environmentOf();
    expect(() => resolver.resolve({ Ref: 'Pool' })).toThrow(/Cannot resolve Ref Pool locally/);
    expect(() => resolver.resolve({ 'Fn::ImportValue': 'x' })).toThrow(/Cannot resolve Fn::ImportValue x/);
    expect(() => resolver.resolve({ Ref: 'Nowhere' })).toThrow(/Cannot resolve Ref Nowhere/);
    expect(() => resolver.resolve({ 'Fn::FindInMap': ['StageConfig', 'qa', 'LogLevel'] })).toThrow(
      /Mappings have no StageConfig\.qa\.LogLevel/,
    );
  });
});
