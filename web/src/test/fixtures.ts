import type { Address } from "viem";
import { getDeployment } from "@streamrp2p/deployments";

/** The local deployment (the generated module): the web app calls these typed ABIs. */
export const deployment = getDeployment(31337);
export const rewardPoolsAbi = deployment.contracts.RewardPools.abi;
export const relayStakingAbi = deployment.contracts.RelayStaking.abi;
export const testTokenAbi = deployment.contracts.TestToken.abi;

export const ACCOUNT: Address = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
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
  address: OTHER,
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
};
