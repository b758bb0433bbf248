import type { Address } from "viem";
import { randomSalt } from "../sign/randomSalt.ts";
import { signCreateStream } from "../sign/signCreateStream.ts";
import type { TypedDataSigner } from "../sign/TypedDataSigner.ts";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { createStream, type CreatedStream } from "./createStream.ts";

/** Default ceiling on what a stream publishes: 8 Mbit/s covers 1080p60 from OBS. */
export const DEFAULT_MAX_BITRATE = 8_000_000;
/** How long the owner's signature stays valid: long enough to confirm in a wallet. */
const SIGNATURE_TTL_SECONDS = 600;

/**
 * The streamer's whole "create a stream" flow: a fresh salt, the owner's `CreateStream`
 * signature (the wallet asks its user), then POST /v1/streams. The stream id is
 * `streamIdOf(owner, salt)`; register it on-chain with the same salt.
 */
export async function createOwnedStream(
  client: CoordinatorClient,
  owner: TypedDataSigner,
  {
    chainId,
    name,
    originAddress,
    maxBitrate = DEFAULT_MAX_BITRATE,
    now,
  }: {
    chainId: number;
    name: string;
    originAddress: Address;
    maxBitrate?: number | undefined;
    /** Unix ms. */
    now: number;
  },
): Promise<CreatedStream & { salt: `0x${string}` }> {
  const message = {
    salt: randomSalt(),
    originAddress,
    name: name.trim(),
    maxBitrate,
    deadline: Math.floor(now / 1000) + SIGNATURE_TTL_SECONDS,
  };
  const ownerSignature = await signCreateStream(owner, { chainId, message });
  const created = await createStream(client, { ...message, owner: owner.address, ownerSignature });
  return { ...created, salt: message.salt };
}
