// A site's own Express server as a package user writes it: its pages and API, the relay mounted
// under /support, and the Kit simulator from the same package standing in for Kit. Prints its
// URLs as one JSON line; SIGTERM closes everything.
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createRelay, loadConfig } from 'kit-chat/relay';
import { createKitSimulator } from 'kit-chat/simulator';

const kit = { account: 'corner-shop', apiToken: 'token-for-the-package-test', channelUuid: '5e1d0c2b-7a3f-4b6e-9d8c-2f1a0b3c4d5e', salt: 'salt-for-the-package-test' };
const sim = await createKitSimulator({ ...kit, echoBot: false });

const app = express();
app.use(express.json());
app.get('/', (_req, res) => {
  res.type('html').send(`<!doctype html><html lang="en"><head><title>Corner shop</title></head><body><h1>Corner shop</h1>
<script type="module">
  import { loadKitChat } from '/assets/kit-chat-widget.js';
  window.kitChatReady = loadKitChat({ relay: location.origin + '/support', title: 'Shop help', greeting: 'Ask us anything' })
    .then((api) => { window.kitChat = api; return 'ready'; }, (err) => 'failed: ' + err.message);
</script></body></html>`);
});
// What a bundler would put in the site's own bundle: the module behind `kit-chat/widget`.
app.get('/assets/kit-chat-widget.js', (_req, res) => res.type('text/javascript').sendFile(fileURLToPath(import.meta.resolve('kit-chat/widget'))));
app.get('/api/cart', (_req, res) => res.json({ items: 2 }));

const server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const site = `http://127.0.0.1:${server.address().port}`;
const relay = createRelay(loadConfig({
  KIT_ACCOUNT: kit.account,
  KIT_API_TOKEN: kit.apiToken,
  KIT_CHANNEL_UUID: kit.channelUuid,
  KIT_CALLBACK_SALT: kit.salt,
  KIT_API_URL: sim.url,
  RELAY_PUBLIC_URL: `${site}/support`,
  RELAY_DATA_DIR: process.env.RELAY_DATA_DIR,
  LOG_LEVEL: 'warn',
}));
app.use('/support', relay.handler);
app.use((_req, res) => res.status(404).send('Shop 404'));
await relay.ready;
sim.setCallbackUrl(`${site}/support/kit/callback`);
process.stdout.write(`${JSON.stringify({ site, sim: sim.url, client: kit })}\n`);

process.once('SIGTERM', async () => {
  await relay.close();
  await sim.close();
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
