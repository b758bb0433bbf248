import { BaseError, type Hash } from "viem";

/** A mined transaction whose receipt has status "reverted". */
export class TransactionRevertedError extends BaseError {
  override name = "TransactionRevertedError";
  readonly hash: Hash;
  constructor(hash: Hash, label: string) {
    super(`${label}: the transaction reverted on-chain (${hash})`);
    this.hash = hash;
  }
}
