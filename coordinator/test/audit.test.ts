/**
 * Spot checks against real relays: tiny HTTP servers play relays of one live stream (the
 * routes a player uses: playlist, manifest.json, segments with a signed delivery statement).
 * The honest one serves the origin's bytes; the cheat flips a byte of every segment but signs
 * the right hash, and the idle one answers 404 for every segment; both upload receipts all the
 * same. One audit round withholds the cheat's and the idle relay's bytes for the epoch, pays
 * the honest relay, and keeps the evidence at GET /v1/relays/:relay/audits.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import type { LocalAccount } from "viem";
import {
  createSessionKey,
  deliveryStatementTypes,
  relayStakingDomain,
  signReceipt,
  type SignedManifestEntry,
  type SignedReceipt,
} from "@streamrp2p/protocol";
import { toDeliveryStatement } from "@streamrp2p/protocol/viewer/manifest-entry";
import { createServices } from "../src/services.ts";
import { noStakeReader } from "../src/stake/stake-reader.ts";
import { createWorkers } from "../src/workers.ts";
import {
  CHAIN_ID,
  createStreamBody,
  newAccount,
  signEntry,
  STAKING_ADDRESS,
} from "./support/harness.ts";
import { seedPool, startPipeline, type Pipeline } from "./support/pipeline.ts";
import { drained, http, loginAt } from "./support/world.ts";

const SEGMENTS = 6;
const SEGMENT_BYTES = 4000;

interface FakeRelay {
  account: LocalAccount;
  server: Server;
  url: string;
  token: string;
  /** Segment requests it answered. */
  served: number;
}

/** A relay over node:http serving `segments`: "wrong-bytes" flips one byte of each, "nothing" answers 404. */
async function startFakeRelay(
  streamId: `0x${string}`,
  origin: `0x${string}`,
  segments: { entry: SignedManifestEntry; bytes: Buffer }[],
  mode: "honest" | "wrong-bytes" | "nothing",
): Promise<Omit<FakeRelay, "token">> {
  const account = newAccount();
  const domain = relayStakingDomain(CHAIN_ID, STAKING_ADDRESS);
  const statements = await Promise.all(
    segments.map(({ entry }) =>
      account.signTypedData({
        domain,
        types: deliveryStatementTypes,
        primaryType: "DeliveryStatement",
        message: toDeliveryStatement(entry),
      }),
    ),
  );
  const relay = { account, served: 0 } as Omit<FakeRelay, "token">;
  const base = `/streams/${streamId}/`;
  relay.server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://relay").pathname;
    if (path === `${base}index.m3u8`) {
      const lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:1"];
      lines.push("#EXT-X-MEDIA-SEQUENCE:0");
      for (const { entry } of segments) lines.push("#EXTINF:1.000,", `${entry.sequence}.ts`);
      res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" });
      res.end(`${lines.join("\n")}\n`);
      return;
    }
    if (path === `${base}manifest.json`) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          streamId,
          originAddress: origin,
          segments: segments.map(({ entry }) => ({
            entry,
            startedAt: Date.now(),
            discontinuity: false,
          })),
        }),
      );
      return;
    }
    const match = /\/(\d+)\.ts$/.exec(path);
    const i = match ? segments.findIndex((s) => s.entry.sequence === Number(match[1])) : -1;
    if (!path.startsWith(base) || i < 0 || mode === "nothing") {
      res.writeHead(404).end();
      return;
    }
    relay.served++;
    const bytes = Buffer.from(segments[i]!.bytes);
    if (mode === "wrong-bytes") bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    res.writeHead(200, {
      "content-type": "video/mp2t",
      "x-delivery-statement": statements[i]!,
      "x-segment-hash": segments[i]!.entry.hash,
    });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => relay.server.listen(0, "127.0.0.1", resolve));
  relay.url = `http://127.0.0.1:${(relay.server.address() as AddressInfo).port}`;
  return relay;
}

