import { parseTemplate } from '../../src/template/cfn-yaml';
import { readApplication } from '../../src/template/application';

/**
 * SAM's transform (aws-sam-translator 1.110) copies a WebSocketApi route's RouteResponseSelectionExpression
 * onto the AWS::ApiGatewayV2::Route it makes, and makes no RouteResponse: API Gateway then sends the
 * integration's answer nowhere. The runtime behaves the same, and says so at start.
 */
const SAM = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::WebSocketApi
    Properties:
      RouteSelectionExpression: $request.body.action
      Routes:
        echo: {FunctionArn: !GetAtt Fn.Arn, RouteResponseSelectionExpression: $default}
        plain: {FunctionArn: !GetAtt Fn.Arn}
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: nodejs20.x, Handler: a.handler, InlineCode: x}
`;

// What the transform makes of it (the integrations' URIs shortened to the function's Arn).
const TRANSLATED = `
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: Api, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}
  ApiEchoRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Api, RouteKey: echo, RouteResponseSelectionExpression: $default, Target: !Join [/, [integrations, !Ref ApiEchoIntegration]]}
  ApiEchoIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: {ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn}
  ApiPlainRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Api, RouteKey: plain, Target: !Join [/, [integrations, !Ref ApiPlainIntegration]]}
  ApiPlainIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: {ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn}
  ApiDefaultStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: {ApiId: !Ref Api, StageName: default, AutoDeploy: true}
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: nodejs20.x, Handler: index.handler, Code: {ZipFile: x}}
`;

describe('RouteResponseSelectionExpression on AWS::Serverless::WebSocketApi routes', () => {
  const sam = readApplication(parseTemplate(SAM));
  const translated = readApplication(parseTemplate(TRANSLATED));

  it('leaves the route one-way, as the template SAM generates does', () => {
    const twoWay = (app: typeof sam) =>
      Object.fromEntries([...app.webSocketApis[0]!.routes.values()].map((route) => [route.routeKey, route.twoWay]));
    expect(twoWay(sam)).toEqual({ echo: false, plain: false });
    expect(twoWay(sam)).toEqual(twoWay(translated));
  });

  it('says so at start instead of ignoring it without a word', () => {
    expect(sam.notices).toEqual([
      expect.stringMatching(
        /^Api route "echo": RouteResponseSelectionExpression without a RouteResponse .* one-way, as on AWS/,
      ),
    ]);
    expect(sam.unsupported).toEqual([]);
  });
});
