import type { Config } from "wagmi";
import type { Hex } from "viem";
import { linkOwnedPool as linkOwnedPoolWith, type CoordinatorClient } from "@streamrp2p/client";
import { walletSigner } from "../lib/chainClients.ts";
import { isUserRejection } from "../lib/isUserRejection.ts";
import { SignatureDeclinedError } from "../lib/SignatureDeclinedError.ts";

/** The connected wallet (the pool's and the stream's owner) signs `LinkPool`; the coordinator links it. */
export async function linkOwnedPool(
  config: Config,
  coordinator: CoordinatorClient,
  parameters: { chainId: number; streamId: Hex; poolId: bigint; now: number },
): Promise<{ streamId: Hex; poolId: bigint }> {
  const owner = await walletSigner(config, parameters.chainId);
  try {
    return await linkOwnedPoolWith(coordinator, owner, parameters);
  } catch (error) {
    if (isUserRejection(error)) {
      throw new SignatureDeclinedError(
        "You declined the signature; the pool was not linked to the stream",
        { cause: error },
      );
    }
    throw error;
  }
}
