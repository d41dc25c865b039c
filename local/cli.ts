import { parseArgs } from 'node:util';
import { defaultLayout, buildAll } from './build/build';
import { projectRoot, templatePath } from './paths';
import { readApplication } from './template/application';
import { readTemplate } from './template/cfn-yaml';

const USAGE = `usage:
  npm run build                                   build every function and layer into .aws-sam/build
  npm start -- [--env dev] [--port 3001]          run the stack offline
  npm run invoke -- <FunctionLogicalId> <event>   invoke one function once with an event file`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const app = readApplication(readTemplate(templatePath));
  const layout = defaultLayout(projectRoot);
  switch (command) {
    case 'build': {
      parseArgs({ args: rest, options: {} });
      const started = performance.now();
      await buildAll(layout, app);
      console.log(`built ${app.functions.size} functions and ${app.layers.size} layer(s) into ${layout.buildDir} in ${Math.round(performance.now() - started)} ms`);
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
