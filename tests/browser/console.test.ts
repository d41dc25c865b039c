import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Browser, chromium, type Page } from 'playwright-core';
import { eventually, startRuntime, type TestRuntime } from '../support/runtime';
import { projectRoot } from '../support/template';
import { TestClient } from '../support/ws-client';

const artifacts = join(projectRoot, 'test-artifacts');
let runtime: TestRuntime;
let browser: Browser;
let page: Page;
let first: TestClient;
let second: TestClient;
let firstId: string;
let secondId: string;

/** Connects a client and answers its connection id, as the runtime knows it. */
async function connect(): Promise<[TestClient, string]> {
  const before = new Set(runtime.gateway.connections.keys());
  const client = await TestClient.connect(runtime.webSocketUrl);
  await eventually(() => runtime.gateway.connections.size > before.size);
  const id = [...runtime.gateway.connections.keys()].find((key) => !before.has(key))!;
  return [client, id];
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  runtime = await startRuntime({
    // The functions log at INFO so the console has their lines to show; the lines go nowhere else.
    functionLogLevel: 'INFO',
    functionOutput: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Under each test's 30 s: a step that never happens fails naming its locator, not the test's timeout.
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => console.error('console page error:', error));
  [first, firstId] = await connect();
  [second, secondId] = await connect();
  // Something in the table to browse: the first client's subscription.
  expect(await first.request({ action: 'subscribe', topic: 'post:console-post' })).toMatchObject({
    type: 'subscribed',
  });
  await runtime.gateway.idle();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  first?.socket.terminate();
  second?.socket.terminate();
  await runtime?.close();
});

