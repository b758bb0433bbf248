import { parseAbi, type Address } from "viem";
import type { Deployment } from "../config/deployment.ts";

/** The parts of IRewardPools / IRelayStaking / TestToken the web app calls, as in contracts/interfaces. */
export const rewardPoolsAbi = parseAbi([
  "struct Attestation { uint256 poolId; address account; uint128 cumulativeBytes; uint128 cumulativeAmount; }",
  "struct PoolInfo { address owner; address token; uint88 ratePerGB; uint88 maxRatePerGB; uint128 epochBudget; uint32 noticePeriod; uint128 balance; uint40 closesAt; }",
  "function createPool(address token, uint88 ratePerGB, uint88 maxRatePerGB, uint128 epochBudget, uint32 noticePeriod) returns (uint256 poolId)",
  "function fund(uint256 poolId, uint128 amount) returns (uint128 funded)",
  "function fundWithPermit(uint256 poolId, uint128 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) returns (uint128 funded)",
  "function closePool(uint256 poolId) returns (uint40 closesAt)",
  "function reclaim(uint256 poolId) returns (uint128 amount)",
  "function claim(Attestation attestation, bytes signatures) returns (uint128 paid)",
  "function claimBatch(Attestation[] attestations, bytes signatures)",
  "function pool(uint256 poolId) view returns (PoolInfo)",
  "function poolCount() view returns (uint256)",
  "function claimed(uint256 poolId, address account) view returns (uint128 cumulativeBytes, uint128 cumulativeAmount)",
  "event PoolCreated(uint256 indexed poolId, address indexed owner, address indexed token, uint88 ratePerGB, uint88 maxRatePerGB, uint128 epochBudget, uint32 noticePeriod)",
  "event Claimed(uint256 indexed poolId, address indexed account, uint128 cumulativeBytes, uint128 cumulativeAmount, uint128 paid)",
  "error PoolNotFound(uint256 poolId)",
  "error NothingToClaim(uint256 poolId, address account, uint128 cumulativeAmount, uint128 claimedAmount)",
]);

export const relayStakingAbi = parseAbi([
  "struct Parameters { uint128 minStake; uint32 unbondingPeriod; uint32 slashDelay; uint16 slashBps; uint16 reporterShareBps; }",
  "function stake(uint256 amount)",
  "function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)",
  "function requestUnstake(uint256 amount)",
  "function withdraw() returns (uint256 amount)",
  "function registerStream(bytes32 streamId, address originSigner)",
  "function stakeToken() view returns (address)",
  "function stakeOf(address operator) view returns (uint256 bonded, uint256 unbonding, uint64 releaseTime, bool jailed)",
  "function isActive(address operator) view returns (bool)",
  "function parameters() view returns (Parameters)",
  "function streamOf(bytes32 streamId) view returns (address owner, address originSigner)",
  "event Staked(address indexed operator, uint256 amount, uint256 bonded)",
  "error InsufficientBondedStake(address operator, uint256 bonded, uint256 requested)",
  "error UnbondingNotReleased(address operator, uint64 releaseTime, uint256 currentTime)",
]);

export const testTokenAbi = parseAbi(["function mint(address to, uint256 amount)"]);

export const ACCOUNT: Address = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
export const OTHER: Address = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
export const REWARD_POOLS: Address = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
export const RELAY_STAKING: Address = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
export const TEST_TOKEN: Address = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";

export const deployment: Deployment = {
  chainId: 31337,
  contracts: {
    RewardPools: { address: REWARD_POOLS, abi: rewardPoolsAbi, deployBlock: 1 },
    RelayStaking: { address: RELAY_STAKING, abi: relayStakingAbi, deployBlock: 1 },
    TestToken: { address: TEST_TOKEN, abi: testTokenAbi, deployBlock: 1 },
  },
};

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
