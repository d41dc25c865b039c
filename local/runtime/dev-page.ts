import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../paths';

const demoDir = join(projectRoot, 'clients', 'browser', 'demo');

/**
 * The browser client's demo page at /_dev/: built on first request (esbuild bundles React and the
 * client), configured with this runtime's URLs.
 */
export class DevPage {
  private script?: Promise<Uint8Array>;

  constructor(private readonly config: { webSocketUrl: string; broadcastCommentsUrl: string }) {}

  async serve(path: string, response: ServerResponse): Promise<boolean> {
    if (path === '/_dev') {
      response.writeHead(301, { Location: '/_dev/' });
      response.end();
      return true;
    }
    if (path === '/_dev/' || path === '/_dev/index.html') return this.send(response, 'text/html; charset=utf-8', readFileSync(join(demoDir, 'index.html')));
    if (path === '/_dev/config.json') return this.send(response, 'application/json', Buffer.from(JSON.stringify(this.config)));
    if (path === '/_dev/main.js') return this.send(response, 'text/javascript; charset=utf-8', await (this.script ??= this.bundle()));
    return false;
  }

  private async bundle(): Promise<Uint8Array> {
    const result = await build({
      entryPoints: [join(demoDir, 'main.tsx')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      jsx: 'automatic',
      minify: true,
      write: false,
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'warning',
    });
    return result.outputFiles[0]!.contents;
  }

  private send(response: ServerResponse, type: string, body: Uint8Array): true {
    response.writeHead(200, { 'Content-Type': type, 'Content-Length': body.byteLength, 'Cache-Control': 'no-store' });
    response.end(body);
    return true;
  }
}
