/**
 * The storage boundary: bigints travel as decimal strings. `toJson` turns any core result
 * into JSON-able data; the schemas read stored values back.
 */
import { z } from "zod";
import { address, uintString } from "@streamrp2p/protocol/primitives";
import type { Attestation } from "@streamrp2p/protocol/eip712";

/** Replaces every bigint with its decimal string, recursively (Maps become objects). */
export function toJson(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([k, v]) => [String(k), toJson(v)]));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

const big = uintString.transform((s) => BigInt(s));

export const ledgerEntryJson = z.strictObject({ cumulativeBytes: big, cumulativeAmount: big });

export const attestationJson = z.strictObject({
  poolId: big,
  account: address,
  cumulativeBytes: big,
  cumulativeAmount: big,
}) satisfies z.ZodType<Attestation, unknown>;

export const poolTermsJson = z.strictObject({
  poolId: big,
  ratePerGB: big,
  budgetPerEpoch: big,
  balance: big,
  claimedTotal: big,
  attestedTotal: big,
});
