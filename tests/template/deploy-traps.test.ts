import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETACHED_FACTS, createResolver } from 'sam-websocket-local';
import { readApplication } from 'sam-websocket-local';
import { parameterValues } from 'sam-websocket-local';
import { ruleViolations } from 'sam-websocket-local';
import { loadTemplate, projectRoot } from '../support/template';

const template = loadTemplate();
const parametersOf = (env: string) => (JSON.parse(readFileSync(join(projectRoot, 'parameters', `${env}.json`), 'utf8')) as { Parameters: Record<string, string> }).Parameters;
const violations = (parameters: Record<string, string>) =>
  ruleViolations(template, createResolver(readApplication(template), parameterValues(template, parameters), DETACHED_FACTS));

describe('deploy traps', () => {
  it('lets API Gateway invoke the broadcast function with its own permission, not the caller\'s credentials', () => {
    expect(template.Resources.BroadcastApi?.Properties?.Auth).toMatchObject({ DefaultAuthorizer: 'AWS_IAM', InvokeRole: 'NONE' });
  });

  it('gives the REST API no stray "Stage" stage and the table an explicit deletion choice', () => {
    expect((template.Globals as Record<string, Record<string, unknown>>).Api?.OpenApiVersion).toBe('3.0.1');
    expect(template.Resources.ConnectionsTable).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  it('refuses to deploy staging or production without the site\'s origins, and keeps development open', () => {
    expect(violations(parametersOf('dev'))).toEqual([]);
    for (const env of ['staging', 'prod']) expect(violations(parametersOf(env))).toEqual([expect.stringMatching(/^OriginsOutsideDevelopment: AllowedOrigins must name/)]);
    expect(violations({ ...parametersOf('prod'), AllowedOrigins: 'https://www.your-site.com' })).toEqual([]);
  });

  it('refuses a JWKS without an issuer', () => {
    expect(violations({ JwksUrl: 'https://idp.example/jwks.json' })).toEqual([expect.stringMatching(/^IssuerWithJwks: JwtIssuer is required/)]);
    expect(violations({ JwksUrl: 'https://idp.example/jwks.json', JwtIssuer: 'https://idp.example/' })).toEqual([]);
  });
});
