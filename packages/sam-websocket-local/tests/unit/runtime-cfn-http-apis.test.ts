import { parseTemplate } from '../../src/template/cfn-yaml';
import { readApplication } from '../../src/template/application';

const api = (routes: string, stage = true) => `
Resources:
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: http, ProtocolType: HTTP}
${stage ? '  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties: {ApiId: !Ref Http, StageName: $default}\n' : ''}
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: nodejs20.x, Handler: a.handler, CodeUri: src/}
${routes}`;

const route = (id: string, key: string, integration: string, extra = '') => `
  ${id}:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Http, RouteKey: '${key}', Target: !Sub 'integrations/\${${integration}}'${extra}}`;

const proxy = (id: string, format?: string, type = 'AWS_PROXY') => `
  ${id}:
    Type: AWS::ApiGatewayV2::Integration
    Properties: {ApiId: !Ref Http, IntegrationType: ${type}, IntegrationUri: !GetAtt Fn.Arn${format ? `, PayloadFormatVersion: '${format}'` : ''}}`;

describe('plain CloudFormation HTTP APIs', () => {
  it('serve each Lambda proxy route on the stage, as SAM HttpApi events', () => {
    const app = readApplication(
      parseTemplate(api(route('Get', 'GET /items/{id}', 'I', '') + route('Any', '$default', 'I') + proxy('I', '2.0'))),
    );
    expect(app.httpEvents).toEqual([
      expect.objectContaining({
        apiId: 'Http',
        functionId: 'Fn',
        method: 'GET',
        path: '/items/{id}',
        stageName: '$default',
      }),
      expect.objectContaining({ method: 'ANY', path: '$default', payloadFormatVersion: '2.0' }),
    ]);
    expect(app.unsupported).toEqual([]);
  });

  it.each([
    [route('Get', 'GET /a', 'I') + proxy('I'), /Fn event Get: HttpApi payload format 1\.0 \(2\.0 is emulated\)/],
    [
      route('Get', 'GET /a', 'I') + proxy('I', '2.0', 'HTTP_PROXY'),
      /^Get \(HTTP API route "GET \/a"\): its integration I is HTTP_PROXY/,
    ],
    [
      route('Get', 'GET /a', 'I', ', AuthorizationType: JWT') + proxy('I', '2.0'),
      /Fn event Get: authorizer JWT authorizer/,
    ],
  ])('refuse by name what they cannot serve (%#)', (routes, message) => {
    expect(readApplication(parseTemplate(api(routes))).unsupported).toEqual([expect.stringMatching(message)]);
  });

  it('refuse routes no stage deploys rather than drop them', () => {
    const app = readApplication(parseTemplate(api(route('Get', 'GET /a', 'I') + proxy('I', '2.0'), false)));
    expect(app.unsupported).toEqual([
      'Http (HTTP API): no AWS::ApiGatewayV2::Stage deploys its routes, so none is served',
    ]);
  });
});
