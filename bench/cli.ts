import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAll, defaultLayout } from 'sam-websocket-local/internal';
import { type Application, readApplication } from 'sam-websocket-local/internal';
import { readTemplate } from 'sam-websocket-local/internal';
import { ensureFileLimit, fileLimits } from './fd-limit';
import { Progress } from './progress';
import { projectRoot } from './runtime-process';
import { coldStart } from './scenarios/coldstart';
import { fanout, type FanoutRun, type System } from './scenarios/fanout';
import { churn } from './scenarios/churn';
import { quota, type QuotaRun } from './scenarios/quota';
import { scale, type ScaleRun } from './scenarios/scale';
import { senderCost } from './scenarios/sender';
import { QUERIES_ONLY, type SmallRun, type SmallSystem, smallBroadcasts } from './scenarios/small';
import { echo } from './scenarios/echo';
import { type StartupRun, startToFirstBroadcast } from './scenarios/startup';
import { targeted } from './scenarios/targeted';
import { summarize, type Summary } from './stats';

const USAGE = `npm run bench -- [--quick] [--scenarios small,echo,fanout,quota,targeted,scale,churn,sender,coldstart,startup] [--sizes 1000,3000,10000] [--runs 3] [--warmups 1]
  --quick        small sizes, one run after the warm-up: a check that the harness works
  --scenarios    which scenarios to run (default: all)
  --sizes        client counts for fan-out; the largest is also used for the scale scenario
  --runs         measured runs per case after the warm-ups (default 3)
  --warmups      fan-out broadcasts before the measured ones, per system (default 1); a fresh
                 function instance takes a few thousand sends to reach its steady speed
  --echo-url     the echo scenario's load against a server already serving bench/projects/echo there
                 (ws://host:port), instead of this runtime: another local runtime, measured the same way
Results: a Markdown table here, JSON in bench/results/.`;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    scenarios: { type: 'string', default: 'small,echo,fanout,quota,targeted,scale,churn,sender,coldstart,startup' },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    warmups: { type: 'string' },
    'echo-url': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const quick = values.quick;
const scenarios = new Set(values.scenarios.split(','));
const sizes = (values.sizes ?? (quick ? '200' : '1000,3000,10000')).split(',').map(Number);
const runs = Number(values.runs ?? (quick ? 1 : 3));
const warmups = Number(values.warmups ?? 1);
const largest = Math.max(...sizes);

// Clients here, and the runtime's own sockets in its own process: one descriptor each, plus slack.
if (!ensureFileLimit(Math.max(largest, scenarios.has('quota') ? 18_000 : 0) + 1000)) {
  console.error(
    `note: open-file limit is ${fileLimits().soft} and cannot be raised here; sizes above about ${fileLimits().soft - 1000} will fail`,
  );
}

const fmt = (summary: Summary, digits = 0) =>
  `${summary.median.toFixed(digits)} (${summary.min.toFixed(digits)}–${summary.max.toFixed(digits)})`;
/** Medians of the runtime's CPU readings: main thread / all threads, or n/a off Linux. */
const medianPair = (readings: ({ mainUs: number; allUs: number } | undefined)[]) => {
  const known = readings.filter((reading) => reading !== undefined);
  if (known.length === 0) return 'n/a';
  const median = (pick: (reading: { mainUs: number; allUs: number }) => number) =>
    summarize(known.map(pick)).median.toFixed(0);
  return `${median((reading) => reading.mainUs)} / ${median((reading) => reading.allUs)}`;
};
const perBroadcastMs = (reading: { mainUs: number; allUs: number } | undefined) =>
  reading ? `${(reading.mainUs / 1000).toFixed(1)} / ${(reading.allUs / 1000).toFixed(1)}` : 'n/a';
const lines: string[] = [];
/** Prints each section as soon as it is complete, and keeps it for the end. */
const section = (from: number) => {
  progress.done();
  console.log(lines.slice(from).join('\n'));
};
const json: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  quick,
  sizes,
  runs,
  warmups,
  node: process.version,
};
const progress = new Progress();