describe('the console in Chromium', () => {
  it('shows both open connections, live', async () => {
    await page.goto(`${runtime.httpUrl}/_console/`);
    await page.getByTestId('live').filter({ hasText: 'live' }).waitFor();
    const rows = page.getByTestId('connections');
    await rows.locator(`[data-connection="${firstId}"]`).waitFor();
    await rows.locator(`[data-connection="${secondId}"]`).waitFor();
    await page.getByTestId('counters').locator('[data-counter="connections"] b').filter({ hasText: /^2$/ }).waitFor();
  }, 30_000);

  it('sends to one connection through @connections’ port: that client receives it', async () => {
    await page.locator(`[data-connection="${firstId}"]`).click();
    await page.locator('#send-data').fill('{"note":"from the console"}');
    const received = first.next((message) => (message as { note?: string }).note === 'from the console');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    expect(await received).toEqual({ note: 'from the console' });
    await page
      .getByTestId('action-result')
      .filter({ hasText: `Sent to ${firstId}` })
      .waitFor();
    // Its counts follow live: one message in (subscribe), two out (the reply and this one).
    const counts = page.locator(`[data-connection="${firstId}"] td.num`);
    await counts.nth(1).filter({ hasText: /^2$/ }).waitFor();
    expect(await counts.nth(0).textContent()).toBe('1');
    await page.screenshot({ path: join(artifacts, 'console-connections.png') });
  }, 30_000);

  it('closes the other with the code given: the client sees that code, the row goes', async () => {
    await page.locator(`[data-connection="${secondId}"]`).click();
    await page.locator('#close-code').fill('4001');
    await page.locator('#close-reason').fill('bye from the console');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await second.closed).toEqual({ code: 4001, reason: 'bye from the console' });
    await page.locator(`[data-connection="${secondId}"]`).waitFor({ state: 'detached' });
    await page.locator(`[data-connection="${firstId}"]`).waitFor();
  }, 30_000);

  it('logs the frames, and shows a payload as pretty JSON on click', async () => {
    await page.getByRole('tab', { name: 'Live log' }).click();
    const log = page.getByTestId('log');
    const sent = log.locator('tr[data-kind="frame"]', { hasText: '← out' }).first();
    await sent.waitFor();
    await page.locator('#filter-connection').fill(firstId);
    await log.locator('tr', { hasText: 'subscribe' }).first().waitFor();
    await sent.click();
    await page.getByTestId('log-detail').getByText('"note": "from the console"').waitFor();
  }, 30_000);

  it('invokes a function with a sample event from events/ and shows its result and logs', async () => {
    await page.getByRole('tab', { name: 'Functions' }).click();
    await page.getByTestId('invoke-function').selectOption('DefaultFunction');
    await page.getByTestId('invoke-sample').selectOption('ping.json');
    await expect(page.getByTestId('invoke-event').inputValue()).resolves.toContain('"routeKey": "$default"');
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    await page.getByTestId('invoke-result').filter({ hasText: 'pong' }).waitFor();
    expect(await page.getByTestId('invoke-result').getAttribute('class')).toBe('ok');
    await page.screenshot({ path: join(artifacts, 'console-functions.png') });

    // An event the function cannot take: the error shows in the panel, and in red in the log.
    await page.getByTestId('invoke-event').fill('{}');
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    await page.getByTestId('invoke-result').filter({ hasText: 'TypeError' }).waitFor();
    expect(await page.getByTestId('invoke-result').getAttribute('class')).toBe('bad');
    await page.getByRole('tab', { name: 'Live log' }).click();
    await page.locator('#filter-connection').fill('');
    await page.locator('#filter-errors').check();
    await page.getByTestId('log').locator('tr.error', { hasText: 'DefaultFunction' }).first().waitFor();
    await page.locator('#filter-errors').uncheck();
    await page.getByRole('tab', { name: 'Functions' }).click();
  }, 30_000);

  it('browses and searches the template’s table', async () => {
    await page.getByRole('tab', { name: 'Tables' }).click();
    const items = page.getByTestId('table-items');
    await items.locator('tbody tr').first().waitFor();
    const searched = page.waitForResponse(
      (response) => new URL(response.url()).searchParams.get('q') === 'console-post',
    );
    await page.locator('#table-search').fill('console-post');
    await (await searched).finished();
    // The unfiltered rows may still be on screen for a moment: wait for the search's rows, then read them at once.
    await page.waitForFunction(`(() => {
      const titles = [...document.querySelectorAll('#table-rows tr')].map((row) => row.getAttribute('title') ?? '');
      return titles.length > 0 && titles.every((title) => title.includes('console-post'));
    })()`);
    const titles = await items.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('title')));
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(title).toContain('console-post');
    await page.screenshot({ path: join(artifacts, 'console-tables.png') });
    await page.getByRole('tab', { name: 'Live log' }).click();
    await page.locator('#filter-connection').fill('');
    await page.getByTestId('log').locator('tbody tr').nth(5).waitFor();
    await page.screenshot({ path: join(artifacts, 'console.png'), fullPage: false });
  }, 30_000);

  it('keeps the newest search on screen when an older request answers after it', async () => {
    const isTablePage = (url: URL, q: string) =>
      url.pathname.includes('/api/tables/') && url.searchParams.get('q') === q;
    const unfiltered = (url: URL) => isTablePage(url, '');
    const answered = (q: string) => page.waitForResponse((response) => isTablePage(new URL(response.url()), q));
    await page.getByRole('tab', { name: 'Tables' }).click();
    const items = page.getByTestId('table-items');
    await items.locator('tbody tr', { hasText: 'console-post' }).first().waitFor();
    // The unfiltered page the cleared search asks for is held until the newer search's answer is shown.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(unfiltered, async (route) => {
      await released;
      await route.continue();
    });
    try {
      const stale = answered('');
      await page.locator('#table-search').fill('');
      const search = answered('console-post');
      await page.locator('#table-search').fill('console-post');
      await (await search).finished();
      // Every rendering of the rows from now on is recorded: the stale answer's, if it renders.
      await page.evaluate(`(() => {
        window.renderedRows = [];
        new MutationObserver(() => window.renderedRows.push(
          [...document.querySelectorAll('#table-rows tr')].map((row) => row.getAttribute('title') ?? ''),
        )).observe(document.getElementById('table-rows'), { childList: true });
      })()`);
      release();
      await (await stale).finished();
      // A newer load after the stale answer: it renders only once the stale answer has been handled.
      const newer = answered('console-post');
      await page.locator('#table-first').click();
      await (await newer).finished();
      await page.waitForFunction('window.renderedRows.length > 0');
      const rendered = (await page.evaluate('window.renderedRows')) as string[][];
      for (const rows of rendered) for (const title of rows) expect(title).toContain('console-post');
    } finally {
      await page.unroute(unfiltered);
    }
  }, 30_000);

  it('says why under the table when a page of it cannot be read', async () => {
    const tablePage = (url: URL) => url.pathname.includes('/api/tables/');
    await page.route(tablePage, (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{"message":"the store is down"}' }),
    );
    try {
      await page.getByRole('tab', { name: 'Tables' }).click();
      await page.locator('#table-search').fill('anything');
      await page.locator('#table-note').filter({ hasText: 'Could not read the table: the store is down' }).waitFor();
    } finally {
      await page.unroute(tablePage);
    }
    await page.locator('#table-search').fill('console-post');
    await page.getByTestId('table-items').locator('tbody tr', { hasText: 'console-post' }).first().waitFor();
  }, 30_000);

  it('shows the quotas in force', async () => {
    await page.getByRole('tab', { name: 'Quotas' }).click();
    const quotas = page.getByTestId('quotas');
    await quotas.getByText('131,072 bytes').waitFor();
    await quotas.getByText(/off \(--throttle-rate turns it on\)/).waitFor();
    await quotas.getByText(/\$connect → ConnectFunction/).waitFor();
    await page.screenshot({ path: join(artifacts, 'console-quotas.png') });
  }, 30_000);

  it('refuses a cross-site page that tries to close a connection through it', async () => {
    const evil: Server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    try {
      const other = await browser.newPage();
      await other.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const target = `${runtime.httpUrl}/_console/api/connections/${encodeURIComponent(firstId)}/close`;
      // A simple request needs no preflight: the browser sends it, and would only hide the answer.
      const outcome = await other.evaluate(
        (url) =>
          fetch(url, { method: 'POST', mode: 'no-cors', body: '{"code":4000}' }).then(
            () => 'answered',
            () => 'blocked',
          ),
        target,
      );
      await other.close();
      // The request reached the runtime, which refused it (and said so), and the connection is still open.
      await eventually(() => runtime.log.lines.some((line) => line.includes('console refused a request')));
      expect(runtime.log.lines.find((line) => line.includes('console refused'))).toContain('cross-origin request from');
      expect(outcome).toBe('blocked');
      expect(runtime.gateway.connections.has(firstId)).toBe(true);
    } finally {
      evil.close();
    }
  }, 30_000);
});
