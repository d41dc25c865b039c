import type { Template } from './cfn-yaml';
import { referencedIds } from './references';

/** A function's `Type: HttpApi` event: a route of an HTTP API. */
export interface HttpEvent {
  name: string;
  functionId: string;
  /** ANY, GET, …; with path "$default" the catch-all route. */
  method: string;
  path: string;
  /** The AWS::Serverless::HttpApi's logical id, SAM's implicit ServerlessHttpApi, or a plain AWS::ApiGatewayV2::Api's. */
  apiId: string;
  /** A plain HTTP API's stage name as written (its Stage resource's); SAM's read it from the HttpApi. */
  stageName?: unknown;
  payloadFormatVersion: string;
  /** AWS_IAM, NONE, or an authorizer's name (the event's, else the API's or the Globals' default). */
  authorizer: string;
}

const authOf = (value: unknown) => (value ?? {}) as { Authorizer?: string; DefaultAuthorizer?: string };

type Events = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

export function httpEvents(template: Template, functionId: string, events: Events): HttpEvent[] {
  return Object.entries(events)
    .filter(([, event]) => event.Type === 'HttpApi')
    .map(([name, event]) => {
      const properties = event.Properties ?? {};
      const apiId = referencedIds(properties.ApiId)[0] ?? 'ServerlessHttpApi';
      const api = template.Resources[apiId]?.Properties;
      const globals = (template.Globals?.HttpApi ?? {}) as Record<string, unknown>;
      return {
        name,
        functionId,
        // No Path and Method: the API's $default route.
        method: properties.Method === undefined ? 'ANY' : String(properties.Method).toUpperCase(),
        path: properties.Path === undefined ? '$default' : String(properties.Path),
        apiId,
        payloadFormatVersion: String(
          properties.PayloadFormatVersion ?? api?.PayloadFormatVersion ?? globals.PayloadFormatVersion ?? '2.0',
        ),
        authorizer: String(
          authOf(properties.Auth).Authorizer ??
            authOf(api?.Auth).DefaultAuthorizer ??
            authOf(globals.Auth).DefaultAuthorizer ??
            'NONE',
        ),
      };
    });
}