async function fanoutSection(): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  lines.push(
    `## Fan-out: POST to the last of N clients receiving a 1 KB message (ms, median (min–max) after ${warmups} warm-up broadcast${warmups === 1 ? '' : 's'})`,
    '',
  );
  lines.push(
    '| N | ours | (a) direct ws | (b) POST per connection, 64 at a time | ours/(a) | ours/(b) | function CPU µs per recipient (ours, all parts) | runtime CPU µs per recipient: main thread / all threads (ours) | missed / duplicates (ours) |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const n of sizes) {
    const results = {} as Record<System, FanoutRun[]>;
    for (const system of ['ours', 'direct', 'post64'] as const)
      results[system] = await fanout(system, n, runs, progress, warmups);
    const ms = (system: System) => summarize(results[system].map((run) => run.ms));
    const missed = results.ours.reduce((sum, run) => sum + run.missed, 0);
    const duplicates = results.ours.reduce((sum, run) => sum + run.duplicates, 0);
    const busy = results.ours.flatMap((run) =>
      run.functionUsPerRecipient === undefined ? [] : [run.functionUsPerRecipient],
    );
    const busyText = busy.length > 0 ? fmt(summarize(busy)) : 'n/a';
    const runtimeText = medianPair(results.ours.map((run) => run.runtimeCpu));
    lines.push(
      `| ${n} | ${fmt(ms('ours'))} | ${fmt(ms('direct'))} | ${fmt(ms('post64'))} | ${(ms('ours').median / ms('direct').median).toFixed(2)} | ${(ms('ours').median / ms('post64').median).toFixed(2)} | ${busyText} | ${runtimeText} | ${missed} / ${duplicates} |`,
    );
    rows.push({ n, ours: results.ours, direct: results.direct, post64: results.post64 });
  }
  lines.push('');
  json.fanout = rows;
}

/** A later window of the small broadcasts' runs: its p50 and p90 per run, beside the references'. */
function laterSmallTable(
  title: string,
  counts: number[],
  rows: SmallRun[],
  window: (row: SmallRun) => { p50: number; p90: number },
): string[] {
  return [
    title,
    '',
    '| N | ours p50 / p90 | ours by Queries p50 / p90 | (a) p50 / p90 | (b) p50 / p90 | (b′) p50 / p90 | ours/(a) p50 | ours/(b) p50 | ours/(b′) p50 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...counts.map((n) => {
      const run = (system: SmallSystem) => window(rows.find((row) => row.n === n && row.system === system)!);
      const [ours, post, seed, seedFunctions] = [run('ours'), run('post'), run('seed'), run('seedFunctions')];
      const pair = ({ p50, p90 }: { p50: number; p90: number }) => `${p50.toFixed(1)} / ${p90.toFixed(1)}`;
      return `| ${n} | ${pair(ours)} | ${pair(run('oursQueries'))} | ${pair(post)} | ${pair(seed)} | ${pair(seedFunctions)} | ${(ours.p50 / post.p50).toFixed(2)} | ${(ours.p50 / seed.p50).toFixed(2)} | ${(ours.p50 / seedFunctions.p50).toFixed(2)} |`;
    }),
  ];
}

/** Broadcasts between the small scenario's second window and its third. */
const SMALL_SETTLE = 200;

