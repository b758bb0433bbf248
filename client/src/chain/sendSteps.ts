/**
 * Runs a flow's transactions one after another: each step simulates first (so a revert
 * surfaces with its decoded custom error before the wallet opens), sends, and waits for its
 * receipt; every phase is reported to `onProgress`.
 */
import type { Hash, TransactionReceipt } from "viem";
import { TransactionRevertedError } from "../errors/TransactionRevertedError.ts";
import type { ChainReader } from "./ChainClients.ts";

/** Where a multi-step flow is: waiting for the wallet, mined, or confirmed. */
export interface TxProgress {
  readonly label: string;
  readonly step: number;
  readonly steps: number;
  readonly phase: "wallet" | "pending" | "confirmed";
  readonly hash?: Hash;
}

export type OnTxProgress = (progress: TxProgress) => void;

/** One transaction of a flow: what the user sees, and how to simulate and send it. */
export interface TxStep {
  /** E.g. "Approve 10 TST". */
  readonly label: string;
  readonly send: () => Promise<Hash>;
}

export async function sendSteps(
  clients: ChainReader,
  steps: readonly TxStep[],
  onProgress: OnTxProgress = () => {},
): Promise<TransactionReceipt[]> {
  const receipts: TransactionReceipt[] = [];
  for (const [index, step] of steps.entries()) {
    const base = { label: step.label, step: index + 1, steps: steps.length };
    onProgress({ ...base, phase: "wallet" });
    const hash = await step.send();
    onProgress({ ...base, phase: "pending", hash });
    const receipt = await clients.public.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new TransactionRevertedError(hash, step.label);
    onProgress({ ...base, phase: "confirmed", hash });
    receipts.push(receipt);
  }
  return receipts;
}
