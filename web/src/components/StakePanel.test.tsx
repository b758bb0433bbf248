// @vitest-environment jsdom
import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { demoChain } from "../test/chainHandlers.ts";
import { connectedWagmiConfig } from "../test/fakeChain.ts";
import { ACCOUNT, deployment } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { StakePanel } from "./StakePanel.tsx";

describe("StakePanel", () => {
  it("shows the stake in token units and validates the amount", async () => {
    const wagmiConfig = await connectedWagmiConfig(demoChain());
    renderWithApp(<StakePanel deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig,
      deployment,
    });
    expect((await screen.findByTestId("bonded-stake")).textContent).toBe("150 TST");
    expect(screen.getByTestId("stake-status").textContent).toBe("active");
    expect(screen.getByText("1,234,567.89 TST")).toBeTruthy();
    const button = screen.getByTestId("stake-button") as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.change(screen.getByTestId("stake-input"), { target: { value: "10.5" } });
    expect(button.disabled).toBe(false);
    fireEvent.change(screen.getByTestId("stake-input"), { target: { value: "2000000" } });
    expect(button.disabled).toBe(true);
    expect(screen.getByText("More than your balance")).toBeTruthy();
    fireEvent.change(screen.getByTestId("unstake-input"), { target: { value: "151" } });
    expect((screen.getByTestId("unstake-button") as HTMLButtonElement).disabled).toBe(true);
  });

  it("counts down the unbonding period, then allows the withdrawal", async () => {
    const soon = BigInt(Math.floor(Date.now() / 1000) + 125);
    const wagmiConfig = await connectedWagmiConfig(
      demoChain({ unbonding: 50_000_000n, releaseTime: soon }),
    );
    renderWithApp(<StakePanel deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig,
      deployment,
    });
    expect((await screen.findByTestId("unbonding-countdown")).textContent).toMatch(
      /withdrawable in 2m \ds/,
    );
    expect((screen.getByTestId("withdraw-button") as HTMLButtonElement).disabled).toBe(true);
  });

  it("enables the withdrawal once released", async () => {
    const wagmiConfig = await connectedWagmiConfig(
      demoChain({ unbonding: 50_000_000n, releaseTime: 1n }),
    );
    renderWithApp(<StakePanel deployment={deployment} account={ACCOUNT} />, {
      wagmiConfig,
      deployment,
    });
    expect((await screen.findByTestId("unbonding")).textContent).toContain("ready to withdraw");
    expect((screen.getByTestId("withdraw-button") as HTMLButtonElement).disabled).toBe(false);
  });
});
