import { test } from "node:test";
import assert from "node:assert/strict";
import type { ReceiptDecision } from "../../src/core/evaluate-receipt.ts";
import { epochCredits } from "../../src/core/epoch-credits.ts";
import { epochAt, EpochScheduleError } from "../../src/core/epoch-window.ts";
import { attestationJson, ledgerEntryJson, poolTermsJson, toJson } from "../../src/core/json.ts";
import { addDecisions, emptyRelayEpochReport } from "../../src/core/relay-epoch-report.ts";
import { RELAY, STREAM } from "./fixtures.ts";

function decision(overrides: Partial<ReceiptDecision>): ReceiptDecision {
  return {
    status: "credited",
    relay: RELAY,
    sessionId: "s1",
    streamId: STREAM,
    verifiedBytes: 0,
    rejectedBytes: 0,
    rejections: [],
    ...overrides,
  };
}

test("relay report: verified and rejected bytes with reasons, input untouched", () => {
  const empty = emptyRelayEpochReport(RELAY);
  const report = addDecisions(empty, [
    decision({ verifiedBytes: 100 }),
    decision({ verifiedBytes: 50 }),
    decision({
      status: "withheld",
      rejectedBytes: 30,
      rejections: [
        { code: "self-dealing", message: "m1" },
        { code: "relay-unstaked", message: "m2" },
      ],
    }),
    decision({ status: "ignored", rejections: [{ code: "duplicate", message: "d" }] }),
  ]);
  assert.equal(empty.verifiedBytes, 0);
  assert.equal(report.verifiedBytes, 150);
  assert.equal(report.rejectedBytes, 30);
  assert.deepEqual(report.verifiedByStream, { [STREAM]: 150 });
  assert.deepEqual(report.receipts, { credited: 2, withheld: 1, rejected: 0, ignored: 1 });
  assert.deepEqual(report.reasons["self-dealing"], { receipts: 1, bytes: 30, lastMessage: "m1" });
  assert.deepEqual(report.reasons.duplicate, { receipts: 1, bytes: 0, lastMessage: "d" });
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report, "JSON-able");
});

test("epoch credits: streams map to pools, streams without a pool credit nothing", () => {
  const other = `0x${"cd".repeat(32)}`;
  const report = {
    ...emptyRelayEpochReport(RELAY),
    verifiedByStream: { [STREAM]: 10, [other]: 5 },
  };
  assert.deepEqual(
    epochCredits([report, report], (s) => (s === STREAM ? 3n : undefined)),
    [{ poolId: 3n, relay: RELAY, bytes: 20n }],
  );
});

test("epoch window: configurable length, clamps before genesis, rejects bad lengths", () => {
  assert.deepEqual(epochAt(25_000, { genesisMs: 1_000, lengthMs: 10_000 }), {
    epoch: 2,
    startsAt: 21_000,
    endsAt: 31_000,
  });
  assert.equal(epochAt(0, { genesisMs: 1_000, lengthMs: 10_000 }).epoch, 0);
  assert.throws(() => epochAt(0, { genesisMs: 0, lengthMs: 0 }), EpochScheduleError);
});

test("JSON boundary: bigints as decimal strings, read back exactly", () => {
  const attestation = {
    poolId: 2n ** 200n,
    account: RELAY,
    cumulativeBytes: 10n,
    cumulativeAmount: 2n ** 127n,
  };
  const stored = JSON.parse(
    JSON.stringify(toJson({ list: [attestation], map: new Map([[1n, { x: 1n }]]) })),
  );
  assert.equal(stored.list[0].poolId, (2n ** 200n).toString());
  assert.deepEqual(stored.map, { "1": { x: "1" } });
  assert.deepEqual(attestationJson.parse(stored.list[0]), attestation);
  assert.deepEqual(ledgerEntryJson.parse({ cumulativeBytes: "1", cumulativeAmount: "0" }), {
    cumulativeBytes: 1n,
    cumulativeAmount: 0n,
  });
  assert.equal(
    ledgerEntryJson.safeParse({ cumulativeBytes: "-1", cumulativeAmount: "0" }).success,
    false,
  );
  assert.equal(
    ledgerEntryJson.safeParse({ cumulativeBytes: 1, cumulativeAmount: "0" }).success,
    false,
  );
  assert.equal(poolTermsJson.safeParse({}).success, false);
});
