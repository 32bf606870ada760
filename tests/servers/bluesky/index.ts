/**
 * A real Bluesky PDS (and PLC directory) in this process, from @atproto/dev-env: the same server
 * code Bluesky runs. Accounts get app passwords, as people link them; records are read back
 * through the PDS's own XRPC endpoints. Plus a proxy that can drop a connection after the PDS
 * committed a write, to prove retries do not post twice.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestNetworkNoAppView } from '@atproto/dev-env';

export interface BlueskyAccount {
  did: string;
  handle: string;
  appPassword: string;
  /** The main password: only for setting up the account (profile, revoking app passwords). */
  accessJwt: string;
}

export interface PostRecord {
  uri: string;
  cid: string;
  value: {
    text: string;
    createdAt: string;
    langs?: string[];
    facets?: { index: { byteStart: number; byteEnd: number }; features: ({ $type: string } & Record<string, unknown>)[] }[];
    embed?: Record<string, unknown> & { $type: string };
    reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
    labels?: { values: { val: string }[] };
  };
}

export interface BlueskyNetwork {
  pdsUrl: string;
  plcUrl: string;
  createAccount(handle: string): Promise<BlueskyAccount>;
  /** Every app.bsky.feed.post record of a repo, oldest first. */
  posts(did: string): Promise<PostRecord[]>;
  blob(did: string, cid: string): Promise<Buffer>;
  revokeAppPasswords(account: BlueskyAccount): Promise<void>;
  close(): Promise<void>;
}

async function xrpc<T>(base: string, nsid: string, init: { method?: string; token?: string; body?: unknown; params?: Record<string, string> } = {}): Promise<T> {
  const url = new URL(`/xrpc/${nsid}`, base);
  if (init.params) url.search = new URLSearchParams(init.params).toString();
  const response = await fetch(url, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${nsid}: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function startBlueskyNetwork(): Promise<BlueskyNetwork> {
  const network = await TestNetworkNoAppView.create({});
  const pdsUrl = network.pds.url;
  let accounts = 0;
  return {
    pdsUrl,
    plcUrl: network.plc.url,
    async createAccount(handle) {
      accounts++;
      const created = await xrpc<{ did: string; handle: string; accessJwt: string }>(pdsUrl, 'com.atproto.server.createAccount', {
        body: { email: `user${accounts}@example.test`, handle, password: `main-password-${accounts}` },
      });
      const appPassword = await xrpc<{ password: string }>(pdsUrl, 'com.atproto.server.createAppPassword', {
        token: created.accessJwt,
        body: { name: 'Everywhere Post' },
      });
      return { did: created.did, handle: created.handle, appPassword: appPassword.password, accessJwt: created.accessJwt };
    },
    async posts(did) {
      const result = await xrpc<{ records: PostRecord[] }>(pdsUrl, 'com.atproto.repo.listRecords', {
        params: { repo: did, collection: 'app.bsky.feed.post', limit: '100', reverse: 'true' },
      });
      return result.records;
    },
    async blob(did, cid) {
      const response = await fetch(`${pdsUrl}/xrpc/com.atproto.sync.getBlob?did=${encodeURIComponent(did)}&cid=${encodeURIComponent(cid)}`);
      if (!response.ok) throw new Error(`getBlob: HTTP ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    },
    async revokeAppPasswords(account) {
      await xrpc(pdsUrl, 'com.atproto.server.revokeAppPassword', { token: account.accessJwt, body: { name: 'Everywhere Post' } });
    },
    close: () => network.close(),
  };
}

/**
 * An HTTP proxy in front of the PDS. `dropAfterCommit` counts createRecord calls to answer by
 * destroying the client's connection after the PDS committed the record — the answer is lost,
 * the post exists.
 */
export interface DropProxy {
  url: string;
  dropAfterCommit: number;
  /** createRecord calls seen (including dropped ones). */
  creates: number;
  close(): Promise<void>;
}

export async function startDropProxy(target: string): Promise<DropProxy> {
  const upstream = new URL(target);
  const state = { dropAfterCommit: 0, creates: 0 };
  const server: Server = createServer((req, res) => {
    const isCreate = req.url?.startsWith('/xrpc/com.atproto.repo.createRecord') ?? false;
    if (isCreate) state.creates++;
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer: IncomingMessage) => {
        if (isCreate && answer.statusCode === 200 && state.dropAfterCommit > 0) {
          state.dropAfterCommit--;
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get dropAfterCommit() {
      return state.dropAfterCommit;
    },
    set dropAfterCommit(value: number) {
      state.dropAfterCommit = value;
    },
    get creates() {
      return state.creates;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
