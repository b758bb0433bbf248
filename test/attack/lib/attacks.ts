/**
 * The attacker's tools of the floods-and-sybils suite and `npm run bench:attack`, each aimed at
 * the real stack (scripts/lib/stack.ts): sybil viewers from chosen network prefixes, a staked
 * relay that lies about itself (tier, load, what it served), session-id and heartbeat floods,
 * and raw RTMP clients (bad keys, garbage, slow-loris). Sources are real loopback addresses
 * (127.0.k.j: a connection leaves from that address); an IPv6 prefix goes in X-Forwarded-For
 * from a loopback proxy, which the stack's coordinator trusts (TRUST_PROXY=loopback).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { parseUnits, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import {
  createChainClients,
  createCoordinatorClient,
  createViewer,
  mintTestToken,
  postFetchLog,
  postHeartbeat,
  postReceipts,
  signIn,
  stake,
  type CoordinatorClient,
  type ViewerClient,
  type ViewerRelay,
} from "@streamrp2p/client";
import { relayStakingDomain } from "@streamrp2p/protocol/eip712";
import { relayReportResponse, storedManifestEntry, streamInfo } from "@streamrp2p/protocol/api";
import {
  createSessionKey,
  signReceipt,
  type Receipt,
  type SessionKey,
  type SignedReceipt,
} from "@streamrp2p/protocol/receipt";
import { z } from "zod";
import { encodeAmf0, type Amf0Value } from "../../../node/src/rtmp/amf0.ts";
import { devAccount } from "../../../scripts/lib/dev-accounts.ts";
import { authorizedRelayKey } from "../../../scripts/lib/relay-keys.ts";
import { TOKEN_DECIMALS, type Stack } from "../../../scripts/lib/stack.ts";
import { nodeFetch } from "../../e2e/helpers/node-fetch.ts";

/** The coordinator and origin settings the attack stack runs with (see startAttackStack). */
export const ATTACK_STACK_ENV = {
  /** A reverse proxy on loopback: X-Forwarded-For from 127.0.0.0/8 names the client. */
  coordinator: { TRUST_PROXY: "loopback" },
  /** Short RTMP timeouts, so a slow-loris is seen closed within the suite's time. */
  origin: {
    RTMP_HANDSHAKE_TIMEOUT_MS: "2000",
    RTMP_PUBLISH_TIMEOUT_MS: "4000",
    RTMP_IDLE_TIMEOUT_MS: "4000",
  },
} as const;
/** The coordinator's default open sessions per network prefix (MAX_SESSIONS_PER_ADDRESS). */
export const SESSION_CAP = 5;
/** SESSION_BACKFILL_SEGMENTS' default: a new session may count this many segments before the head. */
export const SESSION_BACKFILL = 10;
/** RTMP connections the origin takes from one IP (RTMP_MAX_CONNECTIONS_PER_IP default). */
export const RTMP_PER_IP = 8;

export interface Source {
  /** The loopback address the connection leaves from. */
  localAddress: string;
  /** The client address a trusted loopback proxy reports (X-Forwarded-For). */
  forwardedFor?: string;
}

/** A fetch from `source`: its loopback address, and its forwarded-for header when set. */
export function fetchFrom(source: Source): typeof fetch {
  const base = nodeFetch({ localAddress: source.localAddress });
  if (source.forwardedFor === undefined) return base;
  const forwardedFor = source.forwardedFor;
  return ((input: string | URL | Request, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("x-forwarded-for", forwardedFor);
    return base(input, { ...init, headers });
  }) as typeof fetch;
}

/** `perPrefix` addresses in each of `prefixes` IPv4 /24s, 127.0.<first + k>.<1..perPrefix>. */
export function ipv4Sources(first: number, prefixes: number, perPrefix: number): Source[] {
  return Array.from({ length: prefixes * perPrefix }, (_, i) => ({
    localAddress: `127.0.${first + Math.floor(i / perPrefix)}.${(i % perPrefix) + 1}`,
  }));
}

