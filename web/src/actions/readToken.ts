import type { Config } from "wagmi";
import { readContract } from "wagmi/actions";
import type { Address } from "viem";
import { tokenAbi } from "../lib/tokenAbi.ts";

export interface TokenState {
  readonly address: Address;
  readonly symbol: string;
  readonly decimals: number;
  /** Balance of `account` (0 when no account was given). */
  readonly balance: bigint;
  /** Allowance of `account` to `spender` (0 when either is missing). */
  readonly allowance: bigint;
  /** Whether the token takes ERC-2612 permits (it answers nonces() and eip712Domain()). */
  readonly permit: boolean;
}

/** Reads what the app needs to show and move an ERC-20: symbol, decimals, balance, allowance. */
export async function readToken(
  config: Config,
  {
    token,
    account,
    spender,
  }: { token: Address; account?: Address | undefined; spender?: Address | undefined },
): Promise<TokenState> {
  const read = (functionName: "symbol" | "decimals") =>
    readContract(config, { address: token, abi: tokenAbi, functionName });
  const probe = async () => {
    try {
      await readContract(config, { address: token, abi: tokenAbi, functionName: "eip712Domain" });
      if (account)
        await readContract(config, {
          address: token,
          abi: tokenAbi,
          functionName: "nonces",
          args: [account],
        });
      return true;
    } catch {
      return false;
    }
  };
  const [symbol, decimals, balance, allowance, permit] = await Promise.all([
    read("symbol"),
    read("decimals"),
    account
      ? readContract(config, {
          address: token,
          abi: tokenAbi,
          functionName: "balanceOf",
          args: [account],
        })
      : 0n,
    account && spender
      ? readContract(config, {
          address: token,
          abi: tokenAbi,
          functionName: "allowance",
          args: [account, spender],
        })
      : 0n,
    probe(),
  ]);
  return {
    address: token,
    symbol: String(symbol),
    decimals: Number(decimals),
    balance,
    allowance,
    permit,
  };
}
