import type { Address, Hex } from "viem";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { addressField, bigintField, hexValue, record } from "../lib/fields.ts";
import { listOf, schemaFrom } from "../lib/schema.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** A claimable attestation: what `account` has earned from `poolId` in total, with signatures. */
export interface SignedAttestation {
  readonly poolId: bigint;
  readonly account: Address;
  readonly cumulativeBytes: bigint;
  readonly cumulativeAmount: bigint;
  readonly signatures: readonly Hex[];
}

// Provisional until protocol/src/api.ts carries the schema for this route.
export const signedAttestation = schemaFrom((value): SignedAttestation => {
  const obj = record(value, "attestation");
  const signatures = obj["signatures"];
  if (!Array.isArray(signatures) || signatures.length === 0)
    throw new Error("signatures: expected a list");
  return {
    poolId: bigintField(obj, "poolId"),
    account: addressField(obj, "account"),
    cumulativeBytes: bigintField(obj, "cumulativeBytes"),
    cumulativeAmount: bigintField(obj, "cumulativeAmount"),
    signatures: signatures.map((signature, i) => hexValue(signature, `signatures[${i}]`, 65)),
  };
});

/** The latest attestation per pool for a relay (GET /v1/relays/:address/attestations). */
export function getRelayAttestations(
  client: CoordinatorClient,
  { address, signal }: { address: Address; signal?: AbortSignal },
): Promise<SignedAttestation[]> {
  return coordinatorRequest(client, {
    path: `/v1/relays/${address.toLowerCase()}/attestations`,
    schema: listOf(signedAttestation, "attestations"),
    ...(signal ? { signal } : {}),
  });
}
