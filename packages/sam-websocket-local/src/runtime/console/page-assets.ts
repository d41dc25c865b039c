import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

/**
 * The page's own files, shipped as they are (no build step): `console/` at the package's top,
 * found from the TypeScript source (src/runtime/console) or from the bundle (dist).
 */
const FOLDER = [join(__dirname, '..', '..', '..', 'console'), join(__dirname, '..', 'console')].find((folder) =>
  existsSync(join(folder, 'index.html')),
);

const TYPES: Record<string, string> = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

/** Headers on every console answer: no framing, no sniffing, scripts and styles from here only. */
export const PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** index.html with the process's token in it (the page reads it from a meta tag), or a static asset. */
export function servePageFile(name: string, token: string, response: ServerResponse): boolean {
  if (!FOLDER) throw new Error('the console page files are missing from the sam-websocket-local package');
  if (name === '' || name === 'index.html') {
    const html = readFileSync(join(FOLDER, 'index.html'), 'utf8').replace('__CONSOLE_TOKEN__', token);
    send(response, 'text/html; charset=utf-8', Buffer.from(html));
    return true;
  }
  const type = TYPES[name];
  if (!type) return false;
  send(response, type, readFileSync(join(FOLDER, name)));
  return true;
}

function send(response: ServerResponse, type: string, body: Buffer): void {
  response.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': type, 'Content-Length': body.byteLength });
  response.end(body);
}
