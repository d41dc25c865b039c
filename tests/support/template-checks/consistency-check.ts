import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { Template } from 'sam-websocket-local/internal';
import { readApplication, referencedIds } from 'sam-websocket-local/internal';

/** What JSON schemas cannot see: references, wiring between resources, files, and privileges. */

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** Ids SAM generates from a resource of ours, which a template may reference. */
function generatedIds(template: Template): Set<string> {
  const ids = new Set<string>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const suffixes = {
      'AWS::Serverless::Function': ['Role', 'Version', 'Alias'],
      'AWS::Serverless::Api': ['Stage', 'Deployment', '.Stage'],
    }[resource.Type];
    for (const suffix of suffixes ?? []) ids.add(`${id}${suffix}`);
  }
  return ids;
}

/** Attributes our checks know; a GetAtt outside these for a known type is a typo. */
const ATTRIBUTES: Record<string, string[]> = {
  'AWS::ApiGatewayV2::Api': ['ApiEndpoint', 'ApiId'],
  'AWS::DynamoDB::Table': ['Arn', 'StreamArn'],
  'AWS::Serverless::Function': ['Arn'],
  'AWS::Serverless::Api': ['RootResourceId'],
};

function walk(value: unknown, visit: (node: Record<string, unknown>, path: string) => void, path = ''): void {
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, visit, `${path}/${i}`));
  else if (typeof value === 'object' && value !== null) {
    visit(value as Record<string, unknown>, path);
    for (const [key, child] of Object.entries(value)) walk(child, visit, `${path}/${key}`);
  }
}

function referenceProblems(template: Template): string[] {
  const problems: string[] = [];
  const known = new Set([
    ...Object.keys(template.Parameters ?? {}),
    ...Object.keys(template.Resources),
    ...PSEUDO_PARAMETERS,
    ...generatedIds(template),
  ]);
  const checkGetAtt = (where: string, id: string, attribute: string) => {
    const type = template.Resources[id]?.Type;
    const allowed = type ? ATTRIBUTES[type] : undefined;
    if (allowed && !allowed.includes(attribute)) problems.push(`${where}: ${id} has no attribute ${attribute}`);
  };
  for (const section of ['Resources', 'Outputs', 'Globals', 'Conditions'] as const) {
    walk(template[section], (node, path) => {
      const where = `${section}${path}`;
      if (typeof node.Ref === 'string' && !known.has(node.Ref)) problems.push(`${where}: Ref to unknown ${node.Ref}`);
      const getAtt = node['Fn::GetAtt'];
      if (Array.isArray(getAtt)) {
        const [id, attribute] = getAtt as [string, string];
        if (!known.has(id)) problems.push(`${where}: GetAtt of unknown ${id}`);
        else checkGetAtt(where, id, attribute);
      }
      const sub = node['Fn::Sub'];
      if (sub !== undefined) {
        const [text, variables] = Array.isArray(sub)
          ? [String(sub[0]), (sub[1] ?? {}) as Record<string, unknown>]
          : [String(sub), {}];
        for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = match[1]!;
          if (name in variables || known.has(name)) continue;
          const [id, ...attribute] = name.split('.');
          if (attribute.length > 0 && known.has(id!)) checkGetAtt(where, id!, attribute.join('.'));
          else problems.push(`${where}: \${${name}} refers to nothing`);
        }
      }
      if (
        typeof node.Condition === 'string' &&
        section !== 'Conditions' &&
        !(node.Condition in (template.Conditions ?? {}))
      ) {
        problems.push(`${where}: unknown condition ${node.Condition}`);
      }
    });
  }
  return problems;
}

function routeProblems(template: Template): string[] {
  const problems: string[] = [];
  const resources = Object.entries(template.Resources);
  const permissions = resources
    .filter(([, r]) => r.Type === 'AWS::Lambda::Permission')
    .map(([, r]) => r.Properties ?? {});
  for (const [routeId, route] of resources.filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route')) {
    const routeKey = String(route.Properties?.RouteKey);
    const apiId = referencedIds(route.Properties?.ApiId)[0];
    const integrationId = referencedIds(route.Properties?.Target)[0];
    const integration = integrationId ? template.Resources[integrationId] : undefined;
    if (integration?.Type !== 'AWS::ApiGatewayV2::Integration') {
      problems.push(`${routeId} (${routeKey}): has no integration`);
      continue;
    }
    if (referencedIds(integration.Properties?.ApiId)[0] !== apiId)
      problems.push(`${routeId}: integration ${integrationId} belongs to another API`);
    if (integration.Properties?.IntegrationType !== 'AWS_PROXY')
      problems.push(`${integrationId}: IntegrationType must be AWS_PROXY`);
    const functionId = referencedIds(integration.Properties?.IntegrationUri).find(
      (id) => template.Resources[id]?.Type === 'AWS::Serverless::Function',
    );
    if (!functionId) {
      problems.push(`${integrationId}: IntegrationUri names no function of this template`);
      continue;
    }
    const permitted = permissions.some((permission) => {
      const arn = permission.SourceArn as { 'Fn::Sub'?: unknown } | string | undefined;
      const sourceArn = typeof arn === 'string' ? arn : String(arn?.['Fn::Sub'] ?? '');
      return (
        referencedIds(permission.FunctionName)[0] === functionId &&
        permission.Principal === 'apigateway.amazonaws.com' &&
        sourceArn.includes(`\${${apiId}}`) &&
        (sourceArn.endsWith(`/${routeKey}`) || sourceArn.endsWith('/*'))
      );
    });
    if (!permitted)
      problems.push(
        `${routeId} (${routeKey}): no Lambda::Permission lets API ${apiId} invoke ${functionId} (with SourceArn)`,
      );
  }
  for (const [stageId, stage] of resources.filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Stage')) {
    if (stage.Properties?.AutoDeploy !== true && !stage.Properties?.DeploymentId) {
      problems.push(`${stageId}: without AutoDeploy or a Deployment, route changes are never deployed`);
    }
  }
  return problems;
}

