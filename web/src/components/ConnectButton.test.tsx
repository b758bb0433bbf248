// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { injected, mock } from "wagmi";
import { fakeWagmiConfig, connectedWagmiConfig } from "../test/fakeChain.ts";
import { ACCOUNT } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { ConnectButton } from "./ConnectButton.tsx";
import { NetworkBanner } from "./NetworkBanner.tsx";

describe("ConnectButton", () => {
  it("connects straight away when there is one wallet", async () => {
    const wagmiConfig = fakeWagmiConfig({}, [mock({ accounts: [ACCOUNT] })]);
    renderWithApp(<ConnectButton />, { wagmiConfig });
    fireEvent.click(screen.getByTestId("connect-button"));
    expect((await screen.findByTestId("connected-address")).textContent).toBe("0xf39F…2266");
  });

  it("lists the wallets and connects the chosen one", async () => {
    const wagmiConfig = fakeWagmiConfig({}, [injected(), mock({ accounts: [ACCOUNT] })]);
    renderWithApp(<ConnectButton />, { wagmiConfig });
    fireEvent.click(screen.getByTestId("connect-button"));
    expect(screen.getByTestId("connector-injected")).toBeTruthy();
    fireEvent.click(await screen.findByTestId("connector-mock"));
    expect((await screen.findByTestId("connected-address")).textContent).toBe("0xf39F…2266");
    fireEvent.click(screen.getByTestId("disconnect-button"));
    expect(await screen.findByTestId("connect-button")).toBeTruthy();
  });

  it("explains a rejected connection", async () => {
    const wagmiConfig = fakeWagmiConfig({}, [
      mock({ accounts: [ACCOUNT], features: { connectError: true } }),
    ]);
    renderWithApp(<ConnectButton />, { wagmiConfig });
    fireEvent.click(screen.getByTestId("connect-button"));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "You rejected the request in your wallet",
    );
  });
});

describe("NetworkBanner", () => {
  it("prompts a switch to the app's chain and switches", async () => {
    const wagmiConfig = await connectedWagmiConfig({}, { chainId: 1 });
    renderWithApp(<NetworkBanner />, { wagmiConfig });
    expect((await screen.findByTestId("wrong-network")).textContent).toContain(
      "Your wallet is on chain 1; this app uses Local chain (chain 31337)",
    );
    fireEvent.click(screen.getByTestId("switch-network"));
    await waitFor(() => expect(screen.queryByTestId("wrong-network")).toBeNull());
  });

  it("stays hidden on the right chain", async () => {
    const wagmiConfig = await connectedWagmiConfig();
    renderWithApp(<NetworkBanner />, { wagmiConfig });
    expect(screen.queryByTestId("wrong-network")).toBeNull();
  });
});