/** `count` addresses of one IPv6 /64 (2001:db8:<tag>:1::/64), behind the loopback proxy. */
export function ipv6Sources(tag: number, count: number): Source[] {
  return Array.from({ length: count }, (_, i) => ({
    localAddress: "127.0.2.1",
    forwardedFor: `2001:db8:${tag.toString(16)}:1:${(i + 1).toString(16)}:0:0:${(i * 7 + 1).toString(16)}`,
  }));
}

const errorBody = z.object({ error: z.object({ code: z.string() }) });
const sessionBody = z.object({
  sessionId: z.string(),
  relays: z.array(z.object({ address: z.string(), url: z.string(), tier: z.number() })),
});

export interface OpenedSession {
  sessionId: string;
  key: SessionKey;
  /** Relay addresses, best first (lowercase). */
  relays: string[];
  /** The stream's newest sequence when the session was opened. */
  headAtOpen: number;
}

export interface SessionAttempts {
  opened: OpenedSession[];
  /** Refusal codes, one per refused attempt. */
  refused: string[];
}

/** The stream's newest sequence at the coordinator (-1: none yet). */
export async function streamHead(coordinatorUrl: string, streamId: Hex): Promise<number> {
  const body = streamInfo.parse(
    await (await fetch(`${coordinatorUrl}/v1/streams/${streamId}`)).json(),
  );
  return body.lastSequence ?? -1;
}