describe("spot checks (auditor)", () => {
  let p: Pipeline;
  let streamId: `0x${string}`;
  let honest: FakeRelay;
  let cheat: FakeRelay;
  let idle: FakeRelay;
  const started: Omit<FakeRelay, "token">[] = []; // every relay server, closed even when set-up fails midway
  const relayBytes = 2 * SEGMENTS * SEGMENT_BYTES; // two sessions, every segment

  before(async () => {
    p = await startPipeline({ overrides: { epochSeconds: 3600, auditIntervalMs: 0 } });
    const owner = newAccount();
    const origin = newAccount();
    const created = await http(p.url, "POST", "/v1/streams", await createStreamBody(owner, origin));
    streamId = created.body.streamId;
    const segments = await Promise.all(
      Array.from({ length: SEGMENTS }, async (_, sequence) => {
        const bytes = randomBytes(SEGMENT_BYTES);
        const hash = `0x${createHash("sha256").update(bytes).digest("hex")}` as const;
        const entry = await signEntry(origin, {
          streamId,
          sequence,
          size: SEGMENT_BYTES,
          durationMs: 1000,
          hash,
        });
        return { entry, bytes };
      }),
    );
    const published = await http(p.url, "POST", `/v1/streams/${streamId}/manifest`, {
      entries: segments.map((s) => s.entry),
    });
    assert.equal(published.status, 202);

    const relays: FakeRelay[] = [];
    for (const mode of ["honest", "wrong-bytes", "nothing"] as const) {
      const r = await startFakeRelay(streamId, origin.address, segments, mode);
      started.push(r);
      const token = await loginAt(p.url, r.account);
      const auth = { authorization: `Bearer ${token}` };
      const heartbeat = await http(
        p.url,
        "POST",
        "/v1/relays/heartbeat",
        {
          url: r.url,
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
      assert.equal(heartbeat.status, 200);
      // Both claim they fetched every segment with the origin's hash.
      await http(
        p.url,
        "POST",
        "/v1/relays/fetch-log",
        {
          entries: segments.map(({ entry }) => ({
            streamId,
            sequence: entry.sequence,
            hash: entry.hash,
            from: "http://127.0.0.1:9000",
            at: Date.now(),
          })),
        },
        auth,
      );
      relays.push(Object.assign(r, { token })); // the same object: its server counts `served`
    }
    [honest, cheat, idle] = relays as [FakeRelay, FakeRelay, FakeRelay];

    // Six viewers, two per relay; each relay uploads its sessions' receipts for every segment.
    const sessions = [];
    for (let i = 0; i < 6; i++) {
      const key = await createSessionKey();
      const res = await http(
        p.url,
        "POST",
        "/v1/sessions",
        { streamId, viewerPublicKey: key.publicKey },
        { "x-forwarded-for": `10.0.${i}.1` },
      );
      assert.equal(res.status, 201);
      sessions.push({ sessionId: res.body.sessionId as string, key });
    }
    for (const [n, relay] of relays.entries()) {
      const receipts: SignedReceipt[] = await Promise.all(
        sessions.slice(2 * n, 2 * n + 2).map(async ({ sessionId, key }) => {
          const r = {
            sessionId,
            relay: relay.account.address.toLowerCase() as `0x${string}`,
            streamId,
            bytes: SEGMENTS * SEGMENT_BYTES,
            segments: SEGMENTS,
            lastSequence: SEGMENTS - 1,
            timestamp: Date.now(),
          };
          return { ...r, signature: await signReceipt(key.keyPair.privateKey, r) };
        }),
      );
      const posted = await http(
        p.url,
        "POST",
        "/v1/receipts",
        { receipts },
        { authorization: `Bearer ${relay.token}` },
      );
      assert.equal(posted.status, 202);
    }
    await drained(p.url);
    await seedPool(p.pools, streamId, owner.address);
  });

  after(async () => {
    await p?.close();
    for (const r of started) {
      r.server.closeAllConnections();
      r.server.close();
    }
  });

  it("withholds the bytes of relays serving wrong bytes or nothing for the epoch, pays the honest relay, keeps the evidence", async () => {
    const round = await p.workers.auditor.runOnce();
    assert.equal(round.checked, 3, "every relay of the live stream is checked");
    assert.equal(round.failed, 2, "the cheat and the idle relay fail");
    assert.ok(honest.served > 0 && cheat.served > 0, "segments were fetched from both relays");

    const cheatKey = cheat.account.address.toLowerCase();
    const honestKey = honest.account.address.toLowerCase();
    const audits = await http(p.url, "GET", `/v1/relays/${cheatKey}/audits`);
    assert.equal(audits.status, 200);
    const [evidence] = audits.body.audits;
    assert.equal(evidence.relay, cheatKey);
    assert.equal(evidence.code, "audit-wrong-bytes");
    assert.equal(evidence.streamId, streamId);
    assert.notEqual(evidence.got.hash, evidence.expected.hash);
    assert.equal(evidence.got.bytes, evidence.expected.bytes);
    assert.match(evidence.statement, /^0x[0-9a-f]{130}$/);
    assert.equal(typeof evidence.fetchMs, "number");
    const epoch = evidence.epoch as number;
    assert.deepEqual((await http(p.url, "GET", `/v1/relays/${honestKey}/audits`)).body.audits, []);

    // Close the epoch (a closer whose clock is past its end).
    const services = createServices({
      config: p.config,
      redis: p.redis,
      logger: pino({ level: "silent" }),
      stakeReader: noStakeReader,
      clock: () => Date.now() + 2 * 3600_000,
    });
    assert.equal(await createWorkers(services).closer.closeDue(), epoch);

    const earned = async (relay: string) => {
      const { earnings } = (await http(p.url, "GET", `/v1/relays/${relay}/earnings`)).body;
      return earnings
        .filter((e: { epoch: number }) => e.epoch === epoch)
        .reduce((s: bigint, e: { bytes: string }) => s + BigInt(e.bytes), 0n);
    };
    assert.equal(await earned(honestKey), BigInt(relayBytes), "the honest relay is paid");
    assert.equal(await earned(cheatKey), 0n, "the cheat is paid nothing this epoch");
    const idleKey = idle.account.address.toLowerCase();
    assert.equal(await earned(idleKey), 0n, "the relay that served nothing is paid nothing");
    const [idleEvidence] = (await http(p.url, "GET", `/v1/relays/${idleKey}/audits`)).body.audits;
    assert.equal(idleEvidence.code, "audit-no-delivery");
    assert.equal(idleEvidence.httpStatus, 404);
    assert.equal(idleEvidence.got, null);
    assert.deepEqual(idleEvidence.claims, {
      inPlaylist: true,
      inFetchLog: true,
      creditedBytes: relayBytes,
    });

    const report = (await http(p.url, "GET", `/v1/relays/${cheatKey}/report?epoch=${epoch}`)).body;
    assert.equal(report.verifiedBytes, 0);
    assert.equal(report.rejectedBytes, relayBytes);
    assert.equal(report.reasons["audit-wrong-bytes"].bytes, relayBytes);
    const metrics = await (await fetch(`${p.url}/metrics`)).text();
    assert.match(metrics, /coordinator_audit_checks_total\{outcome="pass"\} 1/);
    assert.match(metrics, /coordinator_audit_checks_total\{outcome="fail"\} 2/);
    assert.match(metrics, /coordinator_audit_failures_total\{code="audit-wrong-bytes"\} 1/);
    assert.match(metrics, /coordinator_audit_failures_total\{code="audit-no-delivery"\} 1/);
    const honestReport = (await http(p.url, "GET", `/v1/relays/${honestKey}/report?epoch=${epoch}`))
      .body;
    assert.equal(honestReport.verifiedBytes, relayBytes);
  });

  it("answers a malformed relay address with 400", async () => {
    const res = await http(p.url, "GET", "/v1/relays/%00%ff/audits");
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, "VALIDATION_FAILED");
  });
});
