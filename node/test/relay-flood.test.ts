/**
 * Random session ids flooded at a relay's POST /receipts, from one IP and from many: the relay
 * asks the coordinator about at most its budget of them, keeps heartbeating without a 429, and
 * an honest viewer's receipts are still kept. The coordinator stand-in enforces a rate limit
 * (20 requests a second) like the real one.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { after, before, test } from "node:test";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { createSessionKey, signReceipt, type Receipt } from "@streamrp2p/protocol/receipt";
import { parseRelayConfig } from "../src/config.ts";
import { CoordinatorClient } from "../src/coordinator-client.ts";
import { startRelay, type RunningRelay } from "../src/relay/start-relay.ts";
import { startFakeCoordinator, type FakeCoordinator } from "./helpers/fake-coordinator.ts";

const OPERATOR_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const STREAM_ID = `0x${"ab".repeat(32)}` as const;
const operator = privateKeyToAccount(OPERATOR_KEY);
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
const HEARTBEAT_MS = 200;

let coordinator: FakeCoordinator;
let relay: RunningRelay;
let honest: Awaited<ReturnType<typeof createSessionKey>>;

before(async () => {
  coordinator = await startFakeCoordinator([], { rateLimit: { max: 20, windowMs: 1000 } });
  relay = await startRelay({
    config: parseRelayConfig({
      coordinatorUrl: coordinator.url,
      chainId: 31337,
      stakingAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      host: "127.0.0.1",
      httpPort: 0,
      statusIntervalMs: 0,
      upstream: ["http://127.0.0.1:1"],
      heartbeatIntervalMs: HEARTBEAT_MS,
      insecureSkipOriginCheck: true,
      upnp: false,
    }),
    account: operator,
    logger,
    now: Date.now,
    fetch: globalThis.fetch.bind(globalThis),
    coordinator: new CoordinatorClient({ baseUrl: coordinator.url }),
    originSigners: "insecure-skip",
  });
});
after(async () => {
  await relay.stop();
  await coordinator.close();
});

const fakeSignature = () => randomBytes(64).toString("base64url");

function receipt(sessionId: string): Receipt {
  return {
    sessionId,
    relay: operator.address,
    streamId: STREAM_ID,
    bytes: 1000,
    segments: 1,
    lastSequence: 1,
    timestamp: Date.now(),
  };
}

/** POSTs a body to the relay's /receipts from `localAddress` (any 127.x.y.z on loopback). */
function post(body: unknown, localAddress = "127.0.0.1"): Promise<number> {
  const text = JSON.stringify(body);
  const url = new URL("/receipts", relay.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text) },
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.once("error", reject);
    req.end(text);
  });
}

/** Sends `total` random-id receipts, `concurrency` at a time, from the addresses given. */
async function flood(total: number, addresses: string[], concurrency = 20) {
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const status = await post(
        { ...receipt(randomBytes(16).toString("hex")), signature: fakeSignature() },
        addresses[i % addresses.length],
      );
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

async function floodWindow(total: number, addresses: string[]) {
  const lookups0 = coordinator.sessionLookups;
  const heartbeats0 = coordinator.heartbeats.length;
  const started = Date.now();
  const statuses = await flood(total, addresses);
  // Let a few heartbeat periods pass under the flood's aftermath too.
  await new Promise((r) => setTimeout(r, 1000));
  const seconds = (Date.now() - started) / 1000;
  return {
    statuses,
    seconds,
    lookups: coordinator.sessionLookups - lookups0,
    heartbeats: coordinator.heartbeats.length - heartbeats0,
  };
}

test("an honest viewer's receipt is kept before the floods", async () => {
  const key = (honest = await createSessionKey());
  coordinator.sessions.set("honest-session", {
    streamId: STREAM_ID,
    viewerPublicKey: key.publicKey,
  });
  const r = receipt("honest-session");
  assert.equal(await post({ ...r, signature: await signReceipt(key.keyPair.privateKey, r) }), 202);
});

test("a flood of random session ids from one IP: bounded coordinator lookups, heartbeats not 429'd", async (t) => {
  const result = await floodWindow(600, ["127.0.0.1"]);
  t.diagnostic(JSON.stringify(result));
  assert.ok(result.lookups <= 10 + 2 * result.seconds, `${result.lookups} session lookups`);
  assert.deepEqual(coordinator.rateLimited, {}, "the relay was never rate-limited");
  assert.ok(
    result.heartbeats >= (result.seconds * 1000) / HEARTBEAT_MS / 2,
    `${result.heartbeats} heartbeats in ${result.seconds} s`,
  );
  assert.ok((result.statuses[429] ?? 0) > 0, "the flooder was answered 429");
});

test("a flood of random session ids from 50 IPs: at most the relay's lookup budget", async (t) => {
  const addresses = Array.from({ length: 50 }, (_, i) => `127.0.${1 + (i >> 4)}.${(i % 16) + 1}`);
  const result = await floodWindow(600, addresses);
  t.diagnostic(JSON.stringify(result));
  assert.ok(result.lookups <= 10 + 5 * result.seconds, `${result.lookups} session lookups`);
  assert.deepEqual(coordinator.rateLimited, {}, "the relay was never rate-limited");
  assert.ok(
    result.heartbeats >= (result.seconds * 1000) / HEARTBEAT_MS / 2,
    `${result.heartbeats} heartbeats in ${result.seconds} s`,
  );
});

test("the same unknown session id again: answered from the negative cache", async () => {
  await new Promise((r) => setTimeout(r, 1500)); // let the budgets refill
  const id = randomBytes(16).toString("hex");
  const lookups0 = coordinator.sessionLookups;
  for (let i = 0; i < 5; i++)
    assert.equal(await post({ ...receipt(id), signature: fakeSignature() }, "127.0.9.9"), 400);
  assert.equal(coordinator.sessionLookups - lookups0, 1);
});

test("the honest viewer's next receipt is still kept after the floods", async () => {
  const key = honest;
  const r = { ...receipt("honest-session"), bytes: 5000, segments: 5, lastSequence: 5 };
  assert.equal(await post({ ...r, signature: await signReceipt(key.keyPair.privateKey, r) }), 202);
});
