// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { REJECTION_CODES } from "@streamrp2p/protocol/rejection-codes";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { ACCOUNT, OTHER, RELAY_KEY, relayJson } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { RelayReportsPanel } from "./RelayReportsPanel.tsx";

const epochJson = (lastClosed: number | null) => ({
  epoch: (lastClosed ?? -1) + 1,
  startsAt: 0,
  endsAt: 60_000,
  lengthSeconds: 60,
  lastClosed,
  backlog: 0,
});

describe("RelayReportsPanel", () => {
  it("shows each of the wallet's relay keys: last closed epoch, verified, withheld and why", async () => {
    const fetch = fakeCoordinatorFetch({
      "GET /v1/relays": {
        relays: [
          { ...relayJson, address: RELAY_KEY, operator: ACCOUNT },
          { ...relayJson, address: OTHER, operator: OTHER },
        ],
      },
      "GET /v1/epochs/current": epochJson(4),
      [`GET /v1/relays/${RELAY_KEY}/report?epoch=4`]: {
        relay: RELAY_KEY,
        epoch: 4,
        closed: true,
        verifiedBytes: 2_000_000,
        rejectedBytes: 1_500_000,
        verifiedByStream: {},
        receipts: { credited: 3, withheld: 2, rejected: 0, ignored: 0 },
        reasons: {
          "self-dealing": { receipts: 1, bytes: 500_000, lastMessage: "viewer 10.0.0.9" },
          "relay-unstaked": { receipts: 1, bytes: 1_000_000, lastMessage: "stake 0 < 10" },
        },
      },
    });
    renderWithApp(<RelayReportsPanel account={ACCOUNT} />, { fetch });
    const rows = await screen.findAllByTestId("relay-report");
    expect(rows).toHaveLength(1);
    expect(screen.getByTestId("report-epoch").textContent).toMatch(/Epoch 4, the last closed one/);
    expect(screen.getByTestId("verified-bytes").textContent).toBe("2.00 MB");
    expect(screen.getByTestId("withheld-bytes").textContent).toBe("1.50 MB");
    expect(screen.getAllByTestId("withheld-reason").map((r) => r.textContent)).toEqual([
      `1.00 MB withheld: ${REJECTION_CODES["relay-unstaked"]} (relay-unstaked: stake 0 < 10)`,
      `500 KB withheld: ${REJECTION_CODES["self-dealing"]} (self-dealing: viewer 10.0.0.9)`,
    ]);
  });

  it("says when the coordinator lists no relay key for the wallet", async () => {
    const fetch = fakeCoordinatorFetch({
      "GET /v1/relays": { relays: [{ ...relayJson, address: OTHER, operator: OTHER }] },
      "GET /v1/epochs/current": epochJson(null),
    });
    renderWithApp(<RelayReportsPanel account={ACCOUNT} />, { fetch });
    expect((await screen.findByTestId("no-relay-reports")).textContent).toMatch(
      /no relay key authorized by this wallet/,
    );
  });
});
