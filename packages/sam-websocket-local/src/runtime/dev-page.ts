import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';

/** What the page reads from ./config.json: where this runtime serves the template's routes. */
export interface DevPageConfig {
  webSocketUrl: string;
  /** "METHOD /path" → the path to call on the runtime, stage included. */
  routes: Record<string, string>;
}

const SCRIPT_NAMES = ['main.tsx', 'main.ts', 'main.jsx', 'main.js'];

/**
 * A project's own page at /_dev/ (`--dev-page <dir>`): the folder's index.html, its main script
 * bundled on first request by esbuild, and config.json with this runtime's URLs.
 */
export class DevPage {
  private script?: Promise<Uint8Array>;

  constructor(
    private readonly dir: string,
    private readonly config: DevPageConfig,
  ) {
    if (!existsSync(join(dir, 'index.html'))) throw new Error(`--dev-page: no index.html in ${dir}`);
  }

  async serve(path: string, response: ServerResponse): Promise<boolean> {
    if (path === '/_dev') {
      response.writeHead(301, { Location: '/_dev/' });
      response.end();
      return true;
    }
    if (path === '/_dev/' || path === '/_dev/index.html')
      return this.send(response, 'text/html; charset=utf-8', readFileSync(join(this.dir, 'index.html')));
    if (path === '/_dev/config.json')
      return this.send(response, 'application/json', Buffer.from(JSON.stringify(this.config)));
    if (path === '/_dev/main.js')
      return this.send(response, 'text/javascript; charset=utf-8', await (this.script ??= this.bundle()));
    return false;
  }

  private async bundle(): Promise<Uint8Array> {
    const entry = SCRIPT_NAMES.map((name) => join(this.dir, name)).find((file) => existsSync(file));
    if (!entry) return Buffer.from(`console.error(${JSON.stringify(`no ${SCRIPT_NAMES.join('/')} in ${this.dir}`)})`);
    const result = await build({
      entryPoints: [entry],
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
