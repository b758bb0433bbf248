import { mock } from "wagmi";
import { connect, reconnect } from "wagmi/actions";
import { describe, expect, it, vi } from "vitest";
import { ACCOUNT } from "../test/fixtures.ts";
import { parseAppConfig } from "./appConfig.ts";
import { createWagmiConfig } from "./createWagmiConfig.ts";

const sdk = vi.hoisted(() => ({
  walletConnectConnector: vi.fn(),
  baseAccountConnector: vi.fn(),
  metaMaskConnector: vi.fn(),
}));
vi.mock("./sdkConnectors.ts", () => sdk);

const ORIGIN = "https://watch.example";

describe("createWagmiConfig", () => {
  it("offers injected wallets, Base Account and MetaMask, without loading an SDK", async () => {
    const config = createWagmiConfig(parseAppConfig({}), { origin: ORIGIN });
    expect(config.connectors.map((c) => c.id)).toEqual(["injected", "baseAccount", "metaMaskSDK"]);
    expect(config.connectors.map((c) => c.name)).toEqual(["Injected", "Base Account", "MetaMask"]);
    await reconnect(config);
    expect(sdk.baseAccountConnector).not.toHaveBeenCalled();
    expect(sdk.metaMaskConnector).not.toHaveBeenCalled();
    expect(sdk.walletConnectConnector).not.toHaveBeenCalled();
  });

  it("adds WalletConnect only with a project id", () => {
    const config = createWagmiConfig(parseAppConfig({ VITE_WALLETCONNECT_PROJECT_ID: "abc" }), {
      origin: ORIGIN,
    });
    expect(config.connectors.map((c) => c.id)).toEqual([
      "injected",
      "baseAccount",
      "metaMaskSDK",
      "walletConnect",
    ]);
  });

  it("loads a wallet's connector with the app's origin when the user picks it", async () => {
    sdk.baseAccountConnector.mockReturnValue(mock({ accounts: [ACCOUNT] }));
    const config = createWagmiConfig(parseAppConfig({}), { origin: ORIGIN });
    const baseAccount = config.connectors.find((c) => c.id === "baseAccount");
    if (!baseAccount) throw new Error("no Base Account connector");
    await connect(config, { connector: baseAccount });
    expect(sdk.baseAccountConnector).toHaveBeenCalledWith(ORIGIN);
    expect(sdk.metaMaskConnector).not.toHaveBeenCalled();
  });
});
