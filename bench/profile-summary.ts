// Reads a V8 CPU profile (.cpuprofile, from node --cpu-prof or `npm run bench -- --profile`)
// and prints where the time went: self time by area (SQLite, HTTP, JSON, express, ...) and
// inclusive time by relay function. `tsx bench/profile-summary.ts FILE.cpuprofile`.
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** better-sqlite3's native statement and database methods, seen as leaves with no URL. */
const SQLITE_NATIVE = new Set(['run', 'get', 'all', 'iterate', 'exec', 'prepare', 'pragma', 'raw', 'pluck']);

function area(frame: CallFrame, caller: CallFrame | undefined): string {
  const { functionName: name, url } = frame;
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(program)') return 'V8/native (unattributed)';
  if (url.includes('better-sqlite3') || (url === '' && SQLITE_NATIVE.has(name) && caller && /better-sqlite3|\/relay\/store\//.test(caller.url))) return 'SQLite';
  if (url === '' && (name === 'parse' || name === 'stringify')) return 'JSON';
  if (url.includes('undici')) return 'fetch (undici)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm: ${pkg[1]}`;
  const relay = /\/(relay|protocol)\/(.+?)\.ts/.exec(url);
  if (relay) return `relay: ${relay[2]}`;
  if (/node:(_http|http|internal\/http|internal\/streams|stream|net|internal\/stream_base|internal\/net)/.test(url)) return 'node: http, net, streams';
  if (url.startsWith('node:')) return 'node: other';
  if (url === '') return 'native (other)';
  return 'other';
}

/** What the process was doing, from the whole stack: the first rule that matches wins. */
const ACTIVITIES: [string, RegExp][] = [
  ['SQLite commits and writes (group commit)', /sqlite-group-commit/],
  ['Redis store', /relay\/store\/redis|node_modules\/ioredis/],
  ['Kit calls (outbound HTTP, auth)', /relay\/kit\/|node:_http_client|node:_http_agent/],
  ['outbox worker', /relay\/outbox\//],
  ['Kit callbacks', /relay\/webhook\//],
  ['event streams', /relay\/realtime\//],
  ['visitor API (inbound HTTP, express, handlers)', /node:_http_server|node_modules\/(express|router|body-parser|raw-body)|relay\/http\//],
];

function activity(stack: CallFrame[]): string {
  const leaf = stack[0]!.functionName;
  if (leaf === '(idle)') return 'idle';
  if (leaf === '(garbage collector)') return 'garbage collection';
  const urls = stack.map((f) => f.url).join(' ');
  for (const [name, pattern] of ACTIVITIES) if (pattern.test(urls)) return name;
  return 'other (timers, sockets, microtasks)';
}

export function summarizeProfile(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const activities = new Map<string, number>();
  const leaves = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const weight = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    total += weight;
    const leaf = byId.get(id)!;
    // The nearest caller with a URL tells who made a native call.
    let callerId = parent.get(id);
    while (callerId !== undefined && byId.get(callerId)!.callFrame.url === '') callerId = parent.get(callerId);
    const key = area(leaf.callFrame, callerId === undefined ? undefined : byId.get(callerId)!.callFrame);
    self.set(key, (self.get(key) ?? 0) + weight);
    const where = leaf.callFrame.url.replace(/^.*\/(node_modules|relay|bench)\//, '$1/') || 'native';
    const leafKey = `${leaf.callFrame.functionName || '(anonymous)'} (${where})`;
    leaves.set(leafKey, (leaves.get(leafKey) ?? 0) + weight);

    const stack: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!.callFrame);
    const what = activity(stack);
    activities.set(what, (activities.get(what) ?? 0) + weight);

    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      const m = /\/(relay\/.+?\.ts)/.exec(url);
      if (!m) continue;
      const fn = `${m[1]} ${functionName || `(anonymous, line ${lineNumber + 1})`}`;
      if (seen.has(fn)) continue;
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + weight);
    }
  });

  const pct = (v: number) => `${((100 * v) / total).toFixed(1).padStart(5)}%`;
  const lines = [`CPU profile: ${(total / 1e6).toFixed(2)} s sampled`, '', 'Time by activity (whole stack):'];
  for (const [k, v] of [...activities].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(v)}  ${k}`);
  lines.push('', 'Self time by area:');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1])) if (v / total >= 0.003) lines.push(`  ${pct(v)}  ${k}`);
  lines.push('', 'Self time by function (top 40):');
  for (const [k, v] of [...leaves].sort((a, b) => b[1] - a[1]).slice(0, 40)) lines.push(`  ${pct(v)}  ${k}`);
  lines.push('', `Inclusive time by relay function (top ${top}):`);
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v)}  ${k}`);
  return lines.join('\n');
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(realpathSync(script)).href;
}

if (isEntryPoint()) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/profile-summary.ts FILE.cpuprofile');
    process.exit(1);
  }
  console.log(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile));
}