async function smallSection(): Promise<void> {
  const counts = quick ? [10] : [1, 10, 100];
  const broadcasts = quick ? 10 : 30;
  // Enough for the hot paths of every thread to be compiled (a fresh runtime's p50 at N = 10 falls
  // over the first hundred or two, 60 ms apart); none in a quick run.
  const settle = quick ? 0 : SMALL_SETTLE;
  const rows: SmallRun[] = [];
  lines.push(
    `## Small broadcasts: POST to the last of N clients, ${broadcasts} broadcasts one after another (ms)`,
    '',
    "(a) a minimal server that POSTs per recipient; (b) the seed's design: one Scan of a DynamoDB table, one unsigned POST per client, in one process; (b′) the seed's design as Lambda functions on this runtime (`bench/projects/seed`: the SDK's Scan and PostToConnection), so it pays what ours pays for being Lambda functions.",
    `ours: the template's defaults (a small index: one Scan a broadcast); ours by Queries: \`${QUERIES_ONLY}\`, a Query per index key (16 for one to everyone), as an index past IndexScanItems is read (README "Scale").`,
    '',
    `| N | ours p50 / p90 | ours by Queries p50 / p90 | (a) p50 / p90 | (b) p50 / p90 | (b′) p50 / p90 | ours/(a) p50 | ours by Queries/(a) p50 | ours/(b) p50 | ours/(b′) p50 | first broadcast: ours / (a) / (b) / (b′) | broadcast function: ms / CPU ms (median) | runtime CPU ms per broadcast: main thread / all threads (ours / (b′)) | missed / duplicates (ours, both) |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const n of counts) {
    const runs = {} as Record<SmallSystem, SmallRun>;
    for (const system of ['ours', 'oursQueries', 'post', 'seed', 'seedFunctions'] as const)
      runs[system] = await smallBroadcasts(system, n, broadcasts, progress, settle);
    const { ours, oursQueries, post, seed, seedFunctions } = runs;
    const pair = (run: SmallRun) => `${run.p50.toFixed(1)} / ${run.p90.toFixed(1)}`;
    lines.push(
      `| ${n} | ${pair(ours)} | ${pair(oursQueries)} | ${pair(post)} | ${pair(seed)} | ${pair(seedFunctions)} | ${(ours.p50 / post.p50).toFixed(2)} | ${(oursQueries.p50 / post.p50).toFixed(2)} | ${(ours.p50 / seed.p50).toFixed(2)} | ${(ours.p50 / seedFunctions.p50).toFixed(2)} | ${[ours, post, seed, seedFunctions].map((run) => run.firstMs.toFixed(0)).join(' / ')} | ${ours.functionMs ?? 'n/a'} / ${ours.functionCpuMs ?? 'n/a'} | ${perBroadcastMs(ours.runtimeCpu)} / ${perBroadcastMs(seedFunctions.runtimeCpu)} | ${ours.missed + oursQueries.missed} / ${ours.duplicates + oursQueries.duplicates} |`,
    );
    rows.push(ours, oursQueries, post, seed, seedFunctions);
  }
  lines.push(
    '',
    ...laterSmallTable(
      `The next ${broadcasts} broadcasts of the same runs, right after (ms): on a fresh runtime the first few dozen run while V8 still compiles every thread's hot paths.`,
      counts,
      rows,
      (row) => ({ p50: row.laterP50, p90: row.laterP90 }),
    ),
    '',
  );
  if (settle > 0)
    lines.push(
      ...laterSmallTable(
        `${broadcasts} more after ${settle} more (ms), on the same servers: what a runtime that has served for a while gives.`,
        counts,
        rows,
        (row) => ({ p50: row.settledP50!, p90: row.settledP90! }),
      ),
      '',
    );
  json.small = rows;
}

async function echoSection(): Promise<void> {
  const url = values['echo-url'];
  const run = await echo(quick ? 10 : 50, quick ? 20 : 100, progress, url);
  lines.push(
    '## Echo: a $default function posting each message back through @connections (SDK), every client one message at a time',
    '',
    ...(url ? [`Server: ${url} (not this runtime).`, ''] : []),
    '| clients × messages | pass | messages/s | p50 ms | p99 ms | lost | runtime CPU µs per message: main thread / all threads |',
    '|---|---|---|---|---|---|---|',
    ...(
      [
        ['first, on a fresh server', run],
        ['again, right after', run.again],
      ] as const
    ).map(
      ([pass, { messagesPerSecond, p50, p99, lost, runtimeCpu }]) =>
        `| ${run.clients} × ${run.messagesPerClient} | ${pass} | ${messagesPerSecond.toFixed(0)} | ${p50.toFixed(1)} | ${p99.toFixed(1)} | ${lost} | ${medianPair([runtimeCpu])} |`,
    ),
    '',
  );
  json.echo = { ...run, server: url ?? 'this runtime' };
}

