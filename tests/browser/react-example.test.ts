import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { projectRoot } from '../support/template';

const run = promisify(execFile);
const example = join(projectRoot, 'examples', 'react-comments');
const artifacts = join(projectRoot, 'test-artifacts');
let runtime: TestRuntime;
let browser: Browser;
let site: Server;
let siteUrl: string;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** The example's production build, served as static files (what a host would do with dist/). */
async function serveBuild(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

beforeAll(async () => {
  // As a user would: the package built to dist/, the app built by Vite against the package's exports.
  await run('npm', ['run', 'build'], { cwd: join(projectRoot, 'clients', 'browser') });
  await run(join(projectRoot, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: example });
  site = await serveBuild(join(example, 'dist'));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  runtime = await startRuntime();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await runtime?.close();
  await new Promise((resolve) => site?.close(resolve));
});

describe('the React + Vite example, built, in Chromium', () => {
  it("shows a post's comments live when the backend broadcasts them, and not another post's", async () => {
    const page = await browser.newPage();
    await page.goto(`${siteUrl}?post=7&ws=${encodeURIComponent(runtime.webSocketUrl)}`);
    await page.getByTestId('state').filter({ hasText: 'open' }).waitFor();
    await page.getByTestId('waiting').waitFor();
    // The subscription is in place once the runtime has handled it.
    await runtime.gateway.idle();

    for (const [postId, text] of [
      ['8', 'for post 8'],
      ['7', 'for post 7'],
    ]) {
      const response = await fetch(`${runtime.httpUrl}/development/broadcast/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'comments_list',
          data: { post_id: postId, comments: [{ id: 1, author: 'ada', text }], count: 1 },
        }),
      });
      expect(response.status).toBe(200);
    }

    await page.getByTestId('comments').getByText('for post 7').waitFor();
    expect(await page.getByTestId('comments').textContent()).not.toContain('for post 8');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'react-example.png'), fullPage: true });
  }, 60_000);
});
