// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { demoChain } from "../test/chainHandlers.ts";
import { fakeWagmiConfig } from "../test/fakeChain.ts";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { STREAM_ID, deployment, relayJson } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { ExplorePage } from "./ExplorePage.tsx";

const pool = (attestedTotal: bigint) => ({
  poolId: "1",
  owner: relayJson.address,
  token: deployment.contracts.TestToken!.address,
  ratePerGB: "1000000",
  maxRatePerGB: "2000000",
  epochBudget: "0",
  balance: "5000000000",
  closesAt: 0,
  claimedTotal: "0",
  attestedTotal: attestedTotal.toString(),
  outstanding: "250000000",
  streams: [STREAM_ID],
  supporters: [{ relay: relayJson.address, amount: "250000000" }],
});

describe("ExplorePage", () => {
  it("shows relays and every pool with what it owes, its supporters, spend and runway", async () => {
    let attested = 100_000_000n;
    const fetch = fakeCoordinatorFetch({
      "GET /v1/relays": { relays: [relayJson] },
      "GET /v1/pools": () => ({ status: 200, body: { pools: [pool((attested += 50_000_000n))] } }),
      "GET /v1/epochs/current": {
        epoch: 5,
        startsAt: 0,
        endsAt: 60_000,
        lengthSeconds: 60,
        lastClosed: 4,
        backlog: 0,
      },
    });
    const { queryClient } = renderWithApp(<ExplorePage />, {
      fetch,
      deployment,
      wagmiConfig: fakeWagmiConfig(demoChain()),
    });
    expect((await screen.findByTestId("relays-table")).textContent).toContain("12.3 MB");
    expect((await screen.findByTestId("pool-balance")).textContent).toBe("5,000 TST");
    expect((await screen.findByTestId("pool-outstanding")).textContent).toBe("250 TST");
    expect(screen.getByTestId("pool-supporters").textContent).toContain("250 TST");
    expect(screen.getByTestId("pool-runway").textContent).toBe("—");
    // a second report with more attested: now there is a measured rate
    await new Promise((r) => setTimeout(r, 50));
    await queryClient.invalidateQueries({ queryKey: ["coordinator"] });
    await waitFor(() => expect(screen.getByTestId("pool-runway").textContent).not.toBe("—"));
    expect(screen.getByTestId("pool-spend").textContent).toMatch(/TST$/);
  });
});
