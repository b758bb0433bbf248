import { describe, expect, it } from "vitest";
import { AppConfigError, parseAppConfig } from "./appConfig.ts";

describe("parseAppConfig", () => {
  it("defaults to the local chain and services", () => {
    expect(parseAppConfig({})).toEqual({
      chainId: 31337,
      rpcUrl: "http://127.0.0.1:8545",
      coordinatorUrl: "http://127.0.0.1:8080",
      rtmpUrl: "rtmp://127.0.0.1:1935/live",
      walletConnectProjectId: undefined,
      explorerUrl: undefined,
      ensRpcUrl: undefined,
    });
  });
  it("reads the VITE_ variables and trims trailing slashes", () => {
    const config = parseAppConfig({
      VITE_CHAIN_ID: "84532",
      VITE_RPC_URL: "https://rpc.example/",
      VITE_COORDINATOR_URL: "https://coord.example/",
      VITE_WALLETCONNECT_PROJECT_ID: " abc ",
      VITE_EXPLORER_URL: "http://127.0.0.1:5100/",
      VITE_ENS_RPC_URL: "https://mainnet.example/v1/key/",
    });
    expect(config).toMatchObject({
      chainId: 84532,
      rpcUrl: "https://rpc.example",
      coordinatorUrl: "https://coord.example",
      walletConnectProjectId: "abc",
      explorerUrl: "http://127.0.0.1:5100",
      ensRpcUrl: "https://mainnet.example/v1/key",
    });
    expect(Object.isFrozen(config)).toBe(true);
  });
  it("fails loudly on bad values", () => {
    expect(() => parseAppConfig({ VITE_CHAIN_ID: "x" })).toThrow(AppConfigError);
    expect(() => parseAppConfig({ VITE_RPC_URL: "not a url" })).toThrow(
      "VITE_RPC_URL is not a URL",
    );
    expect(() => parseAppConfig({ VITE_COORDINATOR_URL: "ftp://x" })).toThrow(
      "must use http: or https:",
    );
    expect(() => parseAppConfig({ VITE_EXPLORER_URL: "javascript:alert(1)" })).toThrow(
      "VITE_EXPLORER_URL must use http: or https:",
    );
    expect(() => parseAppConfig({ VITE_ENS_RPC_URL: "wss://mainnet.example" })).toThrow(
      "VITE_ENS_RPC_URL must use http: or https:",
    );
  });
});
