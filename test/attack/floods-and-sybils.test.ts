/**
 * Fake viewers, fake relays and floods (issue 10), run as an attacker would against one real
 * stack (Redis, the local chain, the coordinator behind a trusted loopback proxy, an origin with
 * ffmpeg publishing, two staked relays). Each case states the attacker's bound and asserts it,
 * and asserts that the honest side kept working: an honest viewer keeps receiving verified
 * segments, the honest relays keep heartbeating and keep being credited, the honest publisher
 * keeps being ingested. SECURITY.md lists each attack with its bound.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import { listRelaysResponse } from "@streamrp2p/protocol/api";
import type { ViewerClient } from "@streamrp2p/client";
import { REPO_ROOT } from "../../scripts/lib/chain.ts";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";
import {
  ATTACK_STACK_ENV,
  epochOf,
  floodRandomSessionIds,
  floodUnstakedHeartbeats,
  honestViewer,
  ipv4Sources,
  ipv6Sources,
  openSessions,
  publishWithKey,
  RTMP_PER_IP,
  sendGarbage,
  SESSION_CAP,
  slowLoris,
  startAttackerRelay,
  streamHead,
  until,
  uploadSelfDealtReceipts,
  verifiedBytes,
  type AttackerRelay,
  type OpenedSession,
} from "./lib/attacks.ts";

const EPOCH_SECONDS = 6;
/** A Hardhat dev account with no role in the stack: the attacker's staked operator. */
const ATTACKER_OPERATOR = 8;
const HANDSHAKE_TIMEOUT_MS = Number(ATTACK_STACK_ENV.origin.RTMP_HANDSHAKE_TIMEOUT_MS);

let stack: Stack;
let viewer: ViewerClient;
let attacker: AttackerRelay | undefined;
/** The epoch the floods began in: the honest relays must be credited from it on. */
let floodEpoch: number;
/** Sessions opened while the attacker relay was live (each lists it): T5 pays itself with them. */
let attackerSessions: OpenedSession[] = [];
/** The epochs the receipts-only relay's receipts were credited in. */

const relayList = async () =>
  listRelaysResponse.parse(await (await fetch(`${stack.urls.coordinator}/v1/relays`)).json())
    .relays;

/** Resolves once the honest viewer has received `more` further verified segments. */
const viewerGets = (more: number, ms = 15_000) => {
  const target = viewer.stats.segments + more;
  return until(
    `${more} more segments at the honest viewer`,
    async () => (viewer.stats.segments >= target ? true : undefined),
    ms,
  );
};

/** Resolves once the coordinator's manifest head moved `more` sequences past now. */
const ingestAdvances = async (more: number) => {
  const from = await streamHead(stack.urls.coordinator, stack.streamId);
  return until(
    `the origin to publish ${more} more segments`,
    async () =>
      (await streamHead(stack.urls.coordinator, stack.streamId)) >= from + more ? true : undefined,
    20_000,
  );
};

before(async () => {
  stack = await startStack({
    logDir: path.join(REPO_ROOT, ".run/test-logs/attack-floods-stack"),
    web: false,
    viewers: 1,
    epochSeconds: EPOCH_SECONDS,
    coordinatorEnv: ATTACK_STACK_ENV.coordinator,
    originEnv: ATTACK_STACK_ENV.origin,
  });
  await until(
    "the stream's first segments",
    async () =>
      (await streamHead(stack.urls.coordinator, stack.streamId)) >= 2 ? true : undefined,
    60_000,
  );
  // The honest viewer watches relay 1 (the flooded one), relay 2 as its fallback.
  viewer = honestViewer(stack, "127.0.0.2", [
    { address: stack.relayKeys[0], url: stack.urls.relays[0], tier: 1 },
    { address: stack.relayKeys[1], url: stack.urls.relays[1], tier: 2 },
  ]);
  await viewer.start();
  await viewerGets(1, 30_000);
});

after(async () => {
  await viewer?.stop();
  await attacker?.stop();
  await stack?.stop();
});

test("sybil viewers in one IPv6 /64: 12 addresses get one prefix's cap of sessions", async () => {
  const { opened, refused } = await openSessions(
    stack.urls.coordinator,
    stack.streamId,
    ipv6Sources(0xa, 12),
  );
  assert.equal(opened.length, SESSION_CAP, "bound: MAX_SESSIONS_PER_ADDRESS per /64");
  assert.deepEqual(refused, Array(12 - SESSION_CAP).fill("SESSION_LIMIT"));
  await viewerGets(1);
});

