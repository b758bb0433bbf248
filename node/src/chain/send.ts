/** Sends a contract write and waits for its receipt; a revert becomes a typed error. */
import type { Abi, Address, Hash, TransactionReceipt } from "viem";
import type { ChainClients } from "./clients.ts";

export class TransactionRevertedError extends Error {
  override name = "TransactionRevertedError";
  readonly hash: Hash;
  constructor(hash: Hash, what: string) {
    super(`${what}: transaction ${hash} reverted`);
    this.hash = hash;
  }
}

export interface ContractWrite {
  address: Address;
  abi: Abi | readonly unknown[];
  functionName: string;
  args: readonly unknown[];
}

export interface SentTransaction {
  hash: Hash;
  receipt: TransactionReceipt;
}

/**
 * Simulates first, so a revert surfaces with its decoded custom error before any gas is
 * spent, then sends and waits for the receipt.
 */
export async function send(
  clients: ChainClients,
  what: string,
  write: ContractWrite,
): Promise<SentTransaction> {
  const { request } = await clients.public.simulateContract({
    ...write,
    account: clients.account,
  } as never);
  const hash = await clients.wallet.writeContract(request as never);
  const receipt = await clients.public.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new TransactionRevertedError(hash, what);
  return { hash, receipt };
}
