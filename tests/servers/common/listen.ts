/**
 * Starting and stopping a test server on the loopback interface.
 *
 * Every local server (Mastodon, Misskey) listens the same way: on 127.0.0.1 only,
 * so nothing outside the machine can reach it, on a given port or a random free
 * one (0), and closing it must not wait for keep-alive sockets a browser or
 * fetch() left open, or `await server.close()` in a test's afterAll would hang.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** '127.0.0.1:PORT' */
  host: string;
  /** Stops listening and cuts every open connection, idle or not. */
  close(): Promise<void>;
}

/** `port` 0 or absent: a random free one. */
export async function listenOnLoopback(handler: RequestListener, port?: number): Promise<Listening> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, '127.0.0.1', () => resolve());
  });
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`,
    host,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
