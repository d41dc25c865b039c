import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETACHED_FACTS, createResolver, parameterValues, readApplication, ruleViolations } from 'sam-websocket-local';
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
    createResolver(readApplication(template), parameterValues(template, parameters), DETACHED_FACTS),
  );

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

  it("refuses to deploy staging or production without the site's origins, and keeps development open", () => {
    expect(violations(parametersOf('dev'))).toEqual([]);
    for (const env of ['staging', 'prod'])
      expect(violations(parametersOf(env))).toEqual([
        expect.stringMatching(/^OriginsOutsideDevelopment: AllowedOrigins must name/),
      ]);
    expect(violations({ ...parametersOf('prod'), AllowedOrigins: 'https://www.your-site.com' })).toEqual([]);
  });

  it('never retries a fan-out continuation: a retry would send twice to everyone reached before the failure', () => {
    expect(template.Resources.FanoutWorkerFunction?.Properties?.EventInvokeConfig).toEqual({ MaximumRetryAttempts: 0 });
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
    expect(readFileSync(join(projectRoot, 'layers', 'shared', 'Makefile'), 'utf8')).not.toMatch(/--sourcemap/);
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
        expect(metric.Dimensions).toEqual([{ Name: 'service', Value: variables.POWERTOOLS_SERVICE_NAME }]);
      }
    }
  });
});