/** POST /v1/sessions once per source, each with a fresh P-256 session key. */
export async function openSessions(
  coordinatorUrl: string,
  streamId: Hex,
  sources: readonly Source[],
): Promise<SessionAttempts> {
  const headAtOpen = await streamHead(coordinatorUrl, streamId);
  const opened: OpenedSession[] = [];
  const refused: string[] = [];
  for (const source of sources) {
    const key = await createSessionKey();
    const response = await fetchFrom(source)(`${coordinatorUrl}/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ streamId, viewerPublicKey: key.publicKey }),
    });
    const body: unknown = await response.json();
    if (response.status === 201) {
      const session = sessionBody.parse(body);
      opened.push({
        sessionId: session.sessionId,
        key,
        relays: session.relays.map((r) => r.address.toLowerCase()),
        headAtOpen,
      });
    } else {
      refused.push(errorBody.parse(body).error.code);
    }
  }
  return { opened, refused };
}

const manifestBody = z.object({ entries: z.array(storedManifestEntry) });

/** The coordinator's manifest entries of sequences from..to (inclusive). */
export async function manifestRange(
  coordinatorUrl: string,
  streamId: Hex,
  from: number,
  to: number,
): Promise<z.infer<typeof storedManifestEntry>[]> {
  const out: z.infer<typeof storedManifestEntry>[] = [];
  for (let next = from; next <= to;) {
    const limit = Math.min(1000, to - next + 1);
    const { entries } = manifestBody.parse(
      await (
        await fetch(`${coordinatorUrl}/v1/streams/${streamId}/manifest?from=${next}&limit=${limit}`)
      ).json(),
    );
    out.push(...entries.filter((e) => e.sequence <= to));
    if (entries.length < limit) break;
    next = entries.at(-1)!.sequence + 1;
  }
  return out;
}

/** A relay key's verified bytes summed over epochs from..to, as the coordinator reports them. */
export async function verifiedBytes(
  coordinatorUrl: string,
  relay: string,
  epochs: { from: number; to: number },
): Promise<number> {
  let total = 0;
  for (let epoch = epochs.from; epoch <= epochs.to; epoch++) {
    const report = relayReportResponse.parse(
      await (
        await fetch(`${coordinatorUrl}/v1/relays/${relay.toLowerCase()}/report?epoch=${epoch}`)
      ).json(),
    );
    total += report.verifiedBytes;
  }
  return total;
}

/** The epoch `at` falls in (genesis 0, as the stack runs). */
export function epochOf(at: number, epochSeconds: number): number {
  return Math.floor(at / (epochSeconds * 1000));
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms: number,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A staked relay under the attacker's control: a fresh operator (a Hardhat dev account with no
 * role in the stack) stakes like the honest ones and authorizes a hot key; the key signs in and
 * heartbeats what the attacker likes. Its HTTP server serves another relay's segments: the
 * playlist is relay 1's, rewritten to point every segment at relay 1 (absolute URIs), and it
 * keeps every receipt viewers post to it.
 */
export interface AttackerRelay {
  key: PrivateKeyAccount;
  operator: Address;
  url: string;
  coordinator: CoordinatorClient;
  /** Receipts viewers posted to this relay's POST /receipts. */
  received: SignedReceipt[];
  /** Sends one heartbeat that claims tier 8 and load 0, serving the stream. */
  heartbeat(): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startAttackerRelay(
  stack: Stack,
  options: { operatorIndex: number; source: Source; proxyOf: string },
): Promise<AttackerRelay> {
  const { rpcUrl, chainId } = stack.chain;
  const operator = createChainClients({
    rpcUrl,
    chainId,
    account: devAccount(options.operatorIndex),
  });
  await mintTestToken(stack.deployer, {
    to: operator.account.address,
    amount: parseUnits("1000", TOKEN_DECIMALS),
  });
  await stake(operator, { amount: parseUnits("100", TOKEN_DECIMALS) });
  const { account: key } = await authorizedRelayKey(operator, stack.deployer);

  const received: SignedReceipt[] = [];
  const base = options.proxyOf.replace(/\/$/, "");
  const server = createServer((req, res) => void serve(req, res));
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requested = new URL(req.url ?? "/", "http://x");
    const path = requested.pathname;
    // The coordinator's reachability probe opens no session: to it the attacker looks honest
    // (relative segment URIs, bytes proxied), so it is listed and given viewers.
    const probe = !requested.searchParams.has("session");
    try {
      if (req.method === "POST" && path === "/receipts") {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as SignedReceipt);
        res.writeHead(202, { "content-type": "application/json" }).end('{"kept":true}');
      } else if (probe && /\/\d+(\.\d+)?\.ts$/.test(path)) {
        const upstream = await fetch(`${base}${path}`);
        res
          .writeHead(upstream.status, { "content-type": "video/mp2t" })
          .end(Buffer.from(await upstream.arrayBuffer()));
      } else if (path.endsWith("/index.m3u8")) {
        const upstream = `${base}${path}`;
        const text = await (await fetch(upstream)).text();
        if (probe) {
          res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" }).end(text);
          return;
        }
        const rewritten = text
          .split("\n")
          .map((line) =>
            line === "" || line.startsWith("#") ? line : new URL(line, upstream).toString(),
          )
          .join("\n");
        res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" }).end(rewritten);
      } else if (path.endsWith("/manifest.json")) {
        const upstream = await fetch(`${base}${path}`);
        res
          .writeHead(upstream.status, { "content-type": "application/json" })
          .end(Buffer.from(await upstream.arrayBuffer()));
      } else if (path === "/status" || path === "/health") {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ address: key.address }));
      } else {
        res.writeHead(404).end();
      }
    } catch {
      res.writeHead(502).end();
    }
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fetcher = fetchFrom(options.source);
  let token = "";
  const coordinator = createCoordinatorClient({
    baseUrl: stack.urls.coordinator,
    fetch: fetcher,
    token: () => token,
  });
  ({ token } = await signIn(coordinator, { account: key, chainId, issuedAt: new Date() }));
  const heartbeat = () =>
    postHeartbeat(coordinator, {
      url,
      tier: 8,
      upstream: stack.urls.origin,
      streams: [stack.streamId],
      load: 0,
      bytesServed: 0,
      viewers: 0,
      version: "attacker",
    });
  await heartbeat();
  const timer = setInterval(() => void heartbeat().catch(() => {}), 2000);
  return {
    key,
    operator: operator.account.address,
    url,
    coordinator,
    received,
    heartbeat,
    async stop() {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Self-dealing: the attacker relay serves nothing, reports a fetch log copied from the
 * coordinator's public manifest, and uploads one receipt per session it controls, each claiming
 * every segment the session may count (from its backfill start to the stream's head). Resolves
 * to the bound the per-stream rule sets for what it uploaded: sessions x the bytes the stream
 * produced in that range.
 */
export async function uploadSelfDealtReceipts(
  stack: Stack,
  attacker: AttackerRelay,
  sessions: readonly OpenedSession[],
): Promise<{ receipts: number; boundBytes: number }> {
  const coordinatorUrl = stack.urls.coordinator;
  const mine = sessions.filter((s) => s.relays.includes(attacker.key.address.toLowerCase()));
  if (mine.length === 0) return { receipts: 0, boundBytes: 0 };
  const head = await streamHead(coordinatorUrl, stack.streamId);
  const from = Math.max(0, Math.min(...mine.map((s) => s.headAtOpen)) - SESSION_BACKFILL + 1);
  const entries = await manifestRange(coordinatorUrl, stack.streamId, from, head);
  const now = Date.now();
  await postFetchLog(attacker.coordinator, {
    entries: entries.map((e) => ({
      streamId: stack.streamId,
      sequence: e.sequence,
      hash: e.hash,
      from: stack.urls.origin,
      at: now,
    })),
  });
  const receipts = await Promise.all(
    mine.map(async (session) => {
      const first = Math.max(0, session.headAtOpen - SESSION_BACKFILL + 1);
      const claimed = entries.filter((e) => e.sequence >= first);
      const receipt: Receipt = {
        sessionId: session.sessionId,
        relay: attacker.key.address.toLowerCase() as Address,
        streamId: stack.streamId,
        bytes: claimed.reduce((n, e) => n + e.size, 0),
        segments: claimed.length,
        lastSequence: head,
        timestamp: now,
      };
      return { ...receipt, signature: await signReceipt(session.key.keyPair.privateKey, receipt) };
    }),
  );
  await postReceipts(attacker.coordinator, { receipts });
  const streamBytes = entries.reduce((n, e) => n + e.size, 0);
  return { receipts: receipts.length, boundBytes: mine.length * streamBytes };
}

/** HTTP statuses seen, by code. */
export type StatusCounts = Record<number, number>;

function tally(counts: StatusCounts, status: number): void {
  counts[status] = (counts[status] ?? 0) + 1;
}

/**
 * Unknown session ids at a relay: `perSource` receipts (well-formed, random ids and signatures)
 * and as many playlist requests with `?session=<random id>` from each source, all at once.
 */
export async function floodRandomSessionIds(
  relayUrl: string,
  streamId: Hex,
  relayAddress: string,
  sources: readonly Source[],
  perSource: number,
): Promise<StatusCounts> {
  const counts: StatusCounts = {};
  await Promise.all(
    sources.map(async (source) => {
      const send = fetchFrom(source);
      for (let i = 0; i < perSource; i++) {
        const sessionId = randomBytes(16).toString("hex");
        const receipt = {
          sessionId,
          relay: relayAddress.toLowerCase(),
          streamId,
          bytes: 1_000_000,
          segments: 1,
          lastSequence: 1,
          timestamp: Date.now(),
          signature: randomBytes(64).toString("base64url"),
        };
        const [posted, playlist] = await Promise.all([
          send(`${relayUrl}/receipts`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(receipt),
          }),
          send(`${relayUrl}/streams/${streamId}/index.m3u8?session=${sessionId}`),
        ]);
        await Promise.all([posted.body?.cancel(), playlist.body?.cancel()]);
        tally(counts, posted.status);
        tally(counts, playlist.status);
      }
    }),
  );
  return counts;
}

/**
 * Unstaked addresses sign in (free) and heartbeat 100 made-up stream ids each. Resolves to the
 * addresses and stream ids used, and the heartbeat statuses.
 */
export async function floodUnstakedHeartbeats(
  coordinatorUrl: string,
  chainId: number,
  sources: readonly Source[],
): Promise<{ addresses: string[]; streamIds: Hex[]; statuses: StatusCounts }> {
  const addresses: string[] = [];
  const streamIds: Hex[] = [];
  const statuses: StatusCounts = {};
  await Promise.all(
    sources.map(async (source, i) => {
      const account = privateKeyToAccount(generatePrivateKey());
      let token = "";
      const client = createCoordinatorClient({
        baseUrl: coordinatorUrl,
        fetch: fetchFrom(source),
        token: () => token,
      });
      ({ token } = await signIn(client, { account, chainId, issuedAt: new Date() }));
      const streams = Array.from(
        { length: 100 },
        () => `0x${randomBytes(32).toString("hex")}` as Hex,
      );
      streamIds.push(...streams);
      addresses.push(account.address.toLowerCase());
      const response = await fetchFrom(source)(`${coordinatorUrl}/v1/relays/heartbeat`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          url: `http://127.0.0.1:${20000 + i}`,
          tier: 1,
          upstream: "http://127.0.0.1:1",
          streams,
          load: 0,
          bytesServed: 0,
          viewers: 0,
          version: "flood",
        }),
      });
      await response.body?.cancel();
      tally(statuses, response.status);
    }),
  );
  return { addresses, streamIds, statuses };
}

