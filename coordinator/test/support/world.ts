/**
 * A small world built over HTTP against any coordinator URL (in-process or a child process):
 * a stream with an owner and a signed manifest, a signed-in relay that fetched every segment,
 * viewer sessions from distinct network addresses (X-Forwarded-For, TRUST_PROXY=loopback), and
 * honest cumulative receipts signed with the sessions' keys.
 */
import { createSiweMessage } from "viem/siwe";
import type { LocalAccount } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import {
  createSessionKey,
  signReceipt,
  type SessionKey,
  type SignedReceipt,
} from "@streamrp2p/protocol";
import {
  CHAIN_ID,
  createStreamBody,
  hash32,
  newAccount,
  signEntry,
  STAKING_ADDRESS,
} from "./harness.ts";

export interface World {
  url: string;
  streamId: `0x${string}`;
  owner: LocalAccount;
  /** The stream's origin key (signs manifest entries). */
  origin: PrivateKeyAccount;
  relay: LocalAccount;
  token: string;
  segmentBytes: number;
  /** First sequence every session counts from. */
  firstSequence: number;
  sessions: { sessionId: string; key: SessionKey }[];
}

export async function http<T = any>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function loginAt(url: string, account: LocalAccount): Promise<string> {
  const nonce = (await http(url, "GET", "/v1/auth/nonce")).body.nonce as string;
  const message = createSiweMessage({
    address: account.address,
    chainId: CHAIN_ID,
    domain: new URL(url).host,
    nonce,
    uri: url,
    version: "1",
    issuedAt: new Date(),
  });
  const signature = await account.signMessage({ message });
  const res = await http(url, "POST", "/v1/auth/login", { message, signature });
  if (res.status !== 200) throw new Error(`login ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export interface WorldOptions {
  sessions: number;
  segments?: number;
  segmentBytes?: number;
  relay?: LocalAccount;
  owner?: LocalAccount;
  stakingAddress?: `0x${string}`;
}

export async function buildWorld(url: string, options: WorldOptions): Promise<World> {
  const segments = options.segments ?? 20;
  const segmentBytes = options.segmentBytes ?? 100_000;
  const origin = newAccount();
  const owner = options.owner ?? newAccount();
  const relay = options.relay ?? newAccount();
  const created = await http(
    url,
    "POST",
    "/v1/streams",
    await createStreamBody(owner, origin, { name: "world" }),
  );
  if (created.status !== 201)
    throw new Error(`stream ${created.status} ${JSON.stringify(created.body)}`);
  const streamId = created.body.streamId as `0x${string}`;
  const entries = await Promise.all(
    Array.from({ length: segments }, (_, i) =>
      signEntry(
        origin,
        { streamId, sequence: i, size: segmentBytes, durationMs: 1000, hash: hash32(i + 1) },
        CHAIN_ID,
        options.stakingAddress ?? STAKING_ADDRESS,
      ),
    ),
  );
  const published = await http(url, "POST", `/v1/streams/${streamId}/manifest`, { entries });
  if (published.status !== 202)
    throw new Error(`manifest ${published.status} ${JSON.stringify(published.body)}`);
  const token = await loginAt(url, relay);
  const auth = { authorization: `Bearer ${token}` };
  await http(
    url,
    "POST",
    "/v1/relays/heartbeat",
    {
      url: "http://127.0.0.1:9001",
      tier: 1,
      upstream: "http://127.0.0.1:9000",
      streams: [streamId],
      load: 0,
      bytesServed: 0,
      viewers: 0,
      version: "test",
    },
    auth,
  );
  const at = Date.now();
  await http(
    url,
    "POST",
    "/v1/relays/fetch-log",
    {
      entries: Array.from({ length: segments }, (_, i) => ({
        streamId,
        sequence: i,
        hash: hash32(i + 1),
        from: "http://127.0.0.1:9000",
        at,
      })),
    },
    auth,
  );
  const sessions: World["sessions"] = [];
  for (let i = 0; i < options.sessions; i++) {
    const key = await createSessionKey();
    const res = await http(
      url,
      "POST",
      "/v1/sessions",
      { streamId, viewerPublicKey: key.publicKey },
      // One viewer per /24: the session cap and the fraud checks count network prefixes.
      { "x-forwarded-for": `10.${(i >> 8) & 255}.${i & 255}.1` },
    );
    if (res.status !== 201) throw new Error(`session ${res.status} ${JSON.stringify(res.body)}`);
    sessions.push({ sessionId: res.body.sessionId, key });
  }
  const firstSequence = Math.max(0, segments - 10);
  return { url, streamId, owner, origin, relay, token, segmentBytes, firstSequence, sessions };
}

/** Every session's cumulative receipt after `segments` segments, signed now. */
export async function receiptsAt(
  world: World,
  segments: number,
  timestamp = Date.now(),
): Promise<SignedReceipt[]> {
  return Promise.all(
    world.sessions.map(async ({ sessionId, key }) => {
      const r = {
        sessionId,
        relay: world.relay.address.toLowerCase() as `0x${string}`,
        streamId: world.streamId,
        bytes: segments * world.segmentBytes,
        segments,
        lastSequence: world.firstSequence + segments - 1,
        timestamp,
      };
      return { ...r, signature: await signReceipt(key.keyPair.privateKey, r) };
    }),
  );
}

export async function postReceipts(world: World, receipts: readonly unknown[]) {
  return http(
    world.url,
    "POST",
    "/v1/receipts",
    { receipts },
    { authorization: `Bearer ${world.token}` },
  );
}

/** Waits until every accepted batch was evaluated. */
export async function drained(url: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const res = await http(url, "GET", "/v1/epochs/current").catch(() => undefined);
    if (res?.status === 200 && res.body.backlog === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("receipt backlog did not drain");
}