test("sybil viewers in many IPv4 /24s: the cap holds per /24 (4 prefixes x 7 addresses)", async () => {
  const { opened, refused } = await openSessions(
    stack.urls.coordinator,
    stack.streamId,
    ipv4Sources(10, 4, 7),
  );
  assert.equal(opened.length, 4 * SESSION_CAP, "bound: MAX_SESSIONS_PER_ADDRESS x /24s held");
  assert.deepEqual(refused, Array(4 * (7 - SESSION_CAP)).fill("SESSION_LIMIT"));
  // The honest viewer's prefix (127.0.0.0/24) is not the attacker's: a new session still opens.
  const honest = await openSessions(stack.urls.coordinator, stack.streamId, [
    { localAddress: "127.0.0.4" },
  ]);
  assert.equal(honest.opened.length, 1);
  await viewerGets(1);
});

test("a relay claiming tier 8 and load 0 is ranked first no more than its fair share", async () => {
  attacker = await startAttackerRelay(stack, {
    operatorIndex: ATTACKER_OPERATOR,
    source: { localAddress: "127.0.3.1" },
    proxyOf: stack.urls.relays[0],
  });
  const listed = (await relayList()).find(
    (r) => r.address.toLowerCase() === attacker!.key.address.toLowerCase(),
  );
  assert.ok(listed?.live && listed.staked, "the attacker's relay is live and staked");
  assert.equal(
    listed.tier,
    1,
    "the tier is the coordinator's, from the upstream (not the claimed 8)",
  );

  const samples = 45;
  const { opened } = await openSessions(
    stack.urls.coordinator,
    stack.streamId,
    ipv4Sources(20, samples / SESSION_CAP, SESSION_CAP),
  );
  assert.equal(opened.length, samples);
  attackerSessions = opened;
  const first = opened.filter((s) => s.relays[0] === attacker!.key.address.toLowerCase()).length;
  // Three staked operators with one key each serve the stream: a fair share is 1/3 (15 of 45);
  // 26 is more than 3.3 standard deviations above it. A relay that could steer would get 45.
  assert.ok(first <= 26, `the attacker was ranked first in ${first} of ${samples} sessions`);
  assert.ok(
    opened.every((s) => s.relays.includes(stack.relayKeys[0].toLowerCase())),
    "the honest relay is still assigned",
  );
});

test("a relay whose playlist points at another relay's segments is paid nothing", async () => {
  assert.ok(attacker, "the attacker relay runs (previous test)");
  const victim = honestViewer(stack, "127.0.0.3", [
    { address: attacker.key.address, url: attacker.url, tier: 1 },
    { address: stack.relayKeys[1], url: stack.urls.relays[1], tier: 2 },
  ]);
  await victim.start();
  try {
    await until(
      "3 verified segments at the viewer",
      async () => (victim.stats.segments >= 3 ? true : undefined),
      20_000,
    );
    await victim.sendReceipts();
  } finally {
    await victim.stop();
  }
  const claimed = attacker.received.reduce((max, r) => Math.max(max, r.bytes), 0);
  assert.equal(
    claimed,
    0,
    `the viewer signed receipts for ${claimed} bytes to the relay that served none of them`,
  );
});

test("a relay that serves nothing and uploads receipts of its own sessions gains at most the per-stream bound", async () => {
  assert.ok(attacker, "the attacker relay runs");
  const from = epochOf(Date.now(), EPOCH_SECONDS);
  // Two rounds of cumulative receipts, 3 s apart: the sessions' real time grows with the claim.
  const firstRound = await uploadSelfDealtReceipts(stack, attacker, attackerSessions);
  await new Promise((r) => setTimeout(r, 3000));
  const { receipts: secondRound, boundBytes } = await uploadSelfDealtReceipts(
    stack,
    attacker,
    attackerSessions,
  );
  const receipts = firstRound.receipts + secondRound;
  assert.ok(receipts > 0, "the attacker uploaded receipts");
  const address = attacker.key.address;
  // Every uploaded receipt is decided (credited, withheld, rejected or ignored) within a few s.
  const gain = await until(
    "the attacker's receipts to be evaluated",
    async () => {
      const to = epochOf(Date.now(), EPOCH_SECONDS);
      let decided = 0;
      for (let epoch = from; epoch <= to; epoch++) {
        const report = (await (
          await fetch(
            `${stack.urls.coordinator}/v1/relays/${address.toLowerCase()}/report?epoch=${epoch}`,
          )
        ).json()) as { receipts: Record<string, number> };
        decided += Object.values(report.receipts).reduce((a, b) => a + b, 0);
      }
      return decided >= receipts
        ? verifiedBytes(stack.urls.coordinator, address, { from, to })
        : undefined;
    },
    20_000,
  );
  assert.ok(
    gain <= boundBytes,
    `credited ${gain} bytes, bound ${boundBytes} (sessions x bytes the stream produced)`,
  );
});

