import { quota } from '/work/main/bench/scenarios/quota';
import { Progress } from '/work/main/bench/progress';
const [n, rate, t] = process.argv.slice(2).map(Number);
quota(n!, rate!, new Progress(), t || undefined).then((r) => { console.log(JSON.stringify(r)); process.exit(0); });