async function quotaSection(): Promise<void> {
  // A rate this machine sustains while it also runs the clients; the sync case fits the 29 s window,
  // the async one gets a 5 s function so that the broadcast must continue after its answer. 18,000
  // clients: the runtime holds a descriptor per client and two per in-flight send (8 parts × 64),
  // and the hard open-file limit here is 20,000.
  const clients = Math.min(20_000, fileLimits().hard - 2000);
  const cases = quick
    ? [
        { clients: 1000, rate: 500 },
        { clients: 1000, rate: 200, timeout: 5 },
      ]
    : [
        { clients, rate: 1500 },
        { clients, rate: 1500, timeout: 5 },
      ];
  const rows: QuotaRun[] = [];
  lines.push("## Quota: one broadcast under the runtime's account throttle (rate/s, burst a tenth)", '');
  lines.push(
    '| clients | throttle rate | broadcast | answer | ms to last client | reached per second | of the rate | delivered | failed | 429s | missed | duplicates |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const { clients: n, rate, timeout } of cases) {
    for (const run of await quota(n, rate, progress, timeout)) {
      rows.push(run);
      lines.push(
        `| ${n} | ${rate} | ${run.round === 'first' ? 'first after start' : 'next'} | ${run.status}${run.continued ? ' (continued)' : ''} | ${run.ms.toFixed(0)} | ${run.achievedPerSecond.toFixed(0)} | ${(run.ofRate * 100).toFixed(1)}% | ${run.delivered} | ${run.failed} | ${run.throttled} | ${run.missed} | ${run.duplicates} |`,
      );
    }
  }
  lines.push('');
  json.quota = rows;
}

async function targetedSection(): Promise<void> {
  const totals = quick ? [200] : [1000, 10000];
  const rows = [];
  lines.push('## Targeted cost: 100 topics + 100 unsubscribed clients; broadcast to one topic vs. to everyone', '');
  lines.push(
    '| total | target | items read | @connections calls | recipients | ms median (min–max) | missed |',
    '|---|---|---|---|---|---|---|',
  );
  for (const total of totals) {
    const results = await targeted(total, runs, progress);
    for (const target of ['topic', 'everyone'] as const) {
      const mine = results.filter((run) => run.target === target);
      const first = mine[0]!;
      lines.push(
        `| ${total} | ${target === 'topic' ? `one topic (${first.topicSubscribers} subscribers)` : 'everyone'} | ${first.itemsRead} | ${first.managementCalls} | ${first.recipients} | ${fmt(summarize(mine.map((run) => run.ms)))} | ${mine.reduce((sum, run) => sum + run.missed, 0)} |`,
      );
    }
    rows.push(...results);
  }
  lines.push('');
  json.targeted = rows;
}

async function scaleSection(): Promise<void> {
  const n = quick ? 500 : Math.max(largest, 10000);
  const results: ScaleRun[] = [];
  for (let run = 1; run <= runs; run++) {
    progress.update(`scale: run ${run}/${runs}`);
    results.push(await scale(n, progress));
  }
  const of = (pick: (result: ScaleRun) => number, digits = 0) => fmt(summarize(results.map(pick)), digits);
  lines.push(
    '## Connection scale (median (min–max) of the runs; a fresh runtime each run)',
    '',
    '| connections | accepted per second | idle RSS (MB) | RSS per connection (KB) | items while open | items per connect | "everyone" shards | busiest shard / mean | items left after closing |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  lines.push(
    `| ${n} | ${of((r) => r.connectionsPerSecond)} | ${of((r) => r.idleRssMb)} | ${of((r) => r.rssPerConnectionKb, 1)} | ${of((r) => r.itemsWhileOpen)} | ${of((r) => r.itemsPerConnect, 1)} | ${of((r) => r.shards)} | ${of((r) => r.busiestShardOfMean, 2)} | ${of((r) => r.itemsLeft)} |`,
    '',
  );
  json.scale = results;
}

