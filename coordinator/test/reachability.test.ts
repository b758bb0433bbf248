/**
 * The coordinator lists a relay to viewers only after its advertised URL answered a probe, and a
 * viewer no relay can take plays from the fallback source, unpaid, while fallback places last.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createSessionKey } from "@streamrp2p/protocol";
import {
  call,
  createStream,
  heartbeatBody,
  login,
  newAccount,
  startHarness,
  type Harness,
} from "./support/harness.ts";

const PUBLIC_KEY = (await createSessionKey()).publicKey;
const ORIGIN_URL = "http://127.0.0.1:8000";

async function openSession(h: Harness, streamId: string, ip: string) {
  return call(h, "POST", "/v1/sessions", {
    body: { streamId, viewerPublicKey: PUBLIC_KEY },
    headers: { "x-forwarded-for": ip },
  });
}

/** A relay that answers its stream list (it holds no segment yet) and nothing else. */
async function startListRelay(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === "/streams") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ streams: [] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("relay probes and the unpaid fallback", () => {
  let h: Harness;
  let streamId: string;
  let listRelay: { server: Server; url: string };

  before(async () => {
    listRelay = await startListRelay();
    h = await startHarness({
      relayProbe: true,
      relayProbeTimeoutMs: 500,
      originUrls: [ORIGIN_URL],
      maxFallbackViewers: 2,
      trustProxy: "loopback",
    });
    streamId = (await createStream(h, newAccount())).streamId;
  });
  after(async () => {
    await h?.close();
    listRelay?.server.closeAllConnections();
    listRelay?.server.close();
  });

  it("a staked relay whose URL answers nothing is not listed, and says why", async () => {
    const relay = newAccount();
    h.stake.staked.add(relay.address.toLowerCase());
    const token = await login(h, relay);
    const res = await call(h, "POST", "/v1/relays/heartbeat", {
      token,
      body: heartbeatBody({ url: "http://127.0.0.1:1", streams: [streamId] }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.reachability.listed, false);
    assert.equal(res.body.reachability.reason, "unreachable");
    assert.match(res.body.reachability.detail, /\S/);
    assert.equal(typeof res.body.reachability.checkedAt, "number");
  });

  it("a viewer no listed relay can take gets the fallback source, marked unpaid", async () => {
    const res = await openSession(h, streamId, "10.1.0.1");
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.relays, []);
    assert.deepEqual(res.body.fallback, { url: ORIGIN_URL, unpaid: true });
  });

  it("fallback places are capped (MAX_FALLBACK_VIEWERS); beyond them NO_RELAYS_AVAILABLE", async () => {
    assert.equal((await openSession(h, streamId, "10.2.0.1")).status, 201);
    const refused = await openSession(h, streamId, "10.3.0.1");
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, "NO_RELAYS_AVAILABLE");
    assert.equal(refused.body.error.details.fallbackViewers, 2);
  });

  it("a relay whose URL answers the probe is listed and given to viewers instead", async () => {
    const relay = newAccount();
    h.stake.staked.add(relay.address.toLowerCase());
    const token = await login(h, relay);
    const res = await call(h, "POST", "/v1/relays/heartbeat", {
      token,
      body: heartbeatBody({ url: listRelay.url, streams: [] }), // probed with its stream list
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.reachability.listed, true);
    assert.equal(res.body.reachability.segmentVerified, false, "it held no segment yet");
    const session = await openSession(h, streamId, "10.4.0.1");
    assert.equal(session.status, 201);
    assert.equal(session.body.fallback, undefined);
    assert.deepEqual(
      session.body.relays.map((r: { address: string }) => r.address),
      [relay.address.toLowerCase()],
    );
  });
});

describe("no fallback source configured", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ relayProbe: true, trustProxy: "loopback" });
  });
  after(async () => h?.close());

  it("a viewer no relay can take gets NO_RELAYS_AVAILABLE", async () => {
    const { streamId } = await createStream(h, newAccount());
    const res = await openSession(h, streamId, "10.5.0.1");
    assert.equal(res.status, 503);
    assert.equal(res.body.error.code, "NO_RELAYS_AVAILABLE");
  });
});
