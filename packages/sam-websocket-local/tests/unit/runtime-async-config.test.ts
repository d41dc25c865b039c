import { DETACHED_DEPLOYMENT } from '../../src/function-environment';
import { createResolver } from '../../src/resource-values';
import { parseTemplate } from '../../src/template/cfn-yaml';
import { readApplication } from '../../src/template/application';
import { asyncInvokeConfigs, deadLetterNotices } from '../../src/template/async-config';
import { loggingSettings } from '../../src/template/logging-config';
import { parseCrashOrder } from '../../src/runtime/lambda/crash-plan';
import { runtimeMismatches } from '../../src/runtime/lambda/runtime-versions';

const FUNCTIONS = `
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      FunctionName: !Sub \${AWS::StackName}-worker
      InlineCode: 'exports.handler = async () => 1'
  Sink:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/fixture
      Code: {ZipFile: 'exports.handler = async () => 1'}
`;

function configsOf(resources: string, parameters: Record<string, string> = {}) {
  const template = parseTemplate(`Transform: AWS::Serverless-2016-10-31
Parameters:
  Retries: {Type: Number, Default: 1}
Resources:${FUNCTIONS}${resources}`);
  const app = readApplication(template);
  return asyncInvokeConfigs(app, createResolver(app, { Retries: '1', ...parameters }, DETACHED_DEPLOYMENT));
}

describe('EventInvokeConfig', () => {
  it("reads SAM's property: retries, event age and a Lambda destination by GetAtt Arn and by Ref", () => {
    const configs = configsOf(`
  Caller:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: 'exports.handler = async () => 1'
      EventInvokeConfig:
        MaximumRetryAttempts: !Ref Retries
        MaximumEventAgeInSeconds: 120
        DestinationConfig:
          OnFailure: {Type: Lambda, Destination: !GetAtt Sink.Arn}
          OnSuccess: {Type: Lambda, Destination: !Ref Worker}
`);
    expect(configs.get('Caller')).toEqual({
      maximumRetryAttempts: 1,
      maximumEventAgeSeconds: 120,
      onFailure: 'Sink',
      onSuccess: 'Worker',
    });
    expect(configs.has('Worker')).toBe(false);
  });

  it('reads AWS::Lambda::EventInvokeConfig by FunctionName (Ref, name or ARN) with a destination by ARN, the function itself', () => {
    const configs = configsOf(`
  WorkerConfig:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: local-worker
      Qualifier: $LATEST
      MaximumRetryAttempts: 0
      DestinationConfig:
        OnFailure:
          Destination: !Sub arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${AWS::StackName}-worker
  SinkConfig:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: arn:aws:lambda:us-east-1:000000000000:function:local-Sink
      Qualifier: $LATEST
`);
    expect(configs.get('Worker')).toEqual({
      maximumRetryAttempts: 0,
      maximumEventAgeSeconds: 21600,
      onFailure: 'Worker',
      onSuccess: undefined,
    });
    expect(configs.get('Sink')).toMatchObject({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 21600 });
  });

  it.each([
    ['MaximumRetryAttempts: 3', 'Worker EventInvokeConfig: MaximumRetryAttempts 3 is not an integer from 0 to 2'],
    ['MaximumEventAgeInSeconds: 59', 'MaximumEventAgeInSeconds 59 is not an integer from 60 to 21600'],
    ['MaximumEventAgeInSeconds: 21601', 'MaximumEventAgeInSeconds 21601 is not an integer from 60 to 21600'],
    [
      'DestinationConfig: {OnFailure: {Type: SQS, Destination: !GetAtt Queue.Arn}}',
      'Worker EventInvokeConfig OnFailure: destination type SQS is not emulated',
    ],
    [
      'DestinationConfig: {OnSuccess: {Destination: !Ref Topic}}',
      'Worker EventInvokeConfig OnSuccess: destination type SNS is not emulated',
    ],
    [
      'DestinationConfig: {OnFailure: {Destination: arn:aws:events:us-east-1:000000000000:event-bus/default}}',
      'destination type EventBridge is not emulated',
    ],
    [
      'DestinationConfig: {OnFailure: {Type: Lambda, Destination: arn:aws:lambda:us-east-1:000000000000:function:elsewhere}}',
      'OnFailure: the Lambda destination names no function of this template',
    ],
  ])('refuses %s at start, naming the function', (line, message) => {
    const resources = `
  Queue:
    Type: AWS::SQS::Queue
  Topic:
    Type: AWS::SNS::Topic
  Extra:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Worker
      Qualifier: $LATEST
      ${line}
`;
    expect(() => configsOf(resources)).toThrow(message.replace('Worker EventInvokeConfig', 'Extra'));
  });

  it('refuses a configuration on a qualifier other than $LATEST, or on no function of the template', () => {
    expect(() =>
      configsOf(`
  Live:
    Type: AWS::Lambda::EventInvokeConfig
    Properties: {FunctionName: !Ref Worker, Qualifier: live, MaximumRetryAttempts: 0}
`),
    ).toThrow('Live: Qualifier live (only $LATEST is emulated');
    expect(() =>
      configsOf(`
  Nowhere:
    Type: AWS::Lambda::EventInvokeConfig
    Properties: {FunctionName: other-function, Qualifier: $LATEST}
`),
    ).toThrow('Nowhere: FunctionName names no function of this template');
  });
});

