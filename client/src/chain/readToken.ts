import type { Address } from "viem";
import type { ChainReader } from "./ChainClients.ts";
import { tokenAbi } from "./tokenAbi.ts";

export interface TokenState {
  readonly address: Address;
  readonly symbol: string;
  readonly decimals: number;
  /** Balance of `account` (0 when no account was given). */
  readonly balance: bigint;
  /** Allowance of `account` to `spender` (0 when either is missing). */
  readonly allowance: bigint;
  /** Whether the token takes ERC-2612 permits (it answers eip712Domain() and nonces()). */
  readonly permit: boolean;
}

/** What it takes to show and move an ERC-20: symbol, decimals, balance, allowance, permit. */
export async function readToken(
  clients: Pick<ChainReader, "public">,
  {
    token,
    account,
    spender,
  }: { token: Address; account?: Address | undefined; spender?: Address | undefined },
): Promise<TokenState> {
  const read = { address: token, abi: tokenAbi } as const;
  const supportsPermit = async () => {
    try {
      await clients.public.readContract({ ...read, functionName: "eip712Domain" });
      if (account)
        await clients.public.readContract({ ...read, functionName: "nonces", args: [account] });
      return true;
    } catch {
      return false;
    }
  };
  const [symbol, decimals, balance, allowance, permit] = await Promise.all([
    clients.public.readContract({ ...read, functionName: "symbol" }),
    clients.public.readContract({ ...read, functionName: "decimals" }),
    account
      ? clients.public.readContract({ ...read, functionName: "balanceOf", args: [account] })
      : 0n,
    account && spender
      ? clients.public.readContract({
          ...read,
          functionName: "allowance",
          args: [account, spender],
        })
      : 0n,
    supportsPermit(),
  ]);
  return { address: token, symbol, decimals, balance, allowance, permit };
}
