/** ERC-2612 permits: sign an allowance off-chain so approve + action is one transaction. */
import { erc20Abi, parseSignature, type Address } from "viem";
import type { ChainClients } from "./clients.ts";
import { send, type ContractWrite, type SentTransaction } from "./send.ts";

export interface Permit {
  deadline: bigint;
  v: number;
  r: `0x${string}`;
  s: `0x${string}`;
}

/** The ERC-2612 reads every permit token has; the ABI is TestToken's (an OpenZeppelin ERC20Permit). */
function permitAbi(clients: ChainClients) {
  const token = clients.deployment.contracts.TestToken;
  if (!token) throw new Error(`chain ${clients.chainId} has no TestToken ABI to read permits with`);
  return token.abi;
}

/** Whether `token` implements ERC-2612 (it answers `nonces` and `DOMAIN_SEPARATOR`). */
export async function supportsPermit(clients: ChainClients, token: Address): Promise<boolean> {
  try {
    const abi = permitAbi(clients);
    await clients.public.readContract({ address: token, abi, functionName: "DOMAIN_SEPARATOR" });
    await clients.public.readContract({
      address: token,
      abi,
      functionName: "nonces",
      args: [clients.account.address],
    });
    return true;
  } catch {
    return false;
  }
}

export async function signPermit(
  clients: ChainClients,
  {
    token,
    spender,
    value,
    ttlSeconds = 3600,
  }: { token: Address; spender: Address; value: bigint; ttlSeconds?: number },
): Promise<Permit> {
  const abi = permitAbi(clients);
  const owner = clients.account.address;
  const [nonce, domain] = await Promise.all([
    clients.public.readContract({
      address: token,
      abi,
      functionName: "nonces",
      args: [owner],
    }) as Promise<bigint>,
    clients.public.readContract({ address: token, abi, functionName: "eip712Domain" }) as Promise<
      readonly [string, string, string, bigint, Address, string, readonly bigint[]]
    >,
  ]);
  const block = await clients.public.getBlock();
  const deadline = block.timestamp + BigInt(ttlSeconds);
  if (!clients.account.signTypedData) throw new Error("the account cannot sign typed data");
  const signature = await clients.account.signTypedData({
    domain: {
      name: domain[1],
      version: domain[2],
      chainId: Number(domain[3]),
      verifyingContract: domain[4],
    },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner, spender, value, nonce, deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { deadline, v: Number(v ?? BigInt(yParity + 27)), r, s };
}

/**
 * Moves `amount` of `token` into `spender` through one of its functions: the permit variant
 * in one transaction when the token has ERC-2612, else an approve and then the plain call.
 */
export async function spendWithPermitOrApprove(
  clients: ChainClients,
  what: string,
  {
    token,
    spender,
    amount,
    withPermit,
    withAllowance,
  }: {
    token: Address;
    spender: Address;
    amount: bigint;
    withPermit: (permit: Permit) => ContractWrite;
    withAllowance: ContractWrite;
  },
): Promise<SentTransaction> {
  if (await supportsPermit(clients, token)) {
    const permit = await signPermit(clients, { token, spender, value: amount });
    return send(clients, what, withPermit(permit));
  }
  await send(clients, "approve", {
    address: token,
    abi: erc20Abi,
    functionName: "approve",
    args: [spender, amount],
  });
  return send(clients, what, withAllowance);
}