describe('dead-letter queues', () => {
  it('are named at start as not emulated, for SAM and plain Lambda functions', () => {
    const app = readApplication(
      parseTemplate(`Resources:${FUNCTIONS}
  WithDlq:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: x
      DeadLetterQueue: {Type: SQS, TargetArn: arn:aws:sqs:us-east-1:000000000000:dlq}
  PlainWithDlq:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: {ZipFile: x}
      DeadLetterConfig: {TargetArn: arn:aws:sns:us-east-1:000000000000:dlq}
`),
    );
    expect(deadLetterNotices(app)).toEqual([
      expect.stringMatching(/^WithDlq: its dead-letter queue is not emulated/),
      expect.stringMatching(/^PlainWithDlq: its dead-letter queue is not emulated/),
    ]);
  });
});

describe('LoggingConfig', () => {
  const fnWith = (loggingConfig: Record<string, unknown>) => {
    const app = readApplication(parseTemplate(`Resources:${FUNCTIONS}`));
    const fn = { ...app.functions.get('Worker')!, loggingConfig };
    return loggingSettings(fn, createResolver(app, {}, DETACHED_DEPLOYMENT));
  };

  it('reads the format, levels and log group', () => {
    expect(fnWith({ LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', LogGroup: '/app/worker' })).toEqual({
      logFormat: 'JSON',
      applicationLogLevel: 'DEBUG',
      systemLogLevel: undefined,
      logGroup: '/app/worker',
    });
    expect(fnWith({})).toMatchObject({ logFormat: 'Text' });
  });

  it('refuses what Lambda refuses: unknown values, and levels with the Text format', () => {
    expect(() => fnWith({ LogFormat: 'XML' })).toThrow('Worker LoggingConfig: LogFormat XML is not one of Text, JSON');
    expect(() => fnWith({ LogFormat: 'JSON', ApplicationLogLevel: 'VERBOSE' })).toThrow('ApplicationLogLevel VERBOSE');
    expect(() => fnWith({ ApplicationLogLevel: 'INFO' })).toThrow('need LogFormat JSON');
  });
});

describe('--crash-invocations', () => {
  it('reads <FunctionLogicalId>:<count>:<afterMs>', () => {
    expect(parseCrashOrder('FanoutWorkerFunction:2:500')).toEqual({
      functionId: 'FanoutWorkerFunction',
      count: 2,
      afterMs: 500,
    });
  });

  it.each(['Fn', 'Fn:0:10', 'Fn:x:10', 'Fn:1:-5', 'Fn:1'])('refuses %s with the expected form', (text) => {
    expect(() => parseCrashOrder(text)).toThrow('write <FunctionLogicalId>:<count>:<afterMs>');
  });
});

describe('declared runtimes', () => {
  it('names the functions whose declared Node.js is not the one that runs them', () => {
    const app = readApplication(
      parseTemplate(`Resources:
  A: {Type: AWS::Serverless::Function, Properties: {Runtime: nodejs24.x, Handler: a.handler}}
  B: {Type: AWS::Serverless::Function, Properties: {Runtime: nodejs24.x, Handler: b.handler}}
  C: {Type: AWS::Serverless::Function, Properties: {Runtime: nodejs20.x, Handler: c.handler}}
`),
    );
    expect(runtimeMismatches(app, '20.19.0')).toEqual([
      'A, B: declared nodejs24.x, but Node.js 20.19.0 runs them here',
    ]);
    expect(runtimeMismatches(app, '24.1.0')).toEqual(['C: declared nodejs20.x, but Node.js 24.1.0 runs it here']);
  });
});
