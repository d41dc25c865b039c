import { parseTemplate } from '../../src/template/cfn-yaml';
import { readApplication } from '../../src/template/application';

// The shape public projects write: URIs naming the functions by their literal FunctionName, as the
// deployed stack's own functions will be called, with and without an alias or version.
const TEMPLATE = `
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: refs, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: $connect
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref Authorizer
      Target: !Join [/, [integrations, !Ref ConnectIntegration]]
  ConnectIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:OnConnectFunction/invocations
  SendRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: send
      Target: !Join [/, [integrations, !Ref SendIntegration]]
  SendIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${AWS::StackName}-send:live/invocations
  OtherRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: other
      Target: !Join [/, [integrations, !Ref OtherIntegration]]
  OtherIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:someone-elses/invocations
  Authorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref Api
      Name: auth
      AuthorizerType: REQUEST
      IdentitySource: [route.request.querystring.token]
      AuthorizerUri: !Sub arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:AuthorizerFunction:3/invocations
  AuthorizerFunction:
    Type: AWS::Serverless::Function
    Properties: {FunctionName: AuthorizerFunction, Runtime: nodejs20.x, Handler: auth.handler, CodeUri: src/}
  OnConnectLogicalId:
    Type: AWS::Serverless::Function
    Properties: {FunctionName: OnConnectFunction, Runtime: nodejs20.x, Handler: connect.handler, CodeUri: src/}
  Send:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub \${AWS::StackName}-send
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/x
      Code: {ZipFile: 'exports.handler = async () => ({statusCode: 200})'}
`;

describe('function references written as ARNs with literal names', () => {
  const app = readApplication(parseTemplate(TEMPLATE));
  const api = app.webSocketApis[0]!;

  it('follow IntegrationUri to the function whose FunctionName the ARN spells, with or without a qualifier', () => {
    expect(api.routes.get('$connect')?.integration).toMatchObject({
      type: 'AWS_PROXY',
      functionId: 'OnConnectLogicalId',
    });
    expect(api.routes.get('send')?.integration).toMatchObject({ type: 'AWS_PROXY', functionId: 'Send' });
  });

  it('follow AuthorizerUri the same way', () => {
    expect(api.authorizer).toMatchObject({ name: 'Authorizer', functionId: 'AuthorizerFunction' });
  });

  it('still refuse, by name, an ARN of a function the template does not have', () => {
    expect(app.unsupported).toEqual([
      expect.stringMatching(
        /^OtherRoute \(route "other"\): .*AWS_PROXY to something other than a function of this template/,
      ),
    ]);
  });
});
