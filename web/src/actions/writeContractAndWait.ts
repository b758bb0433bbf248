import type { Config } from "wagmi";
import { simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";
import { BaseError, type Abi, type Address, type Hex, type TransactionReceipt } from "viem";

/** Where a multi-step transaction flow is: waiting for the wallet, mined, or confirmed. */
export interface TxProgress {
  readonly label: string;
  readonly step: number;
  readonly steps: number;
  readonly phase: "wallet" | "pending" | "confirmed";
  readonly hash?: Hex;
}

export type OnTxProgress = (progress: TxProgress) => void;

export interface ContractWrite {
  readonly address: Address;
  readonly abi: Abi;
  readonly functionName: string;
  readonly args: readonly unknown[];
  /** What the user sees, e.g. "Approve 10 TST". */
  readonly label: string;
}

/** A mined transaction that reverted (the receipt has status "reverted"). */
export class TransactionRevertedError extends BaseError {
  override name = "TransactionRevertedError";
  constructor(hash: Hex) {
    super(`The transaction reverted on-chain (${hash})`);
  }
}

/**
 * Runs contract writes one after another: simulate (so reverts surface with their decoded
 * custom error before the wallet opens), send, wait for the receipt; reports each phase.
 */
export async function writeContractAndWait(
  config: Config,
  writes: readonly ContractWrite[],
  onProgress: OnTxProgress = () => {},
): Promise<TransactionReceipt[]> {
  const receipts: TransactionReceipt[] = [];
  for (const [index, write] of writes.entries()) {
    const base = { label: write.label, step: index + 1, steps: writes.length };
    onProgress({ ...base, phase: "wallet" });
    const { request } = await simulateContract(config, {
      address: write.address,
      abi: write.abi,
      functionName: write.functionName,
      args: write.args,
    });
    const hash = await writeContract(config, request);
    onProgress({ ...base, phase: "pending", hash });
    const receipt = await waitForTransactionReceipt(config, { hash });
    if (receipt.status === "reverted") throw new TransactionRevertedError(hash);
    onProgress({ ...base, phase: "confirmed", hash });
    receipts.push(receipt);
  }
  return receipts;
}
