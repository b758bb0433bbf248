// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { demoChain } from "../test/chainHandlers.ts";
import { connectedWagmiConfig } from "../test/fakeChain.ts";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { ACCOUNT, deployment } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { EarningsPanel } from "./EarningsPanel.tsx";

const sig = `0x${"12".repeat(64)}`;
const attestation = (poolId: number) => ({
  poolId: String(poolId),
  account: ACCOUNT,
  cumulativeBytes: "3000000000",
  cumulativeAmount: "7500000",
  signatures: sig,
  epoch: 1,
});

describe("EarningsPanel", () => {
  it("charts epochs, lists what is claimable and offers one claim for all", async () => {
    const fetch = fakeCoordinatorFetch({
      [`GET /v1/relays/${ACCOUNT}/earnings`]: {
        relay: ACCOUNT,
        earnings: [
          { epoch: 2, poolId: "1", bytes: "1000000", amount: "5000000" },
          { epoch: 1, poolId: "1", bytes: "1000000", amount: "1000000" },
          { epoch: 1, poolId: "2", bytes: "500000", amount: "500000" },
        ],
      },
      [`GET /v1/relays/${ACCOUNT}/attestations`]: {
        attestations: [attestation(1), attestation(2)],
      },
    });
    const wagmiConfig = await connectedWagmiConfig(demoChain({ claimed: 2_500_000n }));
    renderWithApp(<EarningsPanel deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig,
      deployment,
      fetch,
    });
    const chart = await screen.findByTestId("earnings-chart");
    // one bar per epoch, pools summed, oldest first
    expect(chart.querySelectorAll("rect")).toHaveLength(2);
    expect(chart.querySelector("title")?.textContent).toBe("Epoch 1: 1.5 TST for 1.50 MB");
    await waitFor(() =>
      expect(screen.getAllByTestId("claimable-amount").map((a) => a.textContent)).toEqual([
        "5 TST",
        "5 TST",
      ]),
    );
    const claim = screen.getByTestId("claim-all-button") as HTMLButtonElement;
    expect(claim.textContent).toBe("Claim all (2 pools, one transaction)");
    expect(claim.disabled).toBe(false);
  });

  it("says when the coordinator does not publish earnings yet", async () => {
    const wagmiConfig = await connectedWagmiConfig(demoChain());
    renderWithApp(<EarningsPanel deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig,
      deployment,
      fetch: fakeCoordinatorFetch({}),
    });
    const errors = await screen.findAllByTestId("query-error");
    expect(errors.map((e) => e.textContent)).toContain(
      "This coordinator does not publish your earnings yet.",
    );
    expect((screen.getByTestId("claim-all-button") as HTMLButtonElement).disabled).toBe(true);
  });
});
