// A relay under benchmark, alone in its own process: configured by the environment, it
// announces its URL over IPC and closes cleanly on {type:'stop'}. It answers {type:'memory'}
// with process.memoryUsage() after a full GC (when run with --expose-gc) plus its open event
// streams, and records a V8 CPU profile of itself between {type:'profile-start'} and
// {type:'profile-stop', path} (the same sampler as node --cpu-prof, limited to the window measured).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../relay/config';
import { startRelay } from '../relay/main';
import { onParent } from './children';

const PROFILE_INTERVAL_US = 250;

const relay = await startRelay(loadConfig(process.env, { requireKit: true }));
let profiler: Session | undefined;

onParent({
  memory: () => {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ type: 'memory', usage: process.memoryUsage(), openStreams: relay.app.relay.openStreams });
  },
  'profile-start': async () => {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
    await profiler.post('Profiler.start');
    process.send?.({ type: 'profiling' });
  },
  'profile-stop': async (msg) => {
    if (!profiler) return;
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    profiler = undefined;
    writeFileSync(String(msg.path), JSON.stringify(profile));
    process.send?.({ type: 'profiled', path: msg.path });
  },
}, () => relay.close());
process.send?.({ type: 'ready', url: relay.url });