async function churnSection(): Promise<void> {
  const run = await churn(quick ? 1000 : 20_000, 200, 5, progress);
  lines.push(
    '## Churn: connect/close cycles, 200 at a time, then idle (function instances retired after 5 s idle)',
    '',
  );
  lines.push(
    '| cycles | RSS at start (MB) | after the cycles | after idling | JS heap after idling (MB) | instances after the cycles | after idling | connections left |',
    '|---|---|---|---|---|---|---|---|',
  );
  lines.push(
    `| ${run.cycles} | ${run.rssStartMb.toFixed(0)} | ${run.rssAfterCyclesMb.toFixed(0)} | ${run.rssAfterIdleMb.toFixed(0)} | ${run.heapAfterIdleMb.toFixed(0)} | ${run.instancesAfterCycles} | ${run.instancesAfterIdle} | ${run.connectionsLeft} |`,
    '',
  );
  json.churn = run;
}

async function coldstartSection(app: Application): Promise<void> {
  progress.update('cold start: loading bundles in fresh processes');
  const rows = coldStart(app, quick ? 3 : 20);
  lines.push('## Cold-start proxy: fresh Node process loading bundle + layer vs. an empty module (ms)', '');
  lines.push(
    `Layer: ${rows[0]?.layerBytes} bytes minified.`,
    '',
    '| function | bundle bytes | load ms | empty-module ms | ratio | load ms with --enable-source-maps | source-map cost |',
    '|---|---|---|---|---|---|---|',
  );
  for (const row of rows)
    lines.push(
      `| ${row.functionId} | ${row.bundleBytes} | ${fmt(row.loadMs)} | ${fmt(row.emptyMs)} | ${row.ratio.toFixed(2)} | ${fmt(row.withSourceMapsMs)} | ${row.sourceMapRatio.toFixed(2)}× |`,
    );
  lines.push('');
  json.coldstart = rows;
}

async function senderSection(): Promise<void> {
  const run = await senderCost(quick ? 1000 : 10_000, runs, progress);
  const lean = summarize(run.leanUs);
  const sdk = summarize(run.sdkUs);
  lines.push(
    '## Sender: CPU per signed PostToConnection, alone against a server that answers 200 (µs, median (min–max))',
    '',
    '| sends per round | lean sender (aws4 + undici) | SDK client | lean / SDK |',
    '|---|---|---|---|',
    `| ${run.sends} | ${fmt(lean)} | ${fmt(sdk)} | ${(lean.median / sdk.median).toFixed(2)} |`,
    '',
  );
  json.sender = run;
}

async function startupSection(): Promise<void> {
  const samples: StartupRun[] = [];
  for (let run = 0; run <= runs; run++) {
    progress.update(`start-up: ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}`);
    const sample = await startToFirstBroadcast({ cleanBuild: false });
    if (run > 0) samples.push(sample);
  }
  lines.push(
    '## Start-up: `npm start` (with its `--warm-containers EAGER`), warm build (ms, median (min–max))',
    '',
    '| to the first accepted WebSocket connection | then the first broadcast, POST to its receipt |',
    '|---|---|',
    `| ${fmt(summarize(samples.map((sample) => sample.connectMs)))} | ${fmt(summarize(samples.map((sample) => sample.firstBroadcastMs)))} |`,
    '',
  );
  json.startup = samples;
}

const SECTIONS: [string, (app: Application) => Promise<void>][] = [
  ['small', smallSection],
  ['echo', echoSection],
  ['fanout', fanoutSection],
  ['quota', quotaSection],
  ['targeted', targetedSection],
  ['scale', scaleSection],
  ['churn', churnSection],
  ['coldstart', coldstartSection],
  ['sender', senderSection],
  ['startup', startupSection],
];

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const app = readApplication(readTemplate(join(projectRoot, 'template.yaml')));
  // The echo project builds nothing of this app's: echo alone starts at once.
  if ([...scenarios].some((name) => name !== 'echo')) {
    progress.update('building');
    await buildAll(defaultLayout(projectRoot), app);
  }
  for (const [name, run] of SECTIONS) {
    if (!scenarios.has(name)) continue;
    const mark = lines.length;
    await run(app);
    section(mark);
  }

  progress.done();
  const resultsDir = join(projectRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(file.replace(/\.json$/, '.md'), `${lines.join('\n')}\n`);
  console.log(`Results: ${file} (and .md)`);
}

main().catch((error: unknown) => {
  progress.done();
  console.error(error);
  process.exit(1);
});
