/**
 * What `streamrp2p-node authorize` prints on the relay machine, pasted into the operator's
 * page: checked with zod, then against this wallet and the clock, so a wrong paste is explained
 * before the wallet opens.
 */
import { z } from "zod";
import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { address, signature } from "@streamrp2p/protocol/primitives";
import { shortAddress } from "./shortAddress.ts";

export interface RelayKeyAuthorization {
  readonly relayKey: Address;
  readonly operator: Address;
  /** Unix seconds after which the contract refuses the signature. */
  readonly deadline: number;
  readonly signature: Hex;
}

const schema = z.object({
  relayKey: address,
  operator: address,
  deadline: z
    .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
    .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
  signature,
});

export type ParsedRelayKeyAuthorization =
  | { readonly ok: true; readonly value: RelayKeyAuthorization }
  | { readonly ok: false; readonly error: string };

/** Parses the pasted JSON for `operator` (this wallet) at `nowSeconds`; the error says what to fix. */
export function parseRelayKeyAuthorization(
  text: string,
  { operator, nowSeconds }: { operator: Address; nowSeconds: number },
): ParsedRelayKeyAuthorization {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error: "This is not JSON: paste the whole line the authorize command printed",
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".");
    return {
      ok: false,
      error: field
        ? `${field}: ${issue?.message ?? "invalid"}`
        : `Expected {relayKey, operator, deadline, signature}: ${issue?.message ?? "invalid"}`,
    };
  }
  const value = {
    ...parsed.data,
    relayKey: getAddress(parsed.data.relayKey),
    operator: getAddress(parsed.data.operator),
  };
  if (!isAddressEqual(value.operator, operator)) {
    return {
      ok: false,
      error: `This authorization is for ${shortAddress(value.operator)}, not for this wallet (${shortAddress(getAddress(operator))}): run authorize with --operator ${getAddress(operator)}`,
    };
  }
  if (value.deadline <= nowSeconds) {
    return {
      ok: false,
      error: `This authorization expired at ${new Date(value.deadline * 1000).toISOString()}: run authorize again with a later --deadline`,
    };
  }
  return { ok: true, value };
}
