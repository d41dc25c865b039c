import { join } from 'node:path';
import {
  functionEnvironments,
  parameterValues,
  readApplication,
  readParametersFile,
  readTemplate,
} from 'sam-websocket-local/internal';

// Handlers read their settings at module scope, as in Lambda: give every function's variables, as
// template.yaml and parameters/dev.json define them, to the process the unit tests import them in.
const root = join(__dirname, '..');
const app = readApplication(readTemplate(join(root, 'template.yaml')));
const parameters = parameterValues(app.template, {
  ...readParametersFile(root, 'dev'),
  AllowedOrigins: 'http://localhost:3000',
});
for (const environment of functionEnvironments(app, parameters).values()) {
  for (const [name, value] of Object.entries(environment)) process.env[name] ??= value;
}
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
// Metric lines would fill the test output; tests/unit/metrics.test.ts turns them back on to check them.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
