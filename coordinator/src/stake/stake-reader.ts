/**
 * Whether a relay operator has active stake. The coordinator depends on this interface only;
 * `chainStakeReader` reads RelayStaking over JSON-RPC, `cachedStakeReader` keeps answers in
 * Redis for a few seconds (shared by every coordinator), tests pass a fake.
 */
export interface StakeReader {
  isActive(address: `0x${string}`): Promise<boolean>;
}

/** For the chainless dev mode (REQUIRE_STAKE=false without CHAIN_RPC_URL): nobody is staked. */
export const noStakeReader: StakeReader = { isActive: async () => false };
