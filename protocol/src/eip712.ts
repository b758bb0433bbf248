/**
 * The EIP-712 domains and types signed anywhere in StreamrP2P: the one source of truth.
 * The contracts hard-code the same type strings as constant typehashes, and
 * test/protocol/typehashes.test.ts proves both sides agree.
 */
import type { Address, TypedDataDomain } from "viem";

/** Domain names and versions; chainId and verifyingContract come from the deployment. */
export const REWARD_POOLS_DOMAIN = { name: "StreamrP2P RewardPools", version: "1" } as const;
export const RELAY_STAKING_DOMAIN = { name: "StreamrP2P RelayStaking", version: "1" } as const;
/** Off-chain messages a stream owner signs for the coordinator (no verifying contract). */
export const COORDINATOR_DOMAIN = { name: "StreamrP2P Coordinator", version: "1" } as const;

/**
 * A coordinator attestor's statement of what one account has earned from one pool, in total.
 * Cumulative and monotonic: the contract pays the delta since the account's last claim, so
 * a replayed or older attestation pays nothing and no nonce is stored.
 */
export const attestationTypes = {
  Attestation: [
    { name: "poolId", type: "uint256" },
    { name: "account", type: "address" },
    { name: "cumulativeBytes", type: "uint128" },
    { name: "cumulativeAmount", type: "uint128" },
  ],
} as const;

/** The origin's signed description of one HLS segment (signed with the stream's origin key). */
export const manifestEntryTypes = {
  ManifestEntry: [
    { name: "streamId", type: "bytes32" },
    { name: "sequence", type: "uint64" },
    { name: "size", type: "uint32" },
    { name: "durationMs", type: "uint32" },
    { name: "hash", type: "bytes32" },
  ],
} as const;

/**
 * The origin's signed description of one LL-HLS partial segment (`<sequence>.<part>.ts`, RFC
 * 8216bis EXT-X-PART), signed as soon as the part exists so relays and players verify every
 * part before use. Off-chain only: slashing evidence stays the whole segment's ManifestEntry,
 * whose hash covers the concatenation of the segment's parts.
 */
export const partEntryTypes = {
  PartEntry: [
    { name: "streamId", type: "bytes32" },
    { name: "sequence", type: "uint64" },
    { name: "part", type: "uint32" },
    { name: "size", type: "uint32" },
    { name: "durationMs", type: "uint32" },
    { name: "independent", type: "bool" },
    { name: "hash", type: "bytes32" },
  ],
} as const;

/** A relay's signed statement of the bytes it served for one segment (its operator key). */
export const deliveryStatementTypes = {
  DeliveryStatement: [
    { name: "streamId", type: "bytes32" },
    { name: "sequence", type: "uint64" },
    { name: "hash", type: "bytes32" },
  ],
} as const;

/**
 * A relay key's consent to act for one operator wallet (hot key signs, cold wallet submits
 * `RelayStaking.authorizeRelayKey`), so nobody can claim a key that is not theirs.
 */
export const relayKeyAuthorizationTypes = {
  RelayKeyAuthorization: [
    { name: "operator", type: "address" },
    { name: "relayKey", type: "address" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/**
 * A stream owner's request to the coordinator to create a stream: the owner's wallet signs
 * it, so nobody can create a stream in another's name. The stream id is
 * `streamIdOf(owner, salt)` (stream-id.ts), the id `RelayStaking.registerStream` derives.
 */
export const createStreamTypes = {
  CreateStream: [
    { name: "owner", type: "address" },
    { name: "salt", type: "bytes32" },
    { name: "originAddress", type: "address" },
    { name: "name", type: "string" },
    { name: "maxBitrate", type: "uint64" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/** A pool owner's consent that `poolId` pays for the relays of `streamId`. */
export const linkPoolTypes = {
  LinkPool: [
    { name: "streamId", type: "bytes32" },
    { name: "poolId", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/**
 * A pool owner's cap on how many viewer sessions the pool pays per epoch (0 = no cap), for
 * the coordinator (off-chain). `nonce` must exceed the last one the coordinator accepted for
 * the pool, so an older signed cap cannot be replayed over a newer one.
 */
export const setViewerCapTypes = {
  SetViewerCap: [
    { name: "poolId", type: "uint256" },
    { name: "maxViewers", type: "uint32" },
    { name: "nonce", type: "uint64" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

export interface Attestation {
  poolId: bigint;
  account: Address;
  cumulativeBytes: bigint;
  cumulativeAmount: bigint;
}

export interface ManifestEntry {
  streamId: `0x${string}`;
  sequence: bigint;
  size: number;
  durationMs: number;
  /** SHA-256 of the segment bytes. */
  hash: `0x${string}`;
}

export interface PartEntry {
  streamId: `0x${string}`;
  sequence: bigint;
  /** Index of the part within its segment, from 0. */
  part: number;
  size: number;
  durationMs: number;
  /** The part starts with a keyframe (EXT-X-PART INDEPENDENT=YES). */
  independent: boolean;
  /** SHA-256 of the part bytes. */
  hash: `0x${string}`;
}

export interface DeliveryStatement {
  streamId: `0x${string}`;
  sequence: bigint;
  hash: `0x${string}`;
}

export function rewardPoolsDomain(chainId: number, verifyingContract: Address): TypedDataDomain {
  return { ...REWARD_POOLS_DOMAIN, chainId, verifyingContract };
}

export function coordinatorDomain(chainId: number): TypedDataDomain {
  return { ...COORDINATOR_DOMAIN, chainId };
}

export function relayStakingDomain(chainId: number, verifyingContract: Address): TypedDataDomain {
  return { ...RELAY_STAKING_DOMAIN, chainId, verifyingContract };
}
