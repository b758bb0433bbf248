/** The chain has no reward pool with this id. */
export class PoolNotFoundError extends Error {
  override readonly name = "PoolNotFoundError";
  readonly poolId: bigint;
  constructor(poolId: bigint) {
    super(`Pool ${poolId} does not exist`);
    this.poolId = poolId;
  }
}