// RTMP, as much of it as an attacker needs: a handshake, then AMF0 commands in 128-byte chunks.

const HANDSHAKE_SIZE = 1536;
const CHUNK_SIZE = 128;

function rtmpMessage(csid: number, typeId: number, streamId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = csid; // fmt 0
  header.writeUIntBE(0, 1, 3);
  header.writeUIntBE(payload.length, 4, 3);
  header[7] = typeId;
  header.writeUInt32LE(streamId, 8);
  const parts: Buffer[] = [header];
  for (let offset = 0; offset < payload.length; offset += CHUNK_SIZE) {
    if (offset > 0) parts.push(Buffer.from([0xc0 | csid]));
    parts.push(payload.subarray(offset, offset + CHUNK_SIZE));
  }
  return Buffer.concat(parts);
}

const command = (streamId: number, ...values: Amf0Value[]) =>
  rtmpMessage(streamId === 0 ? 3 : 4, 20, streamId, encodeAmf0(...values));

export interface RtmpOutcome {
  /** ms from connect until the origin closed the connection (undefined: still open at the deadline). */
  closedAfterMs: number | undefined;
  /** The origin's answer mentioned NetStream.Publish.BadName (a refused key). */
  refusedKey: boolean;
}

/**
 * One RTMP connection from `localAddress`: `script` gets the socket once it is connected (and
 * once the origin's S0+S1+S2 arrived, when it asks for a handshake) and writes what the
 * attacker wants. Resolves when the origin closes it or at `deadlineMs` (then it is destroyed).
 */
