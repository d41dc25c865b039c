// The console page: plain modules, no build step. Everything from the server is shown with
// textContent (never as HTML): payloads come from clients and must not run here.
const token = document.querySelector('meta[name="console-token"]').content;
const $ = (id) => document.getElementById(id);

/** A call of the console's API, with the token every call needs; throws the server's message. */
async function api(path, options = {}) {
  const response = await fetch(`api/${path}`, {
    ...options,
    headers: { 'X-Console-Token': token, 'Content-Type': 'application/json', ...options.headers },
  });
  const body = await response.json();
  if (!response.ok) throw Object.assign(new Error(body.message ?? response.statusText), { status: response.status });
  return body;
}

/**
 * `api` for a view that reloads as the user types: only the newest request's answer comes back,
 * older ones resolve to undefined, so a late answer to an earlier search never replaces the newer.
 */
function newestOnly() {
  let newest = 0;
  return async (path) => {
    const call = ++newest;
    const body = await api(path);
    return call === newest ? body : undefined;
  };
}

/** An element with attributes and children (strings become text nodes). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'className') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const pretty = (text) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};
const duration = (ms) => {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const [big, small, units] =
    seconds < 3600
      ? [Math.floor(seconds / 60), seconds % 60, 'ms']
      : [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), 'hm'];
  return small ? `${big}${units[0]} ${small}${units[1]}` : `${big}${units[0]}`;
};
const clock = (at) => new Date(at).toISOString().slice(11, 23);
const short = (id) => (id && id.length > 14 ? `${id.slice(0, 12)}…` : (id ?? ''));

// ---- tabs ----
const tabs = [...document.querySelectorAll('[role="tab"]')];
let currentTab = 'connections';
function showTab(name) {
  currentTab = name;
  for (const tab of tabs) tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
  for (const panel of document.querySelectorAll('[role="tabpanel"]')) panel.hidden = panel.id !== name;
  ({ connections: loadConnections, log: loadLog, functions: loadFunctions, tables: loadTable, quotas: loadOverview })[
    name
  ]();
}
for (const tab of tabs) tab.addEventListener('click', () => showTab(tab.dataset.tab));

// ---- counters and overview ----
const COUNTERS = [
  ['connections', 'connections'],
  ['messagesPerSecond', 'messages/s'],
  ['messagesIn', 'in'],
  ['messagesOut', 'out'],
  ['invocations', 'invocations'],
  ['invocationErrors', 'errors'],
  ['throttled', '429s'],
];
function showCounters(counters) {
  $('counters').replaceChildren(
    ...COUNTERS.map(([key, label]) =>
      h(
        'li',
        { 'data-counter': key, className: key === 'invocationErrors' && counters[key] > 0 ? 'bad' : '' },
        h('b', {}, counters[key].toLocaleString()),
        ` ${label}`,
      ),
    ),
  );
}

async function loadOverview() {
  const overview = await api('overview');
  $('where').textContent = `${overview.templatePath} · ${overview.webSocketUrl}`;
  showCounters(overview.counters);
  const quotas = overview.quotas;
  const rows = [
    ['Message size', `${quotas.maxMessageBytes.toLocaleString()} bytes`],
    ['Frame size', `${quotas.maxFrameBytes.toLocaleString()} bytes`],
    ['Idle timeout', duration(quotas.idleTimeoutMs)],
    ['Connection duration', duration(quotas.maxConnectionMs)],
    ['Messages in flight per connection', quotas.maxMessagesInFlight],
    ['Buffered bytes before a slow client is dropped', quotas.maxBufferedBytes.toLocaleString()],
    [
      'Account throttle (@connections, REST, HTTP)',
      typeof quotas.throttle === 'string'
        ? quotas.throttle
        : `${quotas.throttle.ratePerSecond}/s, burst ${quotas.throttle.burst}`,
    ],
    ['Instances per function', quotas.maxInstancesPerFunction],
    ['@connections endpoint', overview.managementEndpoint],
    [
      'WebSocket routes',
      Object.entries(overview.routes)
        .map(([route, fn]) => `${route} → ${fn}`)
        .join(', '),
    ],
  ];
  $('quota-list').replaceChildren(...rows.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]));
}

// ---- connections ----
const connectionsView = { offset: 0, limit: 50, selected: undefined, page: undefined, skew: 0 };
const connectionPages = newestOnly();
async function loadConnections() {
  const query = new URLSearchParams({
    offset: connectionsView.offset,
    limit: connectionsView.limit,
    q: $('connection-search').value,
  });
  const page = await connectionPages(`connections?${query}`);
  if (!page) return;
  connectionsView.page = page;
  connectionsView.skew = Date.now() - page.now;
  renderConnections();
}
function renderConnections() {
  const page = connectionsView.page;
  if (!page) return;
  const now = Date.now() - connectionsView.skew;
  const last = page.offset + page.items.length;
  $('connection-range').textContent = page.matched
    ? `${page.offset + 1}–${last} of ${page.matched.toLocaleString()}${page.matched < page.total ? ` (of ${page.total.toLocaleString()} open)` : ''}`
    : `no connections${page.total ? ` match (${page.total.toLocaleString()} open)` : ' open'}`;
  $('connection-prev').disabled = page.offset === 0;
  $('connection-next').disabled = last >= page.matched;
  $('connection-rows').replaceChildren(
    ...page.items.map((connection) =>
      h(
        'tr',
        {
          'data-connection': connection.connectionId,
          className: connection.connectionId === connectionsView.selected ? 'selected' : '',
          onclick: () => selectConnection(connection.connectionId),
        },
        h('td', {}, h('code', {}, connection.connectionId)),
        h('td', {}, duration(now - connection.connectedAt)),
        h('td', {}, duration(now - connection.lastActiveAt)),
        h('td', {}, connection.sourceIp),
        h(
          'td',
          { className: 'identity', title: connection.userAgent },
          connection.authorizer ? JSON.stringify(connection.authorizer) : connection.userAgent || '—',
        ),
        h('td', { className: 'num' }, connection.messagesIn),
        h('td', { className: 'num' }, connection.messagesOut),
        h('td', {}, h('button', { type: 'button', className: 'small' }, 'Act…')),
      ),
    ),
  );
}
function selectConnection(connectionId) {
  connectionsView.selected = connectionId;
  $('selected-connection').textContent = connectionId;
  $('connection-actions').hidden = false;
  $('action-result').textContent = '';
  renderConnections();
}
async function connectionAction(action, body) {
  const id = connectionsView.selected;
  try {
    await api(`connections/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
    $('action-result').textContent =
      action === 'send' ? `Sent to ${id}.` : `Closing ${id} with ${$('close-code').value}.`;
  } catch (error) {
    $('action-result').textContent = `${action} failed: ${error.message}`;
  }
}
$('send').addEventListener('click', () => connectionAction('send', $('send-data').value));
$('close').addEventListener('click', () =>
  connectionAction('close', JSON.stringify({ code: Number($('close-code').value), reason: $('close-reason').value })),
);
$('connection-search').addEventListener('input', () => {
  connectionsView.offset = 0;
  loadConnections();
});
$('connection-prev').addEventListener('click', () => {
  connectionsView.offset = Math.max(0, connectionsView.offset - connectionsView.limit);
  loadConnections();
});
$('connection-next').addEventListener('click', () => {
  connectionsView.offset += connectionsView.limit;
  loadConnections();
});

// ---- live log ----
const MAX_LOG_ROWS = 500;
const logFilter = () => ({
  connectionId: $('filter-connection').value.trim(),
  routeKey: $('filter-route').value.trim(),
  functionId: $('filter-function').value,
  errors: $('filter-errors').checked ? '1' : '',
});
const passes = (line, filter) =>
  (!filter.connectionId || line.connectionId === filter.connectionId) &&
  (!filter.routeKey || line.routeKey === filter.routeKey) &&
  (!filter.functionId || line.functionId === filter.functionId) &&
  (!filter.errors || line.error !== undefined);
const ARROWS = { in: '→ in', out: '← out', open: '+ open', close: '× close' };

function logRow(line) {
  const what = line.kind === 'invocation' ? 'λ invoke' : ARROWS[line.direction];
  const row = h(
    'tr',
    {
      'data-line': line.id,
      'data-kind': line.kind,
      className: line.error ? 'error' : '',
      onclick: () => showDetail(line.id),
    },
    h('td', { className: 'time' }, clock(line.at)),
    h('td', { className: `what ${line.kind}` }, what),
    h('td', {}, line.routeKey ?? ''),
    h('td', {}, line.functionId ?? ''),
    h('td', { title: line.connectionId ?? '' }, short(line.connectionId)),
    h('td', {}, line.error ? `${line.status ?? ''} ${line.error}` : (line.status ?? '')),
    h('td', { className: 'num' }, line.durationMs ?? ''),
    h('td', { className: 'num' }, line.size ?? ''),
  );
  if (!line.errorLines?.length) return [row];
  // A failure shows its function's last lines right under it: usually the why.
  return [
    row,
    h(
      'tr',
      { className: 'error-lines', 'data-lines-of': line.id },
      h('td', { colspan: 8 }, h('pre', { className: 'logs' }, line.errorLines.join('\n'))),
    ),
  ];
}
const logPages = newestOnly();
async function loadLog() {
  const filter = logFilter();
  const query = new URLSearchParams({ limit: MAX_LOG_ROWS, ...filter });
  const page = await logPages(`log?${query}`);
  if (!page) return;
  $('log-rows').replaceChildren(...page.lines.flatMap(logRow));
  $('log-note').textContent = `keeps the last ${page.capacity.toLocaleString()} entries`;
}
function appendLog({ lines, missed }) {
  if (currentTab !== 'log' || $('log-pause').checked) return;
  const filter = logFilter();
  const rows = lines
    .filter((line) => passes(line, filter))
    .reverse()
    .flatMap(logRow);
  $('log-rows').prepend(...rows);
  while ($('log-rows').childElementCount > MAX_LOG_ROWS) $('log-rows').lastElementChild.remove();
  if (missed)
    $('log-note').textContent = `${missed.toLocaleString()} lines went by too fast to show; the log keeps them`;
}
async function showDetail(id) {
  const panel = $('log-detail');
  try {
    const entry = await api(`log/${id}`);
    const parts = [
      h('h2', {}, `${entry.kind} #${entry.id}`, entry.requestId ? h('small', {}, ` ${entry.requestId}`) : null),
      entry.error ? h('p', { className: 'bad' }, entry.error) : null,
      entry.payload !== undefined
        ? [h('h3', {}, entry.kind === 'invocation' ? 'Event' : 'Payload'), h('pre', {}, pretty(entry.payload))]
        : null,
      entry.result !== undefined ? [h('h3', {}, 'Result'), h('pre', {}, pretty(entry.result))] : null,
      entry.logs?.length
        ? [h('h3', {}, 'Function logs'), h('pre', { className: 'logs' }, entry.logs.join('\n'))]
        : null,
    ];
    panel.replaceChildren(...parts.flat().filter(Boolean));
  } catch (error) {
    panel.replaceChildren(h('p', { className: 'muted' }, error.message));
  }
}
for (const id of ['filter-connection', 'filter-route', 'filter-function', 'filter-errors'])
  $(id).addEventListener('input', loadLog);

// ---- functions ----
let samples = [];
async function loadFunctions() {
  const [functions, events] = await Promise.all([api('functions'), api('events')]);
  samples = events;
  $('function-rows').replaceChildren(
    ...functions.map((fn) =>
      h(
        'tr',
        { 'data-function': fn.logicalId, onclick: () => ($('invoke-function').value = fn.logicalId) },
        h('td', {}, h('b', {}, fn.logicalId), h('div', { className: 'muted' }, fn.functionName)),
        h('td', {}, fn.runtime ?? ''),
        h('td', {}, h('code', {}, fn.handler ?? '')),
        h('td', { className: 'num' }, `${fn.timeoutSeconds}s`),
        h('td', { className: 'num' }, `${fn.memoryMb} MB`),
        h('td', { className: 'num' }, fn.instances),
      ),
    ),
  );
  const chosen = $('invoke-function').value;
  $('invoke-function').replaceChildren(...functions.map((fn) => h('option', { value: fn.logicalId }, fn.logicalId)));
  if (chosen) $('invoke-function').value = chosen;
  $('filter-function').replaceChildren(
    h('option', { value: '' }, 'All functions'),
    ...functions.map((fn) => h('option', { value: fn.logicalId }, fn.logicalId)),
  );
  $('invoke-sample').replaceChildren(
    h('option', { value: '' }, samples.length ? 'Sample event from events/…' : 'No events/ folder in the project'),
    ...samples.map((sample) => h('option', { value: sample.name }, sample.name)),
  );
}
$('invoke-sample').addEventListener('change', () => {
  const sample = samples.find((candidate) => candidate.name === $('invoke-sample').value);
  if (sample) $('invoke-event').value = sample.text;
});
$('invoke').addEventListener('click', async () => {
  const fn = $('invoke-function').value;
  $('invoke-status').textContent = `invoking ${fn}…`;
  $('invoke-result').className = '';
  try {
    const outcome = await api(`functions/${encodeURIComponent(fn)}/invoke`, {
      method: 'POST',
      body: $('invoke-event').value,
    });
    $('invoke-status').textContent =
      `${outcome.ok ? 'succeeded' : 'failed'} in ${outcome.durationMs} ms${outcome.coldStart ? ' (cold start)' : ''} · ${outcome.requestId}`;
    $('invoke-result').className = outcome.ok ? 'ok' : 'bad';
    $('invoke-result').textContent = JSON.stringify(outcome.ok ? outcome.result : outcome.error, null, 2);
    $('invoke-logs').textContent = outcome.logs.length ? outcome.logs.join('\n') : '(no output)';
  } catch (error) {
    $('invoke-status').textContent = error.message;
    $('invoke-result').className = 'bad';
    $('invoke-result').textContent = '';
  }
});

// ---- tables ----
const tableView = { cursors: [] };
const tablePages = newestOnly();
/** Shows the page of the table at `cursor`; a request that fails says why under the table. */
function loadTable(cursor) {
  return readTable(cursor).catch((error) => {
    $('table-note').textContent = `Could not read the table: ${error.message}`;
  });
}
async function readTable(cursor) {
  if (!$('table-name').options.length) {
    const names = await api('tables');
    $('table-name').replaceChildren(...names.map((name) => h('option', { value: name }, name)));
    if (!names.length) return void ($('table-note').textContent = 'The template has no tables.');
  }
  const query = new URLSearchParams({ limit: 25, q: $('table-search').value });
  if (cursor) query.set('cursor', cursor);
  const page = await tablePages(`tables/${encodeURIComponent($('table-name').value)}?${query}`);
  if (!page) return;
  tableView.next = page.next;
  const columns = [...page.keys];
  for (const item of page.items) for (const name of Object.keys(item)) if (!columns.includes(name)) columns.push(name);
  const shown = columns.slice(0, 8);
  $('table-head').replaceChildren(
    h('tr', {}, ...shown.map((name) => h('th', { className: page.keys.includes(name) ? 'key' : '' }, name))),
  );
  $('table-rows').replaceChildren(
    ...page.items.map((item) =>
      h(
        'tr',
        { title: JSON.stringify(item, null, 2) },
        ...shown.map((name) =>
          h(
            'td',
            {},
            item[name] === undefined ? '' : typeof item[name] === 'string' ? item[name] : JSON.stringify(item[name]),
          ),
        ),
      ),
    ),
  );
  $('table-note').textContent =
    `${page.items.length} item(s) shown, ${page.scanned} read${page.next ? '; more follow' : '; end of table'}`;
  $('table-next').disabled = !page.next;
}
$('table-name').addEventListener('change', () => loadTable());
$('table-search').addEventListener('input', () => loadTable());
$('table-first').addEventListener('click', () => loadTable());
$('table-next').addEventListener('click', () => tableView.next && loadTable(tableView.next));

// ---- live updates: server-sent events, coalesced by the server ----
function listen() {
  const events = new EventSource(`api/stream?token=${encodeURIComponent(token)}`);
  events.addEventListener('open', () => {
    $('live').textContent = 'live';
    $('live').className = 'live on';
  });
  events.addEventListener('error', () => {
    $('live').textContent = 'reconnecting…';
    $('live').className = 'live';
  });
  events.addEventListener('counters', (event) => showCounters(JSON.parse(event.data)));
  events.addEventListener('log', (event) => {
    const batch = JSON.parse(event.data);
    appendLog(batch);
    // Messages in and out of a connection on the page: its counts changed.
    const shown = new Set((connectionsView.page?.items ?? []).map((connection) => connection.connectionId));
    if (currentTab === 'connections' && batch.lines.some((line) => shown.has(line.connectionId))) loadConnections();
  });
  events.addEventListener('connections', () => {
    if (currentTab === 'connections') loadConnections();
  });
}

// Ages and idle times move on without the server: redraw them from the timestamps it gave.
setInterval(() => currentTab === 'connections' && renderConnections(), 1000);
loadOverview();
loadFunctions();
showTab('connections');
listen();
