// The yardstick of README, Load: a bare Node HTTP forwarder that pipes each request to Kit over
// a keep-alive agent and pipes the answer back, with no parsing, storage or auth of its own.
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BareForwarder {
  url: string;
  close(): Promise<void>;
}

export async function startBareForwarder(target: string): Promise<BareForwarder> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server = createServer((req, res) => {
    const out = request(
      { agent, host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
