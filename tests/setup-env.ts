import { join } from 'node:path';
import { createResolver, functionEnvironment, type LocalFacts } from '../local/environment';
import { readParametersFile } from '../local/runtime/parameters-file';
import { readApplication } from '../local/template/application';
import { readTemplate } from '../local/template/cfn-yaml';
import { parameterValues } from '../local/template/intrinsics';

// Handlers read their settings at module scope, as in Lambda: give every function's variables, as
// template.yaml and parameters/dev.json define them, to the process the unit tests import them in.
const root = join(__dirname, '..');
const app = readApplication(readTemplate(join(root, 'template.yaml')));
const facts: LocalFacts = { host: '127.0.0.1', port: 1, region: 'eu-west-1', accountId: '123456789012', stackName: 'test', dynamodbEndpoint: 'http://127.0.0.1:1' };
const resolver = createResolver(app, parameterValues(app.template, { ...readParametersFile(root, 'dev'), AllowedOrigins: 'http://localhost:3000' }), facts);
for (const fn of app.functions.values()) {
  for (const [name, value] of Object.entries(functionEnvironment(fn, resolver, facts))) process.env[name] ??= value;
}
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
