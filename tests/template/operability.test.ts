import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { loadTemplate, projectRoot } from '../support/template';

type Node = Record<string, unknown>;
const template = loadTemplate();
const resources = Object.entries(template.Resources);
const functions = resources.filter(([, r]) => r.Type === 'AWS::Serverless::Function');
const globals = template.Globals?.Function as Node;
const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

describe('logs', () => {
  it('gives every function a log group of its own, kept LogRetentionDays, wired with LoggingConfig.LogGroup', () => {
    for (const [id, fn] of functions) {
      const group = (fn.Properties!.LoggingConfig as Node | undefined)?.LogGroup as { Ref: string } | undefined;
      expect({ id, group }).toEqual({ id, group: { Ref: `${id}Logs` } });
      expect(template.Resources[group!.Ref]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        DeletionPolicy: 'Delete',
        UpdateReplacePolicy: 'Retain',
        Properties: { RetentionInDays: { Ref: 'LogRetentionDays' } },
      });
    }
  });

  it("offers exactly CloudWatch's retention values", () => {
    expect(template.Parameters?.LogRetentionDays?.AllowedValues).toEqual([
      1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ]);
  });

  it("makes LogLevel Lambda's ApplicationLogLevel, with values Lambda accepts", () => {
    expect(globals.LoggingConfig).toEqual({ LogFormat: 'JSON', ApplicationLogLevel: { Ref: 'LogLevel' } });
    for (const level of template.Parameters!.LogLevel!.AllowedValues!)
      expect(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']).toContain(level);
  });

  it("bounds every function role's logs permissions to the stack's own log groups", () => {
    expect(globals.PermissionsBoundary).toEqual({ Ref: 'FunctionPermissionsBoundary' });
    const statements = (
      template.Resources.FunctionPermissionsBoundary!.Properties!.PolicyDocument as { Statement: Node[] }
    ).Statement;
    expect(statements.find((s) => s.Sid === 'AsTheFunctionPoliciesSay')).toMatchObject({ NotAction: 'logs:*' });
    expect(statements.find((s) => s.Sid === 'OwnLogGroupsOnly')).toEqual(
      expect.objectContaining({
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: functions.map(([id]) => ({ 'Fn::GetAtt': [`${id}Logs`, 'Arn'] })),
      }),
    );
  });

  it('writes JSON access logs of both APIs to log groups with retention', () => {
    const ws = template.Resources.WebSocketStage!.Properties!.AccessLogSettings as Node;
    const rest = template.Resources.BroadcastApi!.Properties!.AccessLogSetting as Node;
    expect(ws.DestinationArn).toEqual({ 'Fn::GetAtt': ['WebSocketAccessLogs', 'Arn'] });
    expect(rest.DestinationArn).toEqual({ 'Fn::GetAtt': ['BroadcastApiAccessLogs', 'Arn'] });
    const wsFields = JSON.parse(String(ws.Format)) as Record<string, string>;
    expect(Object.values(wsFields)).toEqual(
      expect.arrayContaining([
        '$context.requestId',
        '$context.connectionId',
        '$context.eventType',
        '$context.routeKey',
        '$context.status',
        '$context.integrationErrorMessage',
      ]),
    );
    expect(Object.values(JSON.parse(String(rest.Format)) as Record<string, string>)).toEqual(
      expect.arrayContaining(['$context.requestId', '$context.status', '$context.integrationErrorMessage']),
    );
    for (const id of ['WebSocketAccessLogs', 'BroadcastApiAccessLogs'])
      expect(template.Resources[id]?.Properties?.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
  });
});

describe('concurrency', () => {
  it('reserves (and caps) the fan-out worker and the broadcast function, so a storm cannot starve $connect', () => {
    expect(template.Resources.FanoutWorkerFunction!.Properties!.ReservedConcurrentExecutions).toEqual({
      Ref: 'FanoutWorkerReservedConcurrency',
    });
    expect(template.Resources.BroadcastFunction!.Properties!.ReservedConcurrentExecutions).toEqual({
      Ref: 'BroadcastReservedConcurrency',
    });
    const workers = Number(template.Parameters!.FanoutWorkers!.Default);
    expect(Number(template.Parameters!.FanoutWorkerReservedConcurrency!.Default) % workers).toBe(0);
  });

  it("lets the worker's continuation chain run past Lambda's recursive loop detection", () => {
    expect(template.Resources.FanoutWorkerFunction!.Properties!.RecursiveLoop).toBe('Allow');
  });
});

describe('table permissions', () => {
  const tableStatements = functions.flatMap(([id, fn]) =>
    ((fn.Properties!.Policies ?? []) as { Statement: Node[] }[])
      .flatMap((policy) => policy.Statement)
      .filter((s) => JSON.stringify(s.Action).includes('dynamodb:'))
      .map((statement) => ({ id, statement })),
  );

  it('restricts every item action on the table to conn#* or broadcast#* keys; only the index is read freely (Query, Scan)', () => {
    expect(tableStatements.length).toBeGreaterThan(0);
    for (const { id, statement } of tableStatements) {
      if (JSON.stringify(statement.Resource).includes('/index/ByTopic')) {
        const actions = ([] as unknown[]).concat(statement.Action);
        expect({
          id,
          actions: actions.filter((action) => action !== 'dynamodb:Query' && action !== 'dynamodb:Scan'),
        }).toEqual({ id, actions: [] });
        continue;
      }
      const keys = (statement.Condition as Record<string, Record<string, string[]>> | undefined)?.[
        'ForAllValues:StringLike'
      ]?.['dynamodb:LeadingKeys'];
      expect({ id, keys }).toEqual({ id, keys: [expect.stringMatching(/^(conn|broadcast)#\*$/)] });
    }
  });

  it('lets exactly the functions told IndexScanItems Scan the index', () => {
    const scanning = tableStatements
      .filter(({ statement }) => ([] as unknown[]).concat(statement.Action).includes('dynamodb:Scan'))
      .map(({ id }) => id);
    const told = functions
      .filter(([, fn]) => ((fn.Properties!.Environment as Node | undefined)?.Variables as Node)?.INDEX_SCAN_ITEMS)
      .map(([id]) => id);
    expect(scanning).toEqual(told);
    expect(told).toEqual(['BroadcastFunction']);
  });
});

describe('alarms', () => {
  const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
  const watched = alarms.flatMap((a) =>
    ((a.Metrics ?? []) as { MetricStat?: { Metric: Node } }[]).map((m) => m.MetricStat?.Metric).filter(Boolean),
  ) as Node[];
  const watching = (name: string, match: (dimensions: string) => boolean = () => true) =>
    watched.some((m) => m.MetricName === name && match(JSON.stringify(m.Dimensions)));

  it('watch the errors of every function', () => {
    for (const [id] of functions)
      expect({ id, watched: watching('Errors', (d) => d.includes(`"Ref":"${id}"`)) }).toEqual({ id, watched: true });
  });

  it("watch $connect refusals for an unavailable store, the WebSocket API's errors and lost fan-out parts", () => {
    expect(watching('ConnectsRefused', (d) => d.includes('StoreUnavailable'))).toBe(true);
    expect(watching('ExecutionError', (d) => d.includes('WebSocketApi') && d.includes('Stage'))).toBe(true);
    expect(watching('IntegrationError', (d) => d.includes('WebSocketApi'))).toBe(true);
    expect(watching('AsyncEventsDropped', (d) => d.includes('FanoutWorkerFunction'))).toBe(true);
    expect(watching('DestinationDeliveryFailures', (d) => d.includes('FanoutWorkerFunction'))).toBe(true);
    expect(watching('FanoutPartsResumed')).toBe(true);
  });
});

describe('deploy build', () => {
  const samconfig = parse(readFileSync(join(projectRoot, 'samconfig.toml'), 'utf8')) as Record<
    string,
    { build?: { parameters?: Record<string, unknown> } }
  >;

  it.each(['default', 'dev', 'staging', 'prod'])(
    "[%s] builds without SAM's cache, whose key misses the root lockfile the layer bundles from",
    (env) => {
      expect(samconfig[env]?.build?.parameters?.cached).toBe(false);
    },
  );
});
