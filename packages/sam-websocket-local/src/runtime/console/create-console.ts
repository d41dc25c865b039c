import type { LocalFacts } from '../../environment';
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
  facts: LocalFacts;
  gateway: WebSocketGateway;
  pools: FunctionPools;
  stage: string;
  throttle?: AccountThrottle;
  tableNames: string[];
  log: RuntimeLog;
}

/** The console for a stack being assembled: what it shows, taken from the same parts the stack runs. */
export function createConsole(wiring: ConsoleWiring): LocalConsole {
  const { project, api, options, facts } = wiring;
  const httpUrl = `http://${facts.host}:${facts.port}`;
  return new LocalConsole({
    gateway: wiring.gateway,
    functions: wiring.pools,
    api,
    projectRoot: project.root,
    host: facts.host,
    log: wiring.log,
    tables: { endpoint: facts.dynamodbEndpoint, region: facts.region, names: wiring.tableNames },
    facts: {
      templatePath: project.templatePath,
      stage: wiring.stage,
      webSocketUrl: `ws://${facts.host}:${facts.port}/${wiring.stage}`,
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
