/** `status`'s relay keys section: a wallet's keys from the coordinator, last closed epoch, reasons. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createCoordinatorClient } from "@streamrp2p/client/coordinator/createCoordinatorClient";
import { getOperatorRelayReports } from "@streamrp2p/client/coordinator/getOperatorRelayReports";
import type { RelayInfo } from "@streamrp2p/protocol/api";
import { REJECTION_CODES } from "@streamrp2p/protocol/rejection-codes";
import { renderRelayReports, toJson } from "../src/operator/render-result.ts";
import { startFakeCoordinator, type FakeCoordinator } from "./helpers/fake-coordinator.ts";

const WALLET = `0x${"0c".repeat(20)}` as const;
const KEY_A = `0x${"a1".repeat(20)}` as const;
const KEY_B = `0x${"b2".repeat(20)}` as const;
const STRANGER = `0x${"d4".repeat(20)}` as const;

const listed = (address: string, operator: string | null, live = true): RelayInfo => ({
  address: address as `0x${string}`,
  operator: operator as `0x${string}` | null,
  url: "http://127.0.0.1:1",
  tier: 1,
  upstream: "http://127.0.0.1:2",
  streams: [],
  load: 0,
  viewers: 0,
  bytesServed: 0,
  version: "test",
  lastSeen: 1,
  live,
  staked: true,
  inbound: "public-url",
  reachability: {
    listed: true,
    reason: null,
    detail: null,
    segmentVerified: true,
    checkedAt: 1,
  },
});

let coordinator: FakeCoordinator;
before(async () => {
  coordinator = await startFakeCoordinator([]);
});
after(() => coordinator.close());

const reportsFor = (wallet: `0x${string}`) =>
  getOperatorRelayReports(createCoordinatorClient({ baseUrl: coordinator.url }), {
    operator: wallet,
  });

test("status lists the wallet's relay keys with the last closed epoch's bytes and reasons", async () => {
  coordinator.relayListing = [
    listed(KEY_B, WALLET, false),
    listed(STRANGER, `0x${"0e".repeat(20)}`),
    listed(KEY_A, WALLET),
    listed(`0x${"f5".repeat(20)}`, null),
  ];
  coordinator.lastClosedEpoch = 12;
  coordinator.reports.set(`${KEY_A}@12`, {
    relay: KEY_A,
    epoch: 12,
    closed: true,
    verifiedBytes: 7_000_000,
    rejectedBytes: 1_500_000,
    verifiedByStream: {},
    receipts: { credited: 5, withheld: 2, rejected: 0, ignored: 0 },
    reasons: {
      "segments-not-fetched": { receipts: 1, bytes: 500_000, lastMessage: "segment 9 of s1" },
      "too-many-sessions": { receipts: 1, bytes: 1_000_000, lastMessage: "5 sessions > 4" },
    },
  });
  // The current epoch's numbers are not final: status does not show them.
  coordinator.reports.set(`${KEY_A}@13`, {
    ...coordinator.reports.get(`${KEY_A}@12`)!,
    epoch: 13,
    closed: false,
    verifiedBytes: 1,
  });

  const reports = await reportsFor(WALLET);
  const text = renderRelayReports(reports);
  assert.equal(
    text,
    [
      "relays in epoch 12 (the last closed one):",
      `  ${KEY_A}`,
      "    verified 7,000,000 bytes, withheld 1,500,000 bytes",
      `    withheld 1,000,000 bytes for too-many-sessions: ${REJECTION_CODES["too-many-sessions"]}`,
      "      latest: 5 sessions > 4",
      `    withheld 500,000 bytes for segments-not-fetched: ${REJECTION_CODES["segments-not-fetched"]}`,
      "      latest: segment 9 of s1",
      `  ${KEY_B} (not live)`,
      "    verified 0 bytes, withheld 0 bytes",
    ].join("\n"),
  );
  assert.doesNotMatch(text, new RegExp(STRANGER));

  const json = JSON.parse(toJson(reports)) as {
    epoch: number;
    relays: {
      relay: string;
      report: { verifiedBytes: number; withheldBytes: number; reasons: Record<string, unknown>[] };
    }[];
  };
  assert.equal(json.epoch, 12);
  assert.deepEqual(
    json.relays.map((r) => r.relay),
    [KEY_A, KEY_B],
  );
  assert.equal(json.relays[0]!.report.withheldBytes, 1_500_000);
  assert.deepEqual(json.relays[0]!.report.reasons[0], {
    code: "too-many-sessions",
    description: REJECTION_CODES["too-many-sessions"],
    bytes: 1_000_000,
    receipts: 1,
    lastMessage: "5 sessions > 4",
  });
});

test("status says when no epoch has closed, no key is listed, or no coordinator was given", async () => {
  coordinator.relayListing = [listed(KEY_A, WALLET)];
  coordinator.lastClosedEpoch = null;
  assert.equal(
    renderRelayReports(await reportsFor(WALLET)),
    `relays (no epoch has closed yet):\n  ${KEY_A}`,
  );
  assert.match(renderRelayReports(await reportsFor(STRANGER)), /lists no relay key authorized/);
  assert.match(renderRelayReports(undefined), /pass --coordinator/);
});
