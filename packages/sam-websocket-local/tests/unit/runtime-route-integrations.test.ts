import { parseTemplate } from '../../src/template/cfn-yaml';
import { readApplication } from '../../src/template/application';

const template = (integration: string, extra = '') => `
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: Api, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}
  EchoRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Api, RouteKey: echo, Target: !Sub "integrations/\${EchoIntegration}"}
  EchoIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
${integration}
${extra}
  Fn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: fn, Runtime: nodejs20.x, Handler: index.handler, Code: {ZipFile: x}}
`;

const read = (integration: string, extra = '') => readApplication(parseTemplate(template(integration, extra)));

describe('routes read with their integration', () => {
  it('a Lambda proxy integration names its function and timeout (29 s unless the template says)', () => {
    const app = read(
      '      IntegrationType: AWS_PROXY\n      IntegrationUri: !GetAtt Fn.Arn\n      TimeoutInMillis: 5000',
    );
    expect(app.webSocketApis[0]!.routes.get('echo')!.integration).toEqual({
      type: 'AWS_PROXY',
      functionId: 'Fn',
      timeoutMs: 5000,
    });
  });

  it('a MOCK integration carries its templates and its integration responses', () => {
    const app = read(
      `      IntegrationType: MOCK
      TemplateSelectionExpression: \\$default
      RequestTemplates: {$default: '{"statusCode": 200}'}`,
      `  EchoIntegrationResponse:
    Type: AWS::ApiGatewayV2::IntegrationResponse
    Properties:
      ApiId: !Ref Api
      IntegrationId: !Ref EchoIntegration
      IntegrationResponseKey: /2\\d\\d/
      ResponseTemplates: {$default: '{"ok": true}'}`,
    );
    expect(app.unsupported).toEqual([]);
    expect(app.webSocketApis[0]!.routes.get('echo')!.integration).toEqual({
      type: 'MOCK',
      templateSelectionExpression: '\\$default',
      requestTemplates: { $default: '{"statusCode": 200}' },
      passthroughBehavior: 'WHEN_NO_MATCH',
      responses: [
        { key: '/2\\d\\d/', templateSelectionExpression: undefined, responseTemplates: { $default: '{"ok": true}' } },
      ],
      timeoutMs: 29_000,
    });
  });

  it('an AWS integration to a DynamoDB action keeps a !Sub template for the runtime to resolve', () => {
    const app = read(
      `      IntegrationType: AWS
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:dynamodb:action/PutItem
      RequestTemplates:
        $default: !Sub '{"TableName": "\${Fn}"}'`,
    );
    expect(app.unsupported).toEqual([]);
    expect(app.webSocketApis[0]!.routes.get('echo')!.integration).toMatchObject({
      type: 'AWS',
      service: 'dynamodb',
      action: 'PutItem',
      requestTemplates: { $default: { intrinsic: { 'Fn::Sub': '{"TableName": "${Fn}"}' } } },
    });
  });

  it("an AWS integration to Lambda's Invoke names the function (by ARN too) and the invocation type", () => {
    const sync = read(
      `      IntegrationType: AWS
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
      RequestTemplates: {application/json: '{"who": "$context.connectionId"}'}`,
    );
    expect(sync.unsupported).toEqual([]);
    expect(sync.webSocketApis[0]!.routes.get('echo')!.integration).toMatchObject({
      type: 'AWS',
      service: 'lambda',
      functionId: 'Fn',
      invocationType: 'RequestResponse',
      requestTemplates: { 'application/json': '{"who": "$context.connectionId"}' },
    });
    const queued = read(
      `      IntegrationType: AWS
      IntegrationUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn/invocations
      RequestParameters: {integration.request.header.X-Amz-Invocation-Type: "'Event'"}`,
    );
    expect(queued.webSocketApis[0]!.routes.get('echo')!.integration).toMatchObject({
      service: 'lambda',
      functionId: 'Fn',
      invocationType: 'Event',
    });
  });

  it.each([
    [
      'HTTP_PROXY',
      '      IntegrationType: HTTP_PROXY\n      IntegrationUri: https://backend.example',
      /is HTTP_PROXY; Lambda proxy \(AWS_PROXY\), MOCK and AWS integrations to Lambda or DynamoDB actions are emulated/,
    ],
    [
      'an AWS integration to another service (SQS)',
      "      IntegrationType: AWS\n      IntegrationUri: arn:aws:apigateway:us-east-1:sqs:path/1/q\n      RequestTemplates: {$default: 'x'}",
      /is AWS to sqs path\/1\/q; of AWS service integrations only Lambda functions of this template and DynamoDB actions/,
    ],
    [
      'an AWS integration whose URI is a Fn::Join (SQS)',
      "      IntegrationType: AWS\n      IntegrationUri: !Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ':sqs:path/', !Ref AWS::AccountId, '/q']]",
      /is AWS to sqs path\/\$\{…\}\/q; of AWS service integrations only Lambda functions/,
    ],
    [
      'a TimeoutInMillis above 29,000 ms',
      '      IntegrationType: AWS_PROXY\n      IntegrationUri: !GetAtt Fn.Arn\n      TimeoutInMillis: 30000',
      /is AWS_PROXY with TimeoutInMillis 30000: WebSocket APIs take 50 to 29000 ms/,
    ],
    [
      'a TimeoutInMillis below 50 ms',
      '      IntegrationType: MOCK\n      TimeoutInMillis: 10\n      RequestTemplates: {$default: \'{"statusCode": 200}\'}',
      /is MOCK with TimeoutInMillis 10: WebSocket APIs take 50 to 29000 ms/,
    ],
    [
      'an AWS integration to SNS with binary conversion, naming the service first',
      '      IntegrationType: AWS\n      IntegrationUri: arn:aws:apigateway:us-east-1:sns:action/Publish\n      ContentHandlingStrategy: CONVERT_TO_TEXT',
      /is AWS to sns action\/Publish; of AWS service integrations only/,
    ],
    [
      'binary conversion',
      '      IntegrationType: MOCK\n      ContentHandlingStrategy: CONVERT_TO_BINARY',
      /ContentHandlingStrategy/,
    ],
    [
      'a proxy with templates',
      "      IntegrationType: AWS_PROXY\n      IntegrationUri: !GetAtt Fn.Arn\n      RequestTemplates: {$default: 'x'}",
      /proxy integrations do not take/,
    ],
    [
      'a DynamoDB action not emulated',
      '      IntegrationType: AWS\n      IntegrationUri: arn:aws:apigateway:us-east-1:dynamodb:action/Scan',
      /is AWS to dynamodb action\/Scan; of AWS service integrations only Lambda functions of this template and DynamoDB actions \(PutItem, DeleteItem, GetItem, UpdateItem, Query\)/,
    ],
    [
      'an AWS integration to a function that is not in the template',
      '      IntegrationType: AWS\n      IntegrationUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:other/invocations',
      /is AWS to a Lambda function that is not one of this template/,
    ],
  ])('refuses %s by name at start', (_name, integration, reason) => {
    const app = read(integration);
    expect(app.webSocketApis[0]!.routes.has('echo')).toBe(false);
    expect(app.unsupported).toEqual([
      expect.stringMatching(/^EchoRoute \(route "echo"\): its integration EchoIntegration /),
    ]);
    expect(app.unsupported[0]).toMatch(reason);
  });
});
