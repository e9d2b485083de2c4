// Test helpers for the Kit simulator: credentials, a local callback receiver, Kit-shaped
// request builders (after test/fixtures/kit/send-message-request.json) and tiny HTTP wrappers.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KitIncomingEvent } from '../../../protocol/kit-api';

export const CREDS = {
  account: 'demo-shop',
  apiToken: 'api-token-7f3a9c',
  channelUuid: '3f6b2c1e-8a4d-4f7e-9b21-5c0d7e9a1b42',
  salt: 'salt-5d21e0',
} as const;

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  body: Record<string, any>;
}

export interface Receiver {
  url: string;
  received: ReceivedCallback[];
  /** Kit's test requests (GET, no body), with their headers. */
  testRequests: IncomingHttpHeaders[];
  /** Statuses to answer with, in order; 200 once they run out. */
  statuses: number[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedCallback[] = [];
  const testRequests: IncomingHttpHeaders[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') {
      testRequests.push(req.headers);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' }).end('OK');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/kit/callback`,
    received,
    testRequests,
    statuses,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

let counter = 0;

export function sendEvent(overrides: { clientId?: string; messageId?: string; text?: string; name?: string } = {}): KitIncomingEvent {
  counter += 1;
  return {
    event_type: 'send_message',
    event_id: `evt-${counter}`,
    client_data: {
      client_id: overrides.clientId ?? 'cust-48213',
      client_display_name: overrides.name ?? 'Ivan Sokolov',
      client_email: 'ivan.sokolov@example.com',
      client_phone: '+4915112345678',
      client_language: 'en',
      page: { url: 'https://shop.example.com/orders/5531', title: 'Order #5531 - Example Shop' },
      utm: { source: 'newsletter', medium: 'email', campaign: 'spring_sale' },
      device: { type: 'desktop', user_agent: 'Mozilla/5.0' },
    },
    event_data: { message: { message_id: overrides.messageId ?? `msg-${counter}`, text: overrides.text ?? 'Hi, my order is still pending.' } },
  };
}

export async function login(base: string, creds: { domain?: string; token?: string; channel?: string } = {}) {
  const query = new URLSearchParams({ domain: creds.domain ?? CREDS.account, access_token: creds.token ?? CREDS.apiToken });
  const response = await fetch(`${base}/api/v3/botService/login?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ channel_uuid: creds.channel ?? CREDS.channelUuid }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

export async function refresh(base: string, refreshToken: string) {
  const response = await fetch(`${base}/api/v3/botService/refreshToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ refresh_token: refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

export async function send(base: string, jwt: string | undefined, event: unknown, channel: string = CREDS.channelUuid) {
  const response = await fetch(`${base}/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(jwt ? { authorization: `Bearer ${jwt}` } : {}) },
    body: JSON.stringify(event),
  });
  return { status: response.status, body: (await response.json()) as any };
}

export async function jwtFor(base: string): Promise<string> {
  const { body } = await login(base);
  return body.result.access_token as string;
}
