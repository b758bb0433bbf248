/**
 * Stake status and relay-key ownership. The coordinator depends on this interface only;
 * `chainStakeReader` reads RelayStaking over JSON-RPC, `cachedStakeReader` keeps answers in
 * Redis for a few seconds (shared by every coordinator), tests pass a fake.
 *
 * A relay signs in with its relay key (hot, on the relay machine); the operator's wallet
 * (cold) authorized that key on-chain, holds the stake and receives the payouts.
 */
export interface StakeReader {
  /** Whether the operator (wallet) has active stake. */
  isActive(operator: `0x${string}`): Promise<boolean>;
  /** The operator that authorized this relay key, or null when none (or revoked). */
  operatorOf(relayKey: `0x${string}`): Promise<`0x${string}` | null>;
}

/** Reads `RelayStaking.operatorOf(relayKey)`: 0x0 when the key is not authorized. */
export type OperatorOfReader = (relayKey: `0x${string}`) => Promise<`0x${string}`>;

/**
 * For the chainless dev mode (REQUIRE_STAKE=false without CHAIN_RPC_URL): nobody is staked,
 * and every relay key is its own operator.
 */
export const noStakeReader: StakeReader = {
  isActive: async () => false,
  operatorOf: async (relayKey) => relayKey,
};

/** A relay key's operator (lowercase) and whether that operator is staked. */
export async function relayStanding(
  stake: StakeReader,
  relayKey: `0x${string}`,
): Promise<{ operator: `0x${string}` | null; staked: boolean }> {
  const operator = await stake.operatorOf(relayKey);
  if (operator === null) return { operator: null, staked: false };
  return { operator, staked: await stake.isActive(operator) };
}
