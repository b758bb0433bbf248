/** The auditor's HTTP probe against a relay on node:http that points elsewhere, redirects or floods. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { SignedManifestEntry } from "@streamrp2p/protocol";
import { relayStakingDomain } from "@streamrp2p/protocol";
import { probeRelay } from "../../src/audit/viewer-probe.ts";

const STREAM = `0x${"ab".repeat(32)}` as const;
const SIZE = 1000;
const bytes = Buffer.alloc(SIZE, 7);
const entry = (sequence: number): SignedManifestEntry => ({
  streamId: STREAM,
  sequence,
  size: SIZE,
  durationMs: 1000,
  hash: `0x${createHash("sha256").update(bytes).digest("hex")}`,
  signature: `0x${"00".repeat(65)}`,
});

describe("probeRelay", () => {
  let server: Server;
  let url: string;
  const requests: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      const path = new URL(req.url ?? "/", "http://relay").pathname;
      if (path.endsWith("index.m3u8")) {
        res.end(
          [
            "#EXTM3U",
            "#EXT-X-TARGETDURATION:1",
            "#EXT-X-MEDIA-SEQUENCE:1",
            "#EXTINF:1.0,",
            "http://elsewhere.invalid/1.ts", // another relay's segment
            "#EXTINF:1.0,",
            "2.ts", // redirects
            "#EXTINF:1.0,",
            "3.ts", // far more bytes than the entry
          ].join("\n"),
        );
      } else if (path.endsWith("/2.ts")) {
        res.writeHead(302, { location: "http://elsewhere.invalid/2.ts" }).end();
      } else if (path.endsWith("/3.ts")) {
        res.end(Buffer.alloc(50 * SIZE, 7));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("fetches as a player does and refuses what the relay did not serve itself", async () => {
    const result = await probeRelay(fetch, {
      relayUrl: url,
      streamId: STREAM,
      sessionId: "s1",
      recent: [entry(1), entry(2), entry(3)],
      fetched: new Set(),
      segments: 3,
      slowFactor: 3,
      domain: relayStakingDomain(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3"),
    });
    assert.equal(result.playlistError, null);
    assert.equal(requests[0], `/streams/${STREAM}/index.m3u8?session=s1`);
    assert.equal(requests[1], `/streams/${STREAM}/manifest.json`);
    const bySequence = new Map(result.probes.map((p) => [p.expected.sequence, p]));
    const off = bySequence.get(1)!.fetch;
    assert.equal(off.outcome, "failed");
    assert.match(off.outcome === "failed" ? off.error : "", /outside the relay's origin/);
    const redirected = bySequence.get(2)!.fetch;
    assert.equal(redirected.outcome === "failed" && redirected.status, 302);
    const flood = bySequence.get(3)!.fetch;
    assert.equal(flood.outcome === "received" && flood.bytes, SIZE + 1, "read no further");
    assert.ok(result.probes.every((p) => p.inPlaylist && !p.inFetchLog));
    assert.ok(!requests.some((r) => r.includes("elsewhere")));
  });
});
