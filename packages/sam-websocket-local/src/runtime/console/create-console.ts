import type { LocalDeployment } from '../../resource-values';
import type { Project } from '../../project/project';
import { integrationFunction, type WebSocketApiSpec } from '../../template/application';
import type { AccountThrottle } from '../gateway/account-throttle';
import { AWS_LIMITS, type GatewayLimits } from '../gateway/limits';
import type { WebSocketGateway } from '../gateway/websocket-gateway';
import type { FunctionPools } from '../lambda/function-pools';
import type { RuntimeLog } from '../log';
import { LocalConsole } from './local-console';

export interface ConsoleWiring {
  project: Project;
  api: WebSocketApiSpec;
  /** The stack's options that the console shows. */
  options: { limits?: Partial<GatewayLimits>; maxInstancesPerFunction?: number };
  deployment: LocalDeployment;
  gateway: WebSocketGateway;
  pools: FunctionPools;
  stage: string;
  throttle?: AccountThrottle;
  tableNames: string[];
  log: RuntimeLog;
}

/** The console for a stack being assembled: what it shows, taken from the same parts the stack runs. */
export function createConsole(wiring: ConsoleWiring): LocalConsole {
  const { project, api, options, deployment } = wiring;
  const httpUrl = `http://${deployment.host}:${deployment.port}`;
  return new LocalConsole({
    gateway: wiring.gateway,
    functions: wiring.pools,
    api,
    projectRoot: project.root,
    host: deployment.host,
    log: wiring.log,
    tables: { endpoint: deployment.dynamodbEndpoint, region: deployment.region, names: wiring.tableNames },
    stack: {
      templatePath: project.templatePath,
      stage: wiring.stage,
      webSocketUrl: `ws://${deployment.host}:${deployment.port}/${wiring.stage}`,
      managementEndpoint: `${httpUrl}/${wiring.stage}`,
      limits: { ...AWS_LIMITS, ...options.limits },
      throttle: wiring.throttle,
      maxInstancesPerFunction: options.maxInstancesPerFunction ?? 8,
      routes: Object.fromEntries(
        [...api.routes.values()].map((route) => [
          route.routeKey,
          integrationFunction(route.integration) ?? route.integration.type,
        ]),
      ),
      functions: Object.fromEntries(
        [...project.app.functions.values()].map((fn) => [fn.logicalId, { runtime: fn.runtime, handler: fn.handler }]),
      ),
    },
  });
}
