import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Application } from '../template/application';

/**
 * `template.yaml` beside the built artifacts, as `sam build` writes it: each function's CodeUri
 * and each layer's ContentUri name its built folder. `sam deploy` prefers this file to the source
 * template, whose `CodeUri: ./` would upload the whole project.
 */
export function writeBuiltTemplate(buildDir: string, app: Application, root: string): string {
  const template = structuredClone(app.template);
  // A folder that was not built is deployed as it is: named from the built template's place.
  const sourceFolder = (uri: string) => relative(buildDir, resolve(root, uri)) || '.';
  for (const fn of app.functions.values()) {
    const resource = template.Resources[fn.logicalId]!;
    if (fn.packageType === 'Image' || fn.inlineCode !== undefined || fn.unavailable) continue;
    // A plain CloudFormation function names its folder in Code, SAM's in CodeUri.
    const codeProperty = resource.Type === 'AWS::Lambda::Function' ? 'Code' : 'CodeUri';
    resource.Properties = {
      ...resource.Properties,
      [codeProperty]: fn.buildMethod === 'esbuild' ? fn.logicalId : sourceFolder(fn.codeUri),
    };
    resource.Metadata = { ...resource.Metadata, SamResourceId: fn.logicalId };
  }
  for (const layer of app.layers.values()) {
    const resource = template.Resources[layer.logicalId]!;
    resource.Properties = {
      ...resource.Properties,
      ContentUri: layer.buildMethod === 'makefile' ? layer.logicalId : sourceFolder(layer.contentUri),
    };
    resource.Metadata = { ...resource.Metadata, SamResourceId: layer.logicalId };
  }
  // The shared Globals CodeUri would point back at the source tree for any function that lacked its own.
  const globals = template.Globals?.Function as Record<string, unknown> | undefined;
  if (globals) delete globals.CodeUri;
  const file = join(buildDir, 'template.yaml');
  writeFileSync(file, stringify(template, { lineWidth: 0 }));
  return file;
}
