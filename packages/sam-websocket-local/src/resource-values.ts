import { createHash } from 'node:crypto';
import type { Application } from './template/application';
import { IntrinsicResolver, type LocalResolution } from './template/intrinsics';

/** Where the local stack lives; everything a template value can resolve to locally derives from this. */
export interface LocalDeployment {
  host: string;
  port: number;
  region: string;
  accountId: string;
  stackName: string;
  dynamodbEndpoint: string;
}

/** The account every local ARN names. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** What the runtime gives every function as its credentials (Lambda gives each its role's). */
export const FUNCTION_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A stable, AWS-looking id (10 lowercase alphanumerics) for an API of the template. */
export function localApiId(logicalId: string): string {
  return createHash('sha256')
    .update(logicalId)
    .digest('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 10)
    .padEnd(10, '0');
}

export function tableName(app: Application, resolver: IntrinsicResolver, logicalId: string): string {
  const name = app.tables.get(logicalId)?.properties.TableName;
  return name === undefined ? logicalId : String(resolver.resolve(name));
}

const API_TYPES = new Set([
  'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::Api',
  'AWS::Serverless::WebSocketApi',
  'AWS::Serverless::HttpApi',
]);
const webSocketTypes = new Set(['AWS::ApiGatewayV2::Api', 'AWS::Serverless::WebSocketApi']);
const TABLE_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::Serverless::SimpleTable']);
const LAYER_TYPES = new Set(['AWS::Serverless::LayerVersion', 'AWS::Lambda::LayerVersion']);

/** How one resource's Ref and GetAtt read locally; undefined where the value is not emulated. */
interface ResourceValues {
  ref?: string;
  attributes: Record<string, string | undefined>;
}

/**
 * The values CloudFormation documents for the resources the runtime emulates: a table's name, Arn and
 * StreamArn; a function's name and Arn; an API's id and endpoint; a stage's name; a layer version's
 * ARN; a role's name and Arn; a log group's name and Arn. Others get the resolver's stand-ins.
 */
export function createResolver(
  app: Application,
  parameters: Record<string, string>,
  deployment: LocalDeployment,
): IntrinsicResolver {
  const arn = (service: string, resource: string, region = deployment.region) =>
    `arn:aws:${service}:${region}:${deployment.accountId}:${resource}`;
  const given = (id: string, property: string, otherwise: string) => {
    const value = app.template.Resources[id]?.Properties?.[property];
    return value === undefined ? otherwise : String(resolver.resolve(value));
  };
  const generated = (id: string) => `${deployment.stackName}-${id}`;
  const valuesOf = (id: string): ResourceValues | undefined => {
    // The APIs SAM makes for events that name none.
    if (id === 'ServerlessRestApi' || id === 'ServerlessHttpApi') return { ref: localApiId(id), attributes: {} };
    const resource = app.template.Resources[id];
    const type = resource?.Type ?? '';
    if (TABLE_TYPES.has(type)) {
      const table = arn('dynamodb', `table/${tableName(app, resolver, id)}`);
      const streams = resource?.Properties?.StreamSpecification !== undefined;
      return {
        ref: tableName(app, resolver, id),
        attributes: { Arn: table, StreamArn: streams ? `${table}/stream/1970-01-01T00:00:00.000` : undefined },
      };
    }
    if (app.functions.has(id)) {
      const name = functionName(app, resolver, deployment, id);
      return { ref: name, attributes: { Arn: arn('lambda', `function:${name}`) } };
    }
    if (API_TYPES.has(type)) {
      const endpoint = `${webSocketTypes.has(type) ? 'ws' : 'http'}://${deployment.host}:${deployment.port}`;
      // Locally every API and the @connections API share the runtime's one port.
      return {
        ref: localApiId(id),
        attributes: { ApiId: localApiId(id), ApiEndpoint: endpoint, RootResourceId: 'root' },
      };
    }
    if (type === 'AWS::ApiGatewayV2::Stage') return { ref: given(id, 'StageName', id), attributes: {} };
    if (LAYER_TYPES.has(type)) {
      const layer = arn('lambda', `layer:${given(id, 'LayerName', generated(id))}:1`);
      return { ref: layer, attributes: { LayerVersionArn: layer } };
    }
    if (type === 'AWS::IAM::Role') {
      const name = given(id, 'RoleName', generated(id));
      return {
        ref: name,
        attributes: {
          Arn: `arn:aws:iam::${deployment.accountId}:role${given(id, 'Path', '/')}${name}`,
          RoleId: `AROA${localApiId(id).toUpperCase()}`,
        },
      };
    }
    if (type === 'AWS::Logs::LogGroup') {
      const name = given(id, 'LogGroupName', generated(id));
      // CloudFormation's Arn of a log group ends in `:*`.
      return { ref: name, attributes: { Arn: arn('logs', `log-group:${name}:*`) } };
    }
    return undefined;
  };
  const local: LocalResolution = {
    parameters,
    pseudo: {
      'AWS::Region': deployment.region,
      'AWS::AccountId': deployment.accountId,
      'AWS::Partition': 'aws',
      'AWS::StackName': deployment.stackName,
      'AWS::StackId': arn('cloudformation', `stack/${deployment.stackName}/local`),
      'AWS::URLSuffix': 'amazonaws.com',
    },
    ref: (id) => valuesOf(id)?.ref,
    getAtt: (id, attribute) => valuesOf(id)?.attributes[attribute],
  };
  // The closures above run only after this line, when resolving.
  const resolver = new IntrinsicResolver(app.template, local);
  return resolver;
}

/** The function's FunctionName when the template sets one, else a CloudFormation-like `<stack>-<LogicalId>`. */
export function functionName(
  app: Application,
  resolver: IntrinsicResolver,
  deployment: LocalDeployment,
  logicalId: string,
): string {
  const given = app.functions.get(logicalId)?.functionName;
  return given === undefined ? `${deployment.stackName}-${logicalId}` : String(resolver.resolve(given));
}
