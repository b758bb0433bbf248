import type { Config } from "wagmi";
import type { Address } from "viem";
import {
  createOwnedStream as createOwnedStreamWith,
  type CoordinatorClient,
  type CreatedStream,
} from "@streamrp2p/client";
import { walletSigner } from "../lib/chainClients.ts";
import { isUserRejection } from "../lib/isUserRejection.ts";
import { SignatureDeclinedError } from "../lib/SignatureDeclinedError.ts";

export type CreateStreamStep = "sign" | "coordinator";

/**
 * Creates a stream owned by the connected wallet: the wallet signs `CreateStream` (a fresh
 * salt, the origin key, the name), then the coordinator creates it. Resolves to the stream and
 * its salt (register it on-chain with the same salt). `onStep` says which step runs.
 */
export async function createOwnedStream(
  config: Config,
  coordinator: CoordinatorClient,
  {
    chainId,
    name,
    originAddress,
    now,
    onStep,
  }: {
    chainId: number;
    name: string;
    originAddress: Address;
    /** Unix ms. */
    now: number;
    onStep?: ((step: CreateStreamStep) => void) | undefined;
  },
): Promise<CreatedStream & { salt: `0x${string}` }> {
  const wallet = await walletSigner(config, chainId);
  const owner = {
    address: wallet.address,
    signTypedData: async (typedData: Parameters<typeof wallet.signTypedData>[0]) => {
      onStep?.("sign");
      let signature: `0x${string}`;
      try {
        signature = await wallet.signTypedData(typedData);
      } catch (error) {
        if (isUserRejection(error)) {
          throw new SignatureDeclinedError("You declined the signature; nothing was created", {
            cause: error,
          });
        }
        throw error;
      }
      onStep?.("coordinator");
      return signature;
    },
  };
  return createOwnedStreamWith(coordinator, owner, { chainId, name, originAddress, now });
}
