// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { demoChain } from "../test/chainHandlers.ts";
import { fakeWagmiConfig } from "../test/fakeChain.ts";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { deployment, relayJson } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { ExplorePage } from "./ExplorePage.tsx";

describe("ExplorePage", () => {
  it("shows relays and every pool, with spend and runway when the coordinator reports them", async () => {
    const fetch = fakeCoordinatorFetch({
      "GET /v1/relays": { relays: [relayJson] },
      "GET /v1/pools": {
        pools: [
          { poolId: "1", owner: relayJson.address, lastEpochSpend: "500000000", epochSeconds: 60 },
        ],
      },
    });
    renderWithApp(<ExplorePage />, {
      fetch,
      deployment,
      wagmiConfig: fakeWagmiConfig(demoChain()),
    });
    expect((await screen.findByTestId("relays-table")).textContent).toContain("12.3 MB");
    expect((await screen.findByTestId("pool-balance")).textContent).toBe("5,000 TST");
    // 5,000 TST at 500 TST per 60 s epoch lasts 10 epochs
    await waitFor(() => expect(screen.getByTestId("pool-1").textContent).toContain("Lasts10m 0s"));
  });
});
