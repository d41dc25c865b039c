import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { eventually, startRuntime, type TestRuntime } from '../support/runtime';
import { projectRoot } from '../support/template';

const artifacts = join(projectRoot, 'test-artifacts');
let runtime: TestRuntime;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  runtime = await startRuntime({ devPage: join(projectRoot, 'clients', 'browser', 'demo') });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  page = await browser.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

async function broadcastComments(postId: string, text: string) {
  const response = await fetch(`${runtime.httpUrl}/development/broadcast/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'comments_list',
      data: { post_id: postId, comments: [{ id: text, author: 'test', text }], count: 1 },
    }),
  });
  return (await response.json()) as { delivered: number };
}

describe('the demo page in Chromium', () => {
  it("subscribed to post A shows A's broadcast and not B's", async () => {
    await page.goto(`${runtime.httpUrl}/_dev/?post=A`);
    await page.getByTestId('state').filter({ hasText: 'open' }).waitFor();
    // The subscription is in place once the runtime has handled it.
    await runtime.gateway.idle();

    await broadcastComments('B', 'for post B');
    await broadcastComments('A', 'for post A');

    await page.getByTestId('comments').getByText('for post A').waitFor();
    expect(await page.getByTestId('comments').textContent()).not.toContain('for post B');
  }, 30_000);

  it('reconnects after the runtime closes the connection, subscribes again and receives the next broadcast', async () => {
    const [connectionId] = [...runtime.gateway.connections.keys()];
    const response = await fetch(`${runtime.httpUrl}/development/@connections/${encodeURIComponent(connectionId!)}`, {
      method: 'DELETE',
    });
    expect(response.status).toBe(204);

    await page.getByTestId('state').filter({ hasText: 'open' }).waitFor();
    await eventually(() => runtime.gateway.connections.size > 0);
    expect([...runtime.gateway.connections.keys()]).not.toContain(connectionId);
    await runtime.gateway.idle();

    expect((await broadcastComments('A', 'after reconnect')).delivered).toBe(1);
    await page.getByTestId('comments').getByText('after reconnect').waitFor();
  }, 30_000);

  it('posts a comment from its form and shows it when the broadcast comes back', async () => {
    await page.getByTestId('comment').fill('typed in the page');
    await page.getByRole('button', { name: /Post/ }).click();
    await page.getByTestId('comments').getByText('typed in the page').waitFor();
    await page.getByTestId('result').filter({ hasText: 'delivered to 1 of 1' }).waitFor();
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'demo-page.png'), fullPage: true });
  }, 30_000);
});