function fileProblems(template: Template, root: string): string[] {
  const problems: string[] = [];
  const app = readApplication(template);
  for (const fn of app.functions.values()) {
    const entryPoints = (fn.buildProperties.EntryPoints ?? []) as string[];
    if (fn.buildMethod !== 'esbuild' || entryPoints.length === 0) {
      problems.push(`${fn.logicalId}: needs Metadata BuildMethod esbuild with EntryPoints`);
      continue;
    }
    const [handlerFile, handlerName] = fn.handler.split('.') as [string, string];
    const entry = resolve(root, fn.codeUri, entryPoints[0]!);
    if (!existsSync(entry)) {
      problems.push(`${fn.logicalId}: entry point ${entryPoints[0]} does not exist`);
      continue;
    }
    if (basename(entry, extname(entry)) !== handlerFile)
      problems.push(`${fn.logicalId}: Handler ${fn.handler} does not match the bundle ${basename(entry)}`);
    const source = readFileSync(entry, 'utf8');
    if (!new RegExp(`export (const|async function|function) ${handlerName}\\b`).test(source)) {
      problems.push(`${fn.logicalId}: ${entryPoints[0]} exports no ${handlerName}`);
    }
    for (const layerId of fn.layers) {
      const layer = app.layers.get(layerId);
      if (!layer) continue;
      const manifest = join(root, layer.contentUri, 'package.json');
      const name = existsSync(manifest)
        ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name
        : undefined;
      const external = (fn.buildProperties.External ?? []) as string[];
      if (name && !external.includes(name))
        problems.push(`${fn.logicalId}: must mark the layer's module ${name} External`);
    }
  }
  for (const layer of app.layers.values()) {
    const makefile = join(root, layer.contentUri, 'Makefile');
    if (layer.buildMethod !== 'makefile' || !existsSync(makefile))
      problems.push(`${layer.logicalId}: needs BuildMethod makefile and a Makefile`);
    else if (!readFileSync(makefile, 'utf8').includes(`build-${layer.logicalId}:`))
      problems.push(`${layer.logicalId}: Makefile has no build-${layer.logicalId} target`);
  }
  return problems;
}

/** Policies may name only this stack's table (and its indexes), its WebSocket API, its functions, or names under its stack name. */
function privilegeProblems(template: Template): string[] {
  const problems: string[] = [];
  const owned = new Set(
    Object.entries(template.Resources)
      .filter(([, r]) =>
        ['AWS::DynamoDB::Table', 'AWS::ApiGatewayV2::Api', 'AWS::Serverless::Function'].includes(r.Type),
      )
      .map(([id]) => id),
  );
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Serverless::Function') continue;
    for (const policy of (resource.Properties?.Policies ?? []) as unknown[]) {
      if (typeof policy === 'string' || !(policy as { Statement?: unknown }).Statement) {
        problems.push(`${id}: use inline least-privilege statements, not ${JSON.stringify(policy)}`);
        continue;
      }
      for (const statement of (policy as { Statement: Record<string, unknown>[] }).Statement) {
        const actions = ([] as unknown[]).concat(statement.Action);
        if (actions.some((action) => String(action).includes('*')))
          problems.push(`${id}: wildcard action ${actions.join(',')}`);
        for (const target of ([] as unknown[]).concat(statement.Resource)) {
          const refs = referencedIds(target).filter(
            (ref) => !ref.startsWith('AWS::') && !(ref in (template.Parameters ?? {})),
          );
          const underStackName = JSON.stringify(target).includes('${AWS::StackName}');
          if (typeof target === 'string' || (refs.length === 0 && !underStackName))
            problems.push(`${id}: policy resource ${JSON.stringify(target)} is not this stack's`);
          for (const ref of refs)
            if (!owned.has(ref)) problems.push(`${id}: policy names ${ref}, which is not this stack's table or API`);
        }
      }
    }
  }
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Serverless::Api') continue;
    if ((resource.Properties?.Auth as { DefaultAuthorizer?: string } | undefined)?.DefaultAuthorizer !== 'AWS_IAM') {
      problems.push(`${id}: the broadcast API must default to AWS_IAM`);
    }
    if (
      JSON.stringify(resource.Properties?.Cors ?? '').includes("'*'") ||
      JSON.stringify(resource.Properties?.Cors ?? '').includes('"*"')
    ) {
      problems.push(`${id}: CORS must not allow every origin`);
    }
  }
  return problems;
}

export function consistencyProblems(template: Template, root: string): string[] {
  return [
    ...referenceProblems(template),
    ...routeProblems(template),
    ...fileProblems(template, root),
    ...privilegeProblems(template),
  ];
}