export function rtmpConnection(
  port: number,
  localAddress: string,
  deadlineMs: number,
  script: (
    write: (bytes: Buffer) => void,
    handshake: () => Promise<Buffer>,
    open: () => boolean,
  ) => Promise<void>,
): Promise<RtmpOutcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect({ host: "127.0.0.1", port, localAddress });
    let received = Buffer.alloc(0);
    let waiter: (() => void) | undefined;
    let closed = false;
    socket.on("data", (data: Buffer) => {
      received = Buffer.concat([received, data]);
      waiter?.();
    });
    socket.on("error", () => {});
    const timer = setTimeout(() => socket.destroy(), deadlineMs);
    socket.on("close", () => {
      closed = true;
      waiter?.();
      clearTimeout(timer);
      const elapsed = Date.now() - started;
      resolve({
        closedAfterMs: elapsed >= deadlineMs ? undefined : elapsed,
        refusedKey: received.includes("NetStream.Publish.BadName"),
      });
    });
    const write = (bytes: Buffer) => {
      if (!closed && !socket.destroyed) socket.write(bytes);
    };
    const handshake = async () => {
      write(Buffer.concat([Buffer.from([3]), randomBytes(HANDSHAKE_SIZE)]));
      while (!closed && received.length < 1 + 2 * HANDSHAKE_SIZE) {
        await new Promise<void>((r) => (waiter = r));
      }
      return received.subarray(1, 1 + HANDSHAKE_SIZE);
    };
    socket.once(
      "connect",
      () => void script(write, handshake, () => !closed).catch(() => socket.destroy()),
    );
  });
}

