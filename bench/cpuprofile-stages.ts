/**
 * `node dist-bench/bench/cpuprofile-stages.js FILE.cpuprofile...`: the self
 * time of a V8 CPU profile (node --cpu-prof) summed by ingest stage, from the
 * source file each sample's function lives in. Native threads (DuckDB's) are
 * not in a V8 profile: only the JavaScript thread is.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** First matching rule names the stage; the order matters (broker hooks before protocol/). */
const STAGES: ReadonlyArray<readonly [string, RegExp]> = [
  ['idle', /^\(idle\)$/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['decode: JSON parse', /protocol\/json-payload\.js$/],
  ['decode: validate', /protocol\/(measurement-batch|schema-problems|ids)\.js$|node_modules\/typebox\/|domain\/(sample-value|characteristics)\.js$/],
  ['chart: SPC', /\/(spc|monitor)\/|core\/series\/(observe-sample|series-registry)\.js$|core\/alerts\//],
  ['risk window', /\/risk\/|core\/series\/series-state\.js$|core\/enterprise-risk\//],
  ['ingest bookkeeping', /analytics\/(ingest|service)\//],
  ['store: JS side', /\/store\/|node_modules\/@duckdb\//],
  ['ack and outputs encode', /protocol\/(ack|alert-event|dead-letter|risk-summary|finding-event)\.js$|analytics\/bus\/bus-outputs\.js$/],
  ['broker: ACL and hooks', /broker\/(acl|hooks|authenticate|connection-quota|refusal-log)\.js$|protocol\/(topics|channels)\.js$/],
  ['broker: aedes routing', /node_modules\/(aedes[^/]*|qlobber|fastparallel|fastfall|reusify|fastseries|hyperid|retimer)\//],
  ['MQTT: packet parse and write', /node_modules\/(mqtt-packet|bl|mqtt|readable-stream|buffer|process-nextick-args)\//],
  ['bus intake (analytics)', /analytics\/bus\//],
  ['node: net, streams, timers', /^node:/],
  ['metrics and logging', /node_modules\/(prom-client|pino[^/]*|sonic-boom)\/|ops\//],
  ['(program) and native', /^\(program\)$|^$/],
];

function stageOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  const where = url === '' ? `(${functionName.replace(/^\(|\)$/g, '')})` : url;
  for (const [stage, pattern] of STAGES) if (pattern.test(url === '' ? (functionName.startsWith('(') ? functionName : '') : where)) return stage;
  return 'other';
}

export function stageTimes(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const times = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const stage = stageOf(node);
    times.set(stage, (times.get(stage) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  return times;
}

/** The source files with the most self time outside the known stages, so a new hot spot is not lost in "other". */
function topOther(profile: CpuProfile, n: number): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((p) => [p.id, p]));
  const times = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    if (!node || stageOf(node) !== 'other') continue;
    const key = node.callFrame.url.replace(/^.*\/(dist|dist-bench|node_modules)\//, '$1/');
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  return [...times].sort((a, b) => b[1] - a[1]).slice(0, n);
}

if (process.argv[1]?.endsWith('cpuprofile-stages.js')) {
  for (const file of process.argv.slice(2)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const times = stageTimes(profile);
    const total = [...times].reduce((s, [stage, t]) => (stage === 'idle' ? s : s + t), 0);
    process.stdout.write(`\n${file}: ${(total / 1e6).toFixed(2)} s busy on the JS thread\n\n| stage | self s | share of busy |\n| --- | --: | --: |\n`);
    for (const [stage, t] of [...times].sort((a, b) => b[1] - a[1])) {
      if (stage === 'idle') continue;
      process.stdout.write(`| ${stage} | ${(t / 1e6).toFixed(2)} | ${((100 * t) / total).toFixed(1)}% |\n`);
    }
    const rest = topOther(profile, 6);
    if (rest.length > 0) process.stdout.write(`\nother, by file: ${rest.map(([f, t]) => `${f} ${(t / 1e6).toFixed(2)} s`).join(', ')}\n`);
  }
}
