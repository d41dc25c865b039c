import type { Template, TemplateResource } from './cfn-yaml';
import type { FunctionSpec } from './function-spec';
import { referencedIds } from './references';

interface LambdaCode {
  ZipFile?: unknown;
  S3Bucket?: unknown;
  ImageUri?: unknown;
}

/**
 * A plain CloudFormation `AWS::Lambda::Function`, as pattern templates mix them in: inline
 * `Code.ZipFile`, or `Code` as a local folder (what `aws cloudformation package` and `sam build`
 * accept). SAM's Globals do not apply to it, and it has no Events.
 */
export function cfnFunctionSpec(template: Template, logicalId: string, resource: TemplateResource): FunctionSpec {
  const properties = resource.Properties ?? {};
  const code = properties.Code as LambdaCode | string | undefined;
  const inline = typeof code === 'object' && typeof code.ZipFile === 'string' ? code.ZipFile : undefined;
  const folder = typeof code === 'string' ? code : undefined;
  const layers = (properties.Layers ?? []) as unknown[];
  return {
    logicalId,
    handler: String(properties.Handler ?? ''),
    codeUri: folder ?? '.',
    inlineCode: inline,
    packageType: String(properties.PackageType ?? 'Zip'),
    unavailable:
      inline === undefined && folder === undefined
        ? 'its Code is in S3 or an image, which the runtime cannot fetch (write Code as a local folder or ZipFile)'
        : undefined,
    runtime: String(properties.Runtime ?? ''),
    timeout: properties.Timeout ?? 3,
    memorySize: properties.MemorySize ?? 128,
    functionName: properties.FunctionName,
    reservedConcurrency: properties.ReservedConcurrentExecutions,
    loggingConfig: properties.LoggingConfig as Record<string, unknown> | undefined,
    layers: layers
      .flatMap(referencedIds)
      .filter((id) => template.Resources[id]?.Type === 'AWS::Serverless::LayerVersion'),
    layerValues: layers,
    environment: ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
      {}) as Record<string, unknown>,
    buildProperties: {},
    restEvents: [],
    httpEvents: [],
  };
}
