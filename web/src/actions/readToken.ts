import type { Config } from "wagmi";
import { getPublicClient } from "wagmi/actions";
import type { Address } from "viem";
import { readToken as readTokenWith, type TokenState } from "@streamrp2p/client";

/** Symbol, decimals, balance, allowance and permit support of an ERC-20 on `chainId`. */
export async function readToken(
  config: Config,
  {
    chainId,
    ...parameters
  }: {
    chainId: number;
    token: Address;
    account?: Address | undefined;
    spender?: Address | undefined;
  },
): Promise<TokenState> {
  const client = getPublicClient(config, { chainId });
  if (!client) throw new Error(`Chain ${chainId} is not configured`);
  return readTokenWith({ public: client }, parameters);
}
