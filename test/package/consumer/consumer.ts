// A TypeScript site using all three entry points, checked with the resolution a Node project
// uses ("module": "nodenext"): this file must compile without errors.
import express from 'express';
import { createRelay, loadConfig, startRelay, type Config, type Relay, type StandaloneRelay } from 'kit-chat/relay';
import { createKitSimulator, type KitSimulator } from 'kit-chat/simulator';
import { loadKitChat, type KitChatApi } from 'kit-chat/widget';

export async function site(env: Record<string, string | undefined>): Promise<void> {
  const config: Readonly<Config> = loadConfig(env);
  const relay: Relay = createRelay(config);
  const app = express();
  app.use('/support', relay.handler);
  await relay.ready;
  const standalone: StandaloneRelay = await startRelay(config);
  const url: string = standalone.url;
  await Promise.all([relay.close(), standalone.close()]);
  void url;
}

export async function simulator(): Promise<string> {
  const sim: KitSimulator = await createKitSimulator({ account: 'a', apiToken: 't', channelUuid: 'c', salt: 's', port: 0 });
  const reply = await sim.reply('visitor-1', { text: 'Hello' });
  await sim.close();
  return reply.messageId;
}

export async function browser(): Promise<void> {
  const api: KitChatApi = await loadKitChat({ relay: 'https://shop.example/support', title: 'Help', position: 'left' });
  api('identify', { name: 'Ivan', email: 'ivan@example.com' });
  api('on', 'unread', (count) => console.log(count));
  api('open');
}
