import { createConfig, createStorage, custom, mock, type CreateConnectorFn } from "wagmi";
import { connect, disconnect, getConnection, reconnect } from "wagmi/actions";
import { hardhat } from "viem/chains";
import { describe, expect, it, vi } from "vitest";
import { fakeProvider } from "../test/fakeChain.ts";
import { ACCOUNT } from "../test/fixtures.ts";
import { lazyConnector } from "./lazyConnector.ts";

function memoryStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

/** A config whose only connector is a lazy one over wagmi's mock wallet, and the load spy. */
function setup(stored: Record<string, string> = {}) {
  const load = vi.fn(async (): Promise<CreateConnectorFn> =>
    mock({ accounts: [ACCOUNT], features: { reconnect: true, defaultConnected: true } }),
  );
  const config = createConfig({
    chains: [hardhat],
    connectors: [lazyConnector({ id: "sdkWallet", name: "SDK Wallet", type: "sdk", load })],
    transports: { [hardhat.id]: custom(fakeProvider({})) },
    storage: createStorage({ storage: memoryStorage(stored) }),
    multiInjectedProviderDiscovery: false,
  });
  return { config, load };
}

describe("lazyConnector", () => {
  it("is listed with its id and name before its code loads", () => {
    const { config, load } = setup();
    expect(config.connectors.map((c) => [c.id, c.name, c.type])).toEqual([
      ["sdkWallet", "SDK Wallet", "sdk"],
    ]);
    expect(load).not.toHaveBeenCalled();
  });

  it("is skipped without loading by the start-up reconnect when another wallet was used", async () => {
    const { config, load } = setup({ "wagmi.recentConnectorId": JSON.stringify("injected") });
    await reconnect(config);
    expect(load).not.toHaveBeenCalled();
    expect(getConnection(config).status).toBe("disconnected");
  });

  it("loads and connects the real connector when picked, then disconnects", async () => {
    const { config, load } = setup();
    const [connector] = config.connectors;
    if (!connector) throw new Error("no connector");
    const result = await connect(config, { connector });
    expect(load).toHaveBeenCalledTimes(1);
    expect(result.accounts.map((a) => a.toLowerCase())).toEqual([ACCOUNT]);
    expect(getConnection(config).connector?.id).toBe("sdkWallet");
    await disconnect(config);
    expect(getConnection(config).status).toBe("disconnected");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("loads and reconnects at start-up when it was the last wallet used", async () => {
    const { config, load } = setup({ "wagmi.recentConnectorId": JSON.stringify("sdkWallet") });
    await reconnect(config);
    expect(load).toHaveBeenCalledTimes(1);
    expect(getConnection(config).address?.toLowerCase()).toBe(ACCOUNT);
  });

  it("can be picked again after its code failed to load", async () => {
    const { config, load } = setup();
    load.mockRejectedValueOnce(new Error("chunk failed"));
    const [connector] = config.connectors;
    if (!connector) throw new Error("no connector");
    await expect(connect(config, { connector })).rejects.toThrow("chunk failed");
    await connect(config, { connector });
    expect(load).toHaveBeenCalledTimes(2);
    expect(getConnection(config).status).toBe("connected");
  });
});
