import { parseSignature, type Address, type Hex } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { tokenAbi } from "./tokenAbi.ts";

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
 * Signs an ERC-2612 permit (no transaction): the token's EIP-712 domain comes from its
 * ERC-5267 eip712Domain(), the nonce from nonces(owner), the deadline from the chain's clock
 * (the latest block's timestamp, which is what the token checks) plus `ttlSeconds`.
 */
export async function signPermit(
  clients: ChainClients,
  {
    token,
    spender,
    value,
    ttlSeconds = 3600,
  }: { token: Address; spender: Address; value: bigint; ttlSeconds?: number },
): Promise<Permit> {
  const owner = clients.account.address;
  const [[, name, version, chainId, verifyingContract], nonce, block] = await Promise.all([
    clients.public.readContract({ address: token, abi: tokenAbi, functionName: "eip712Domain" }),
    clients.public.readContract({
      address: token,
      abi: tokenAbi,
      functionName: "nonces",
      args: [owner],
    }),
    clients.public.getBlock(),
  ]);
  const deadline = block.timestamp + BigInt(ttlSeconds);
  const signature = await clients.wallet.signTypedData({
    account: clients.account,
    domain: { name, version, chainId: Number(chainId), verifyingContract },
    types: permitTypes,
    primaryType: "Permit",
    message: { owner, spender, value, nonce, deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { value, deadline, v: v === undefined ? yParity + 27 : Number(v), r, s, signature };
}
