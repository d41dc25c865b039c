import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DETACHED_DEPLOYMENT,
  createResolver,
  parameterValues,
  readApplication,
  ruleViolations,
} from 'sam-websocket-local/internal';
import { loadTemplate, projectRoot } from '../support/template';

const template = loadTemplate();
const parametersOf = (env: string) =>
  (
    JSON.parse(readFileSync(join(projectRoot, 'parameters', `${env}.json`), 'utf8')) as {
      Parameters: Record<string, string>;
    }
  ).Parameters;
const violations = (parameters: Record<string, string>) =>
  ruleViolations(
    template,
    createResolver(readApplication(template), parameterValues(template, parameters), DETACHED_DEPLOYMENT),
  );

/** What an operator must choose outside development (besides the origins). */
const chosen = {
  AllowedOrigins: 'https://www.your-site.com',
  AnonymousListeners: 'allowed',
  AlarmsWithoutTopic: 'allowed',
};

const without = (values: Record<string, string>, name: string) =>
  Object.fromEntries(Object.entries(values).filter(([key]) => key !== name));

describe('deploy traps', () => {
  it("lets API Gateway invoke the broadcast function with its own permission, not the caller's credentials", () => {
    expect(template.Resources.BroadcastApi?.Properties?.Auth).toMatchObject({
      DefaultAuthorizer: 'AWS_IAM',
      InvokeRole: 'NONE',
    });
  });

  it('gives the REST API no stray "Stage" stage and the table an explicit deletion choice', () => {
    expect((template.Globals as Record<string, Record<string, unknown>>).Api?.OpenApiVersion).toBe('3.0.1');
    expect(template.Resources.ConnectionsTable).toMatchObject({
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  it('refuses to deploy staging or production until origins, how listeners connect and who hears alarms are chosen', () => {
    expect(violations(parametersOf('dev'))).toEqual([]);
    for (const env of ['staging', 'prod'])
      expect(violations(parametersOf(env))).toEqual([
        expect.stringMatching(/^OriginsOutsideDevelopment: AllowedOrigins must name/),
        expect.stringMatching(/^ListenersOutsideDevelopment: Outside development, choose how listeners connect/),
        expect.stringMatching(/^AlarmTargetOutsideDevelopment: Outside development the alarms must notify someone/),
      ]);
    expect(violations({ ...parametersOf('prod'), ...chosen })).toEqual([]);
  });

  it('takes a token issuer or an explicit AnonymousListeners=allowed outside development, never both', () => {
    const withoutAnonymous = without(chosen, 'AnonymousListeners');
    const tokens = { JwksUrl: 'https://idp.example/jwks.json', JwtIssuer: 'https://idp.example/' };
    expect(violations({ ...parametersOf('prod'), ...withoutAnonymous, ...tokens })).toEqual([]);
    expect(violations({ ...parametersOf('prod'), ...chosen, ...tokens })).toEqual([
      expect.stringMatching(/^AnonymousOrTokens: AnonymousListeners=allowed contradicts JwksUrl/),
    ]);
  });

  it('takes an alarm topic or an explicit AlarmsWithoutTopic=allowed outside development', () => {
    const withoutOptOut = without(chosen, 'AlarmsWithoutTopic');
    const topic = { AlarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops-alarms' };
    expect(violations({ ...parametersOf('prod'), ...withoutOptOut, ...topic })).toEqual([]);
    expect(violations({ ...parametersOf('prod'), ...withoutOptOut })).toEqual([
      expect.stringMatching(/^AlarmTargetOutsideDevelopment/),
    ]);
  });

  describe("AllowedOrigins' AllowedPattern (CloudFormation matches the whole value)", () => {
    const declared = template.Parameters?.AllowedOrigins as { AllowedPattern?: string } | undefined;
    const pattern = new RegExp(`^(?:${String(declared?.AllowedPattern)})$`);

    it.each([',', ' ', ' ,', 'garbage', 'www.your-site.com', 'https://a.example,', 'https://a.example/path', '*'])(
      'refuses %j, which names no valid origin',
      (value) => expect(pattern.test(value)).toBe(false),
    );

    it.each(['', 'https://www.your-site.com', 'https://a.example, http://localhost:3000', 'https://a.example:8443'])(
      'accepts %j',
      (value) => expect(pattern.test(value)).toBe(true),
    );
  });

  it('never retries a fan-out part, sends a failed one back to the worker, and drops one older than FanoutMaxEventAge', () => {
    const worker = template.Resources.FanoutWorkerFunction!.Properties!;
    expect(worker.EventInvokeConfig).toBeUndefined();
    expect(worker.FunctionName).toBeUndefined();
    expect(template.Resources.FanoutWorkerInvokeConfig).toEqual({
      Type: 'AWS::Lambda::EventInvokeConfig',
      DependsOn: 'FanoutWorkerSelfInvokePolicy',
      Properties: {
        FunctionName: { Ref: 'FanoutWorkerFunction' },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: { Ref: 'FanoutMaxEventAge' },
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FanoutWorkerFunction', 'Arn'] } } },
      },
    });
    expect(template.Parameters?.FanoutMaxEventAge).toMatchObject({ Default: 300, MinValue: 60, MaxValue: 21600 });
    expect(template.Resources.FanoutWorkerSelfInvokePolicy?.Properties).toMatchObject({
      Roles: [{ Ref: 'FanoutWorkerFunctionRole' }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: { 'Fn::GetAtt': ['FanoutWorkerFunction', 'Arn'] },
          },
        ],
      },
    });
  });

  it('refuses a JWKS without an issuer', () => {
    expect(violations({ JwksUrl: 'https://idp.example/jwks.json' })).toEqual([
      expect.stringMatching(/^IssuerWithJwks: JwtIssuer is required/),
    ]);
    expect(violations({ JwksUrl: 'https://idp.example/jwks.json', JwtIssuer: 'https://idp.example/' })).toEqual([]);
  });

  it('ships no source maps: SAM would set NODE_OPTIONS=--enable-source-maps on every function', () => {
    for (const [, resource] of Object.entries(template.Resources)) {
      expect((resource.Metadata?.BuildProperties as Record<string, unknown> | undefined)?.Sourcemap).not.toBe(true);
    }
    expect(readFileSync(join(projectRoot, 'layers', 'shared', 'build-layer.mjs'), 'utf8')).not.toMatch(/sourcemap/i);
  });

  it('does not pay for X-Ray in every function without tracing anything (no Tracing: Active without a tracer)', () => {
    for (const resource of [
      template.Globals?.Function,
      ...Object.values(template.Resources).map((r) => r.Properties),
    ]) {
      expect((resource as Record<string, unknown> | undefined)?.Tracing).toBeUndefined();
    }
  });
});

describe('alarms', () => {
  const alarms = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm',
  );
  const watched = (properties: Record<string, unknown>) =>
    [
      properties.MetricName,
      ...((properties.Metrics ?? []) as { MetricStat?: { Metric: { MetricName: string } } }[]).map(
        (m) => m.MetricStat?.Metric.MetricName,
      ),
    ].filter(Boolean);

  it('watch broadcast 5xx, failed sends and parts, throttles, function errors and throttles', () => {
    const names = alarms.flatMap(([, alarm]) => watched(alarm.Properties!));
    expect(names).toEqual(
      expect.arrayContaining([
        '5XXError',
        'BroadcastFailed',
        'BroadcastFailedParts',
        'BroadcastThrottled',
        'Errors',
        'Throttles',
      ]),
    );
  });

  it('notify the AlarmTopicArn parameter when it is set, and nothing when it is empty', () => {
    expect(template.Parameters?.AlarmTopicArn).toMatchObject({ Default: '' });
    for (const [, alarm] of alarms)
      expect(alarm.Properties?.AlarmActions).toEqual({
        'Fn::If': ['HasAlarmTopic', [{ Ref: 'AlarmTopicArn' }], { Ref: 'AWS::NoValue' }],
      });
  });

  it("read the app's metrics in the namespace and service the functions write them under", () => {
    const variables = (template.Globals?.Function as { Environment: { Variables: Record<string, string> } }).Environment
      .Variables;
    for (const [, alarm] of alarms) {
      const metrics = [
        alarm.Properties!,
        ...((alarm.Properties!.Metrics ?? []) as { MetricStat?: { Metric: Record<string, unknown> } }[]).map(
          (m) => m.MetricStat?.Metric ?? {},
        ),
      ];
      for (const metric of metrics.filter((m) => m.Namespace === 'CommentsWebSocket')) {
        expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe('CommentsWebSocket');
        // ConnectsRefused is written with its Reason (recordRefusal); every other metric with the service only.
        const reason = metric.MetricName === 'ConnectsRefused' ? [{ Name: 'Reason', Value: expect.any(String) }] : [];
        expect(metric.Dimensions).toEqual([{ Name: 'service', Value: variables.POWERTOOLS_SERVICE_NAME }, ...reason]);
      }
    }
  });
});