test("random session ids at a relay: its own heartbeats still land and it keeps serving the honest viewer", async () => {
  const floodStart = Date.now();
  floodEpoch = epochOf(floodStart, EPOCH_SECONDS);
  const watching = viewerGets(2, 20_000);
  const statuses = await floodRandomSessionIds(
    stack.urls.relays[0],
    stack.streamId,
    stack.relayKeys[0],
    ipv4Sources(30, 5, 1),
    30,
  );
  const codes = Object.keys(statuses).map(Number);
  assert.ok(
    codes.every((c) => c < 500 || c === 503),
    `the relay answered ${JSON.stringify(statuses)}`,
  );
  await watching;
  await until(
    "a heartbeat from relay 1 after the flood",
    async () => {
      const relay1 = (await relayList()).find(
        (r) => r.address.toLowerCase() === stack.relayKeys[0].toLowerCase(),
      );
      return relay1 && relay1.lastSeen > floodStart ? true : undefined;
    },
    12_000,
  );
});

test("bad stream keys at the origin's RTMP: every one refused and closed, the honest stream keeps being ingested", async () => {
  const sources = ipv4Sources(40, 6, 1);
  const attempts = await Promise.all(
    Array.from({ length: 24 }, (_, i) =>
      publishWithKey(
        stack.ports.rtmp,
        sources[i % sources.length]!.localAddress,
        i % 3 === 0 ? "same-bad-key" : randomBytes(12).toString("hex"),
        8000,
      ),
    ),
  );
  for (const outcome of attempts) {
    assert.ok(outcome.closedAfterMs !== undefined, "the origin closed the connection");
    assert.ok(outcome.refusedKey, "with NetStream.Publish.BadName");
  }
  await ingestAdvances(2);
  await viewerGets(1);
});

test("RTMP garbage and slow-loris connections are closed within the timeouts; the honest publisher is unaffected", async () => {
  const lorises = 12;
  const [slow, http, junk] = await Promise.all([
    Promise.all(
      Array.from({ length: lorises }, () =>
        slowLoris(stack.ports.rtmp, "127.0.50.1", 200, HANDSHAKE_TIMEOUT_MS + 5000),
      ),
    ),
    sendGarbage(stack.ports.rtmp, "127.0.51.1", "http", 5000),
    sendGarbage(stack.ports.rtmp, "127.0.51.2", "junk-chunks", 5000),
  ]);
  // Over the per-IP cap a connection is closed at accept; the others at the handshake timeout.
  const atAccept = slow.filter((o) => o.closedAfterMs !== undefined && o.closedAfterMs < 1000);
  assert.equal(atAccept.length, lorises - RTMP_PER_IP, "connections over the per-IP cap");
  for (const o of slow) {
    assert.ok(
      o.closedAfterMs !== undefined && o.closedAfterMs <= HANDSHAKE_TIMEOUT_MS + 1500,
      `a slow-loris was closed after ${o.closedAfterMs} ms (handshake timeout ${HANDSHAKE_TIMEOUT_MS})`,
    );
  }
  assert.ok(http.closedAfterMs !== undefined && http.closedAfterMs < 2000, "HTTP text is closed");
  assert.ok(
    junk.closedAfterMs !== undefined && junk.closedAfterMs < 3000,
    "junk chunks are closed",
  );
  await ingestAdvances(2);
  await viewerGets(1);
});

test("heartbeat floods from unstaked addresses create no stream state and leave the honest relays assigned", async () => {
  const { addresses, streamIds, statuses } = await floodUnstakedHeartbeats(
    stack.urls.coordinator,
    stack.chain.chainId,
    ipv4Sources(60, 1, 25),
  );
  assert.deepEqual(statuses, { 200: 25 });
  const redis = new Redis(stack.redis.url);
  try {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await redis.scan(cursor, "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    const fake = new Set(streamIds.map((s) => s.toLowerCase()));
    const touched = keys.filter((k) => [...fake].some((id) => k.toLowerCase().includes(id)));
    assert.deepEqual(touched, [], "bound: 0 keys for streams named by unstaked relays");
  } finally {
    redis.disconnect();
  }
  const listed = (await relayList()).filter((r) => addresses.includes(r.address.toLowerCase()));
  assert.ok(listed.every((r) => !r.staked && r.streams.length === 0));
  const { opened } = await openSessions(stack.urls.coordinator, stack.streamId, [
    { localAddress: "127.0.61.1" },
  ]);
  assert.equal(opened.length, 1);
  assert.ok(
    opened[0]!.relays.every((r) => !addresses.includes(r)),
    "no unstaked relay assigned",
  );
  assert.ok(opened[0]!.relays.includes(stack.relayKeys[0].toLowerCase()));
});

test("after every attack the honest relays are still credited and the honest viewer still watches", async () => {
  await viewerGets(2);
  const credited = await until(
    "credited bytes for relay 1 since the floods began",
    async () => {
      const to = epochOf(Date.now(), EPOCH_SECONDS);
      const bytes = await verifiedBytes(stack.urls.coordinator, stack.relayKeys[0], {
        from: floodEpoch,
        to,
      });
      return bytes > 0 ? bytes : undefined;
    },
    20_000,
  );
  assert.ok(credited > 0);
  assert.equal(viewer.stats.rejected, 0, "the honest viewer never got a bad segment");
});
