import { readApplication } from 'sam-websocket-local/internal';
import { consistencyProblems } from '../support/template-checks/consistency-check';
import { loadTemplate, projectRoot } from '../support/template';

describe('template.yaml wiring', () => {
  it('has every reference, route, permission, entry point and policy in order', () => {
    expect(consistencyProblems(loadTemplate(), projectRoot)).toEqual([]);
  });

  it('serves the five WebSocket routes, each with its own function', () => {
    const [api] = readApplication(loadTemplate()).webSocketApis;
    expect(api?.routeSelectionExpression).toBe('$request.body.action');
    expect([...api!.routes.keys()].sort()).toEqual(['$connect', '$default', '$disconnect', 'subscribe', 'unsubscribe']);
    expect(api!.routes.get('subscribe')?.twoWay).toBe(true);
    expect(api!.routes.get('$connect')?.twoWay).toBe(false);
  });

  it('runs every function on nodejs24.x arm64 with the shared layer', () => {
    const template = loadTemplate();
    const app = readApplication(template);
    expect(template.Globals?.Function).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      LoggingConfig: { LogFormat: 'JSON' },
    });
    for (const fn of app.functions.values()) expect(fn.layers).toEqual(['SharedLayer']);
  });

  it('protects the broadcast endpoints with SigV4 and grants invoke to no one by policy', () => {
    const template = loadTemplate();
    const app = readApplication(template);
    expect(app.restEvents.map((event) => `${event.method} ${event.path} ${event.authorizer}`).sort()).toEqual([
      'GET /broadcasts/{id} AWS_IAM',
      'POST /broadcast AWS_IAM',
      'POST /broadcast/comments AWS_IAM',
    ]);
    expect(template.Resources.BroadcastApi?.Properties?.Cors).toBeUndefined();
    expect(JSON.stringify(template)).not.toMatch(/"Principal":"\*"|"Principal":\{"AWS":"\*"\}/);
    expect(template.Resources.BroadcastApi?.Properties?.Auth).not.toHaveProperty('ResourcePolicy');
  });

  it('keeps connections in one table with a topic index, TTL in seconds and PITR in production', () => {
    const table = loadTemplate().Resources.ConnectionsTable!.Properties!;
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(table.GlobalSecondaryIndexes).toEqual([expect.objectContaining({ IndexName: 'ByTopic' })]);
    expect(table.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: { 'Fn::If': ['IsProduction', true, false] },
    });
  });

  it('gives the fan-out function ManageConnections on this API only', () => {
    const policies = JSON.stringify(loadTemplate().Resources.BroadcastFunction?.Properties?.Policies);
    expect(policies).toContain('execute-api:ManageConnections');
    expect(policies).toContain('${WebSocketApi}/${StageName}/POST/@connections/*');
  });

  it('outputs the WebSocket URL, the broadcast URL and the table name', () => {
    expect(Object.keys(loadTemplate().Outputs ?? {})).toEqual(
      expect.arrayContaining(['WebSocketUrl', 'BroadcastUrl', 'ConnectionsTableName']),
    );
  });

  describe('catches a broken template', () => {
    it('a route without an integration', () => {
      const template = loadTemplate();
      delete template.Resources.SubscribeRoute!.Properties!.Target;
      expect(consistencyProblems(template, projectRoot)).toContain('SubscribeRoute (subscribe): has no integration');
    });

    it('a route whose function may not be invoked by the API', () => {
      const template = loadTemplate();
      delete template.Resources.DefaultPermission;
      expect(consistencyProblems(template, projectRoot)).toEqual([
        'DefaultRoute ($default): no Lambda::Permission lets API WebSocketApi invoke DefaultFunction (with SourceArn)',
      ]);
    });

    it('a reference to nothing, in Ref, GetAtt and Sub', () => {
      const template = loadTemplate();
      template.Resources.ConnectFunction!.Properties!.Environment = { Variables: { A: { Ref: 'ConnectionTable' } } };
      template.Outputs!.ConnectionsTableName = { Value: { 'Fn::GetAtt': ['ConnectionsTable', 'Ar'] } };
      template.Outputs!.WebSocketUrl = { Value: { 'Fn::Sub': '${WebSocketAPI.ApiEndpoint}/${Stage}' } };
      expect(consistencyProblems(template, projectRoot)).toEqual([
        'Resources/ConnectFunction/Properties/Environment/Variables/A: Ref to unknown ConnectionTable',
        'Outputs/WebSocketUrl/Value: ${WebSocketAPI.ApiEndpoint} refers to nothing',
        'Outputs/WebSocketUrl/Value: ${Stage} refers to nothing',
        'Outputs/ConnectionsTableName/Value: ConnectionsTable has no attribute Ar',
      ]);
    });

    it('an entry point that does not exist and a handler it does not export', () => {
      const template = loadTemplate();
      (template.Resources.DefaultFunction!.Metadata!.BuildProperties as Record<string, unknown>).EntryPoints = [
        'functions/nope/index.ts',
      ];
      template.Resources.ConnectFunction!.Properties!.Handler = 'index.main';
      expect(consistencyProblems(template, projectRoot).sort()).toEqual([
        'ConnectFunction: functions/connect/index.ts exports no main',
        'DefaultFunction: entry point functions/nope/index.ts does not exist',
      ]);
    });

    it('a policy that reaches beyond this stack', () => {
      const template = loadTemplate();
      template.Resources.DisconnectFunction!.Properties!.Policies = [
        { Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] },
      ];
      expect(consistencyProblems(template, projectRoot)).toEqual([
        'DisconnectFunction: wildcard action dynamodb:*',
        'DisconnectFunction: policy resource "*" is not this stack\'s',
      ]);
    });

    it('a stage that would never redeploy changed routes', () => {
      const template = loadTemplate();
      delete template.Resources.WebSocketStage!.Properties!.AutoDeploy;
      expect(consistencyProblems(template, projectRoot)).toContain(
        'WebSocketStage: without AutoDeploy or a Deployment, route changes are never deployed',
      );
    });

    it('a function that would bundle the layer instead of using it', () => {
      const template = loadTemplate();
      (template.Resources.BroadcastFunction!.Metadata!.BuildProperties as Record<string, unknown>).External = [];
      expect(consistencyProblems(template, projectRoot)).toEqual([
        "BroadcastFunction: must mark the layer's module @comments-websocket/shared External",
      ]);
    });
  });
});
