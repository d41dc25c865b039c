import { Fleet } from './fleet';
import { startRuntimeProcess } from './runtime-process';
const [n, rate] = process.argv.slice(2).map(Number);
(async () => {
  const lines: string[] = [];
  const rt = await startRuntimeProcess(['--log-level', 'INFO', ...(rate ? ['--throttle-rate', String(rate), '--throttle-burst', String(rate / 10)] : [])], undefined, (l) => lines.push(l));
  const fleet = new Fleet();
  let t = performance.now();
  await fleet.open(rt.webSocketUrl, n!, 500);
  console.log('open ms', Math.round(performance.now() - t));
  t = performance.now();
  const r = await fetch(`${rt.httpUrl}/development/broadcast`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'x', data: { m: 'probe' } }) });
  console.log('broadcast', r.status, Math.round(performance.now() - t), await r.text());
  console.log(lines.filter((l) => /Broadcast|Fanout|fanout|fan-out|broadcast"/.test(l)).slice(0, 20).join('\n'));
  const connects = lines.filter((l) => l.includes('fn=ConnectFunction')).map((l) => Number(/ ms=(\d+)/.exec(l)?.[1]));
  console.log('connect invocations', connects.length, 'median ms', connects.sort((a, b) => a - b)[connects.length >> 1]);
  await fleet.close(); await rt.stop(); process.exit(0);
})();