/** A publisher that completes the handshake and publishes `streamKey`. */
export function publishWithKey(
  port: number,
  localAddress: string,
  streamKey: string,
  deadlineMs: number,
): Promise<RtmpOutcome> {
  return rtmpConnection(port, localAddress, deadlineMs, async (write, handshake) => {
    const s1 = await handshake();
    write(
      Buffer.concat([
        s1,
        command(0, "connect", 1, { app: "live", type: "nonprivate", tcUrl: "rtmp://x/live" }),
        command(0, "createStream", 2, null),
        command(1, "publish", 3, null, streamKey, "live"),
      ]),
    );
  });
}

/** Garbage instead of RTMP: an HTTP request, or a handshake followed by junk chunk headers. */
export function sendGarbage(
  port: number,
  localAddress: string,
  kind: "http" | "junk-chunks",
  deadlineMs: number,
): Promise<RtmpOutcome> {
  return rtmpConnection(port, localAddress, deadlineMs, async (write, handshake) => {
    if (kind === "http") {
      write(Buffer.from("GET / HTTP/1.1\r\nHost: origin\r\n\r\n".repeat(200)));
      return;
    }
    const s1 = await handshake();
    // Partial 16 MiB messages on ever new chunk streams (3-byte basic headers, csid up to 65,599).
    const junk: Buffer[] = [s1];
    for (let csid = 64; csid < 64 + 4000; csid++) {
      const basic = Buffer.from([1, (csid - 64) & 0xff, (csid - 64) >> 8]);
      const header = Buffer.alloc(11);
      header.writeUIntBE(0xffffff, 3, 3);
      header[6] = 9;
      junk.push(basic, header, randomBytes(CHUNK_SIZE));
    }
    write(Buffer.concat(junk));
  });
}

/** A slow-loris: C0 then one byte of C1 every `everyMs`, never finishing the handshake. */
export function slowLoris(
  port: number,
  localAddress: string,
  everyMs: number,
  deadlineMs: number,
): Promise<RtmpOutcome> {
  return rtmpConnection(port, localAddress, deadlineMs, async (write, _handshake, open) => {
    write(Buffer.from([3]));
    for (let i = 0; i < HANDSHAKE_SIZE - 1 && open(); i++) {
      await new Promise((r) => setTimeout(r, everyMs));
      write(Buffer.from([i & 0xff]));
    }
  });
}

/**
 * A viewer from its own loopback address (the web player's client, headless) that opens a real
 * session and watches `relays` in order.
 */
export function honestViewer(
  stack: Stack,
  localAddress: string,
  relays: ViewerRelay[],
): ViewerClient {
  return createViewer({
    relays,
    coordinatorUrl: stack.urls.coordinator,
    streamId: stack.streamId,
    domain: relayStakingDomain(
      stack.chain.chainId,
      stack.deployment.contracts.RelayStaking.address,
    ),
    fetch: fetchFrom({ localAddress }),
    receiptIntervalMs: 1000,
  });
}
