import type { Address, Hex } from "viem";
import { getDeployment } from "@streamrp2p/deployments";

/** The local deployment (the generated module): the web app calls these typed ABIs. */
export const deployment = getDeployment(31337);
export const rewardPoolsAbi = deployment.contracts.RewardPools.abi;
export const relayStakingAbi = deployment.contracts.RelayStaking.abi;
export const testTokenAbi = deployment.contracts.TestToken.abi;

/** Hardhat's public dev key #0 (guards nothing): the test wallet signs with it. */
export const ACCOUNT_KEY: Hex =
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
export const ACCOUNT: Address = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
/** Hardhat's public dev key #2: a relay (hot) key in the tests. */
export const RELAY_KEY_PRIVATE: Hex =
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
export const RELAY_KEY: Address = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
export const OTHER: Address = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
export const REWARD_POOLS: Address = deployment.contracts.RewardPools.address;
export const RELAY_STAKING: Address = deployment.contracts.RelayStaking.address;
export const TEST_TOKEN: Address = deployment.contracts.TestToken.address;

export const STREAM_ID = `0x${"ab".repeat(32)}` as const;

export const streamJson = {
  streamId: STREAM_ID,
  name: "Friday night speedrun",
  originAddress: OTHER,
  ownerAddress: ACCOUNT,
  createdAt: 1_700_000_000_000,
  live: true,
  lastSequence: 42,
};

export const relayJson = {
  /** The relay key (it signs in); `operator` is the wallet that authorized it. */
  address: OTHER,
  operator: OTHER,
  url: "http://127.0.0.1:8090",
  tier: 1,
  upstream: "http://127.0.0.1:8081",
  streams: [STREAM_ID],
  load: 0.25,
  viewers: 3,
  bytesServed: 12_345_678,
  version: "0.1.0",
  lastSeen: 1_700_000_000_000,
  live: true,
  staked: true,
  inbound: "public-url" as const,
  reachability: {
    listed: true,
    reason: null,
    detail: null,
    segmentVerified: true,
    checkedAt: 1_700_000_000_000,
  },
};
