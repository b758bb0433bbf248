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
  /** `isActive` of many operators in one read (a multicall); default one read each. */
  areActive?(operators: readonly `0x${string}`[]): Promise<boolean[]>;
  /** `operatorOf` of many relay keys in one read (a multicall); default one read each. */
  operatorsOf?(relayKeys: readonly `0x${string}`[]): Promise<(`0x${string}` | null)[]>;
}

/** `isActive` of many operators: the reader's batch read when it has one. */
export function areActive(
  stake: StakeReader,
  operators: readonly `0x${string}`[],
): Promise<boolean[]> {
  if (operators.length === 0) return Promise.resolve([]);
  return stake.areActive
    ? stake.areActive(operators)
    : Promise.all(operators.map((o) => stake.isActive(o)));
}

/** `operatorOf` of many relay keys: the reader's batch read when it has one. */
export function operatorsOf(
  stake: StakeReader,
  relayKeys: readonly `0x${string}`[],
): Promise<(`0x${string}` | null)[]> {
  if (relayKeys.length === 0) return Promise.resolve([]);
  return stake.operatorsOf
    ? stake.operatorsOf(relayKeys)
    : Promise.all(relayKeys.map((k) => stake.operatorOf(k)));
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

/** Many relay keys' operators and stake status: two batch reads, whatever the number of keys. */
export async function relayStandings(
  stake: StakeReader,
  relayKeys: readonly `0x${string}`[],
): Promise<{ operator: `0x${string}` | null; staked: boolean }[]> {
  const operators = await operatorsOf(stake, relayKeys);
  const distinct = [...new Set(operators.filter((o) => o !== null))];
  const active = new Map(distinct.map((o, i) => [o, i]));
  const answers = await areActive(stake, distinct);
  return operators.map((operator) => ({
    operator,
    staked: operator !== null && answers[active.get(operator)!] === true,
  }));
}

/** A relay key's operator (lowercase) and whether that operator is staked. */
export async function relayStanding(
  stake: StakeReader,
  relayKey: `0x${string}`,
): Promise<{ operator: `0x${string}` | null; staked: boolean }> {
  const operator = await stake.operatorOf(relayKey);
  if (operator === null) return { operator: null, staked: false };
  return { operator, staked: await stake.isActive(operator) };
}
