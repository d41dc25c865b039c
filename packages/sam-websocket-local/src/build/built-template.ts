import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Application } from '../template/application';

/**
 * `template.yaml` beside the built artifacts, as `sam build` writes it: each function's CodeUri
 * and each layer's ContentUri name its built folder. `sam deploy` prefers this file to the source
 * template, whose `CodeUri: ./` would upload the whole project.
 */
export function writeBuiltTemplate(buildDir: string, app: Application): string {
  const template = structuredClone(app.template);
  for (const id of app.functions.keys()) {
    const resource = template.Resources[id]!;
    resource.Properties = { ...resource.Properties, CodeUri: id };
    resource.Metadata = { ...resource.Metadata, SamResourceId: id };
  }
  for (const id of app.layers.keys()) {
    const resource = template.Resources[id]!;
    resource.Properties = { ...resource.Properties, ContentUri: id };
    resource.Metadata = { ...resource.Metadata, SamResourceId: id };
  }
  // The shared Globals CodeUri would point back at the source tree for any function that lacked its own.
  const globals = template.Globals?.Function as Record<string, unknown> | undefined;
  if (globals) delete globals.CodeUri;
  const file = join(buildDir, 'template.yaml');
  writeFileSync(file, stringify(template, { lineWidth: 0 }));
  return file;
}
