import { DETACHED_DEPLOYMENT } from '../../src/function-environment';
import { createResolver } from '../../src/resource-values';
import { parseTemplate } from '../../src/template/cfn-yaml';
import { readApplication } from '../../src/template/application';

// One resource of each kind the runtime emulates, written as public templates write them.
const TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Parameters:
  StageName: {Type: String, Default: prod}
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: values, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: {ApiId: !Ref Api, StageName: !Ref StageName}
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: connections
      StreamSpecification: {StreamViewType: NEW_IMAGE}
  Plain:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties: {FunctionName: on-connect, Runtime: nodejs20.x, Handler: a.handler}
  Layer:
    Type: AWS::Serverless::LayerVersion
    Properties: {LayerName: shared, ContentUri: layer/}
  Role:
    Type: AWS::IAM::Role
    Properties: {Path: /service/}
  Named:
    Type: AWS::IAM::Role
    Properties: {RoleName: named-role}
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: /app/logs}
  Queue:
    Type: AWS::SQS::Queue
`;

const app = readApplication(parseTemplate(TEMPLATE));
const resolver = createResolver(app, { StageName: 'prod' }, DETACHED_DEPLOYMENT);
const value = (expression: unknown) => resolver.resolve(expression);

describe("Ref and GetAtt of emulated resources give CloudFormation's documented values", () => {
  it('Stage → its name, so a function can post to https://{domain}/{stage}', () => {
    expect(value({ Ref: 'Stage' })).toBe('prod');
    expect(value({ 'Fn::Sub': 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}' })).toMatch(
      /^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/prod$/,
    );
  });

  it('Api → its id, ApiId and ApiEndpoint', () => {
    expect(value({ Ref: 'Api' })).toMatch(/^[a-z0-9]{10}$/);
    expect(value({ 'Fn::GetAtt': ['Api', 'ApiId'] })).toBe(value({ Ref: 'Api' }));
    expect(value({ 'Fn::GetAtt': ['Api', 'ApiEndpoint'] })).toBe('ws://127.0.0.1:1');
  });

  it('Table → name, Arn and StreamArn (only with a stream, as CloudFormation refuses it without)', () => {
    expect(value({ Ref: 'Table' })).toBe('connections');
    expect(value({ 'Fn::GetAtt': ['Table', 'Arn'] })).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/connections');
    expect(value({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).toMatch(
      /^arn:aws:dynamodb:us-east-1:000000000000:table\/connections\/stream\/\S+$/,
    );
    expect(() => value({ 'Fn::GetAtt': ['Plain', 'StreamArn'] })).toThrow('Cannot resolve GetAtt Plain.StreamArn');
  });

  it('Function → name and Arn; LayerVersion → its ARN', () => {
    expect(value({ Ref: 'Fn' })).toBe('on-connect');
    expect(value({ 'Fn::GetAtt': ['Fn', 'Arn'] })).toBe('arn:aws:lambda:us-east-1:000000000000:function:on-connect');
    expect(value({ Ref: 'Layer' })).toBe('arn:aws:lambda:us-east-1:000000000000:layer:shared:1');
  });

  it('Role → name and Arn (with its Path); LogGroup → name and Arn', () => {
    expect(value({ Ref: 'Named' })).toBe('named-role');
    expect(value({ 'Fn::GetAtt': ['Named', 'Arn'] })).toBe('arn:aws:iam::000000000000:role/named-role');
    expect(value({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe('arn:aws:iam::000000000000:role/service/local-Role');
    expect(value({ Ref: 'Logs' })).toBe('/app/logs');
    expect(value({ 'Fn::GetAtt': ['Logs', 'Arn'] })).toBe('arn:aws:logs:us-east-1:000000000000:log-group:/app/logs:*');
  });

  it('keeps stand-ins for what is not emulated', () => {
    expect(() => value({ Ref: 'Queue' })).toThrow('Cannot resolve Ref Queue');
    const lenient = resolver.withStandIns((_what, standIn) => standIn);
    expect(lenient.resolve({ Ref: 'Queue' })).toBe('Queue');
  });
});
