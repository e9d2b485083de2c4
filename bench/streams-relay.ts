// The relay under `npm run bench:streams`, alone in its own process so its memory is its own:
// configured by the environment, it prints its URL and answers {type:'memory'} IPC requests
// with process.memoryUsage() taken after a full GC, plus its count of open event streams.
import { loadConfig } from '../relay/config';
import { startRelay } from '../relay/main';

const relay = await startRelay(loadConfig(process.env, { requireKit: true }));
process.on('message', (msg: { type?: string }) => {
  if (msg?.type !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ type: 'memory', usage: process.memoryUsage(), openStreams: relay.app.relay.openStreams });
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', url: relay.url });
