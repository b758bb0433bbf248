/**
 * GET /v1/relays/:address/attestations as the node reads it: big numbers arrive as decimal
 * strings and become bigints ready for RewardPools.claim / claimBatch.
 */
import { z } from "zod";
import { address } from "@streamrp2p/protocol/primitives";
import type { SignedAttestation } from "../chain/claims.ts";

const decimal = z
  .string()
  .regex(/^(0|[1-9][0-9]*)$/, "expected a decimal integer string")
  .transform((v) => BigInt(v));

export const relayAttestations = z.object({
  attestations: z.array(
    z.object({
      poolId: decimal,
      account: address,
      cumulativeBytes: decimal,
      cumulativeAmount: decimal,
      signatures: z
        .string()
        .regex(/^0x(?:[0-9a-fA-F]{128})+$/, "expected packed 64-byte compact signatures")
        .transform((v) => v as `0x${string}`),
      epoch: z.number().int(),
    }),
  ),
});
export type RelayAttestations = z.infer<typeof relayAttestations>;
export type ServedAttestation = RelayAttestations["attestations"][number] & SignedAttestation;
