import type { Config } from "wagmi";
import { readContract, signTypedData } from "wagmi/actions";
import { parseSignature, type Address, type Hex } from "viem";
import { tokenAbi } from "../lib/tokenAbi.ts";

export interface Permit {
  readonly value: bigint;
  readonly deadline: bigint;
  readonly v: number;
  readonly r: Hex;
  readonly s: Hex;
  readonly signature: Hex;
}

const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/**
 * Asks the wallet for an ERC-2612 permit (no transaction): the token's EIP-712 domain comes
 * from its ERC-5267 eip712Domain(), the nonce from nonces(owner).
 */
export async function signPermit(
  config: Config,
  parameters: {
    token: Address;
    owner: Address;
    spender: Address;
    value: bigint;
    now?: () => number;
    ttlSeconds?: number;
  },
): Promise<Permit> {
  const { token, owner, spender, value } = parameters;
  const [[, name, version, chainId, verifyingContract], nonce] = await Promise.all([
    readContract(config, { address: token, abi: tokenAbi, functionName: "eip712Domain" }),
    readContract(config, { address: token, abi: tokenAbi, functionName: "nonces", args: [owner] }),
  ]);
  const nowSeconds = Math.floor((parameters.now ?? Date.now)() / 1000);
  const deadline = BigInt(nowSeconds + (parameters.ttlSeconds ?? 30 * 60));
  const signature = await signTypedData(config, {
    account: owner,
    domain: { name, version, chainId: Number(chainId), verifyingContract },
    types: permitTypes,
    primaryType: "Permit",
    message: { owner, spender, value, nonce, deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { value, deadline, v: v === undefined ? yParity + 27 : Number(v), r, s, signature };
}
