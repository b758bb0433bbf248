import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { REJECTION_CODES } from "../../src/core/rejection.ts";
import {
  AUDIT_CODES,
  fetchLimitMs,
  judgeSpotCheck,
  MIN_FETCH_LIMIT_MS,
  type SegmentFetch,
  type SegmentProbe,
  type SpotCheckInput,
} from "../../src/core/spot-check.ts";

const RELAY = "0x00000000000000000000000000000000000000aa";
const OTHER = "0x00000000000000000000000000000000000000bb";
const HASH = `0x${"11".repeat(32)}` as const;
const WRONG = `0x${"22".repeat(32)}` as const;
const STATEMENT = `0x${"ab".repeat(65)}`;

const good: SegmentFetch = {
  outcome: "received",
  bytes: 1000,
  hash: HASH,
  statement: STATEMENT,
  statementSigner: RELAY,
  fetchMs: 50,
};

function probe(fetch: Partial<SegmentFetch> | SegmentFetch, overrides: Partial<SegmentProbe> = {}) {
  return {
    expected: { sequence: 7, size: 1000, durationMs: 2000, hash: HASH },
    fetch: { ...good, ...fetch } as SegmentFetch,
    inPlaylist: true,
    inFetchLog: true,
    ...overrides,
  };
}

function check(overrides: Partial<SpotCheckInput>): ReturnType<typeof judgeSpotCheck> {
  return judgeSpotCheck({
    relay: RELAY,
    playlistError: null,
    creditedBytes: 0,
    probes: [probe({})],
    slowFactor: 3,
    ...overrides,
  });
}

const failed = (fetchMs: number, status: number | null = 404): SegmentFetch => ({
  outcome: "failed",
  status,
  error: status === null ? "request failed (timeout)" : `HTTP ${status}`,
  fetchMs,
});

describe("judgeSpotCheck", () => {
  it("passes the origin's bytes, signed by the relay, in time", () => {
    assert.deepEqual(check({}), { outcome: "pass", segments: 1 });
  });

  it("fails wrong bytes: another hash, or another size", () => {
    const hash = check({ probes: [probe({ hash: WRONG })] });
    assert.equal(hash.outcome === "fail" && hash.code, "audit-wrong-bytes");
    assert.match(hash.outcome === "fail" ? hash.message : "", /segment 7: got 1000 bytes 0x22/);
    const size = check({ probes: [probe({ bytes: 999 })] });
    assert.equal(size.outcome === "fail" && size.code, "audit-wrong-bytes");
  });

  it("fails a missing delivery statement or one signed by another key", () => {
    const none = check({ probes: [probe({ statement: null, statementSigner: null })] });
    assert.equal(none.outcome === "fail" && none.code, "audit-bad-statement");
    const other = check({ probes: [probe({ statementSigner: OTHER })] });
    assert.equal(other.outcome === "fail" && other.code, "audit-bad-statement");
    assert.match(other.outcome === "fail" ? other.message : "", /signed by 0x0+bb, not the relay/);
  });

  it("fails a segment slower than slowFactor x its duration, not one just within", () => {
    assert.equal(check({ probes: [probe({ fetchMs: 6000 })] }).outcome, "pass");
    const slow = check({ probes: [probe({ fetchMs: 6001 })] });
    assert.equal(slow.outcome === "fail" && slow.code, "audit-too-slow");
  });

  it("gives short segments at least MIN_FETCH_LIMIT_MS", () => {
    assert.equal(fetchLimitMs(100, 3), MIN_FETCH_LIMIT_MS);
    assert.equal(fetchLimitMs(2000, 3), 6000);
    const short = probe({ fetchMs: 900 });
    short.expected.durationMs = 100;
    assert.equal(check({ probes: [short] }).outcome, "pass");
  });

  it("fails nothing served for a segment the relay claims (playlist, fetch log or receipts)", () => {
    for (const claim of [
      { inPlaylist: true, inFetchLog: false },
      { inPlaylist: false, inFetchLog: true },
    ]) {
      const v = check({ probes: [probe(failed(20), claim)] });
      assert.equal(v.outcome === "fail" && v.code, "audit-no-delivery", JSON.stringify(claim));
    }
    const unclaimed = { inPlaylist: false, inFetchLog: false };
    assert.equal(check({ probes: [probe(failed(20), unclaimed)] }).outcome, "inconclusive");
    const credited = check({ probes: [probe(failed(20), unclaimed)], creditedBytes: 5000 });
    assert.equal(credited.outcome === "fail" && credited.code, "audit-no-delivery");
  });

  it("counts a fetch that timed out as too slow", () => {
    const v = check({ probes: [probe(failed(6000, null))] });
    assert.equal(v.outcome === "fail" && v.code, "audit-too-slow");
  });

  it("fails a relay whose receipts were credited but that serves no playlist", () => {
    const v = check({ probes: [], playlistError: "HTTP 503", creditedBytes: 1 });
    assert.equal(v.outcome === "fail" && v.code, "audit-no-delivery");
    assert.equal(v.outcome === "fail" && v.probe, null);
    assert.equal(check({ probes: [], playlistError: "HTTP 503" }).outcome, "inconclusive");
    assert.equal(check({ probes: [] }).outcome, "inconclusive");
  });

  it("names the most serious failure when several segments fail, with its probe", () => {
    const slow = probe({ fetchMs: 10_000 });
    const wrong = probe({ hash: WRONG });
    wrong.expected = { ...wrong.expected, sequence: 9 };
    const v = check({ probes: [slow, probe({}), wrong] });
    assert.equal(v.outcome === "fail" && v.code, "audit-wrong-bytes");
    assert.equal(v.outcome === "fail" && v.probe?.expected.sequence, 9);
  });

  it("compares hashes and the relay key case-insensitively", () => {
    const upper = probe({ hash: HASH.toUpperCase().replace("0X", "0x") as `0x${string}` });
    assert.equal(check({ probes: [upper], relay: RELAY.toUpperCase() }).outcome, "pass");
  });

  it("has a description for every audit code", () => {
    for (const code of AUDIT_CODES) assert.ok(REJECTION_CODES[code].length > 10, code);
  });
});
