import { describe, expect, it } from "vitest";
import { appChain } from "../config/appChain.ts";
import { explorerUrl } from "./explorerUrl.ts";

const rpcUrl = "https://rpc.example";

describe("explorerUrl", () => {
  it("links a transaction and an address on Base Sepolia to its explorer", () => {
    const chain = appChain({ chainId: 84532, rpcUrl });
    expect(chain.name).toBe("Base Sepolia");
    expect(explorerUrl(chain, "tx", "0xabc")).toBe("https://sepolia.basescan.org/tx/0xabc");
    expect(explorerUrl(chain, "address", "0xdef")).toBe(
      "https://sepolia.basescan.org/address/0xdef",
    );
  });

  it("knows OP Sepolia and Arbitrum Sepolia by their viem names, with the configured RPC", () => {
    const op = appChain({ chainId: 11155420, rpcUrl });
    const arb = appChain({ chainId: 421614, rpcUrl });
    expect(op.name).toBe("OP Sepolia");
    expect(arb.name).toBe("Arbitrum Sepolia");
    expect(op.rpcUrls.default.http).toEqual([rpcUrl]);
    expect(explorerUrl(arb, "tx", "0x1")).toMatch(/^https:\/\/sepolia\.arbiscan\.io\/tx\/0x1$/);
  });

  it("has no link on the local chain, unless an explorer is configured for it", () => {
    expect(explorerUrl(appChain({ chainId: 31337, rpcUrl }), "tx", "0xabc")).toBeUndefined();
    const local = appChain({ chainId: 31337, rpcUrl, explorerUrl: "http://127.0.0.1:5100" });
    expect(explorerUrl(local, "address", "0xabc")).toBe("http://127.0.0.1:5100/address/0xabc");
  });
});
