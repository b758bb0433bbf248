import type { Config } from "wagmi";
import {
  setOwnedViewerCap as setOwnedViewerCapWith,
  type CoordinatorClient,
} from "@streamrp2p/client";
import { walletSigner } from "../lib/chainClients.ts";
import { isUserRejection } from "../lib/isUserRejection.ts";
import { SignatureDeclinedError } from "../lib/SignatureDeclinedError.ts";

/** The connected wallet (the pool's owner) signs `SetViewerCap`; the coordinator stores it. */
export async function setOwnedViewerCap(
  config: Config,
  coordinator: CoordinatorClient,
  parameters: { chainId: number; poolId: bigint; maxViewers: number; now: number },
): Promise<{ poolId: bigint; maxViewers: number; nonce: number }> {
  const owner = await walletSigner(config, parameters.chainId);
  try {
    return await setOwnedViewerCapWith(coordinator, owner, parameters);
  } catch (error) {
    if (isUserRejection(error)) {
      throw new SignatureDeclinedError(
        "You declined the signature; the pool's viewer cap did not change",
        { cause: error },
      );
    }
    throw error;
  }
}
