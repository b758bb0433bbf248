/**
 * What the protocol, client and node tests share: the local chain's RelayStaking domain, an
 * origin's and another party's key (Hardhat's well-known development keys, never used outside
 * local runs), entries signed as an origin signs them, and the options every test node starts
 * with.
 */
import { privateKeyToAccount, type LocalAccount } from "viem/accounts";
import type {
  LivePart,
  LiveSegment,
  SignedManifestEntry,
  SignedPartEntry,
} from "@streamrp2p/protocol/api";
import {
  manifestEntryTypes,
  partEntryTypes,
  relayStakingDomain,
} from "@streamrp2p/protocol/eip712";
import { segmentHash } from "@streamrp2p/protocol/segment-hash";
import { toManifestEntry, toPartEntry } from "@streamrp2p/protocol/viewer/manifest-entry";

export const TEST_CHAIN_ID = 31337;
/** RelayStaking's address on a fresh local chain (the deployer's first contract). */
export const TEST_STAKING_ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
export const TEST_DOMAIN = relayStakingDomain(TEST_CHAIN_ID, TEST_STAKING_ADDRESS);
/** The origin's key (Hardhat's account 1). */
export const TEST_ORIGIN_KEY =
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as const;
/** Another key (Hardhat's account 2): a relay's, or one that is not the origin's. */
export const TEST_OTHER_KEY =
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a" as const;
export const testOrigin = privateKeyToAccount(TEST_ORIGIN_KEY);
export const testOther = privateKeyToAccount(TEST_OTHER_KEY);

/** The fields of a part entry that its bytes do not give. */
export type PartFields = Omit<SignedPartEntry, "size" | "hash" | "signature">;
/** The fields of a segment's manifest entry that its bytes do not give. */
export type SegmentFields = Omit<SignedManifestEntry, "size" | "hash" | "signature">;

/** The part entry of `bytes` (their size and SHA-256), signed by `signer` on TEST_DOMAIN. */
export async function signPart(
  signer: LocalAccount,
  { streamId, sequence, part, durationMs, independent }: PartFields,
  bytes: Uint8Array,
): Promise<SignedPartEntry> {
  const entry = {
    streamId,
    sequence,
    part,
    size: bytes.length,
    durationMs,
    independent,
    hash: await segmentHash(bytes),
  };
  const signature = await signer.signTypedData({
    domain: TEST_DOMAIN,
    types: partEntryTypes,
    primaryType: "PartEntry",
    message: toPartEntry({ ...entry, signature: "0x" }),
  });
  return { ...entry, signature };
}

/** The manifest entry of a segment of `bytes`, signed by `signer` on TEST_DOMAIN. */
export async function signSegment(
  signer: LocalAccount,
  { streamId, sequence, durationMs }: SegmentFields,
  bytes: Uint8Array,
): Promise<SignedManifestEntry> {
  const entry = {
    streamId,
    sequence,
    size: bytes.length,
    durationMs,
    hash: await segmentHash(bytes),
  };
  const signature = await signer.signTypedData({
    domain: TEST_DOMAIN,
    types: manifestEntryTypes,
    primaryType: "ManifestEntry",
    message: toManifestEntry({ ...entry, signature: "0x" }),
  });
  return { ...entry, signature };
}

/**
 * An LL-HLS stream as `signer` publishes it from 2026-01-01: segments of `parts` parts of
 * `partMs` each, part `p` of segment `s` of `partBytes(s, p)`, a segment of its parts in order.
 */
export function signedStream(options: {
  signer: LocalAccount;
  streamId: `0x${string}`;
  parts: number;
  partMs: number;
  partBytes: (sequence: number, part: number) => Buffer;
}) {
  const { signer, streamId, parts, partMs, partBytes } = options;
  const t0 = Date.UTC(2026, 0, 1);
  const segmentMs = parts * partMs;
  const segmentBytes = (sequence: number) =>
    Buffer.concat(Array.from({ length: parts }, (_, p) => partBytes(sequence, p)));
  return {
    segmentBytes,
    async part(sequence: number, part: number): Promise<LivePart> {
      const fields = { streamId, sequence, part, durationMs: partMs, independent: part === 0 };
      return {
        entry: await signPart(signer, fields, partBytes(sequence, part)),
        startedAt: t0 + sequence * segmentMs + part * partMs,
      };
    },
    async segment(sequence: number): Promise<LiveSegment> {
      const fields = { streamId, sequence, durationMs: segmentMs };
      return {
        entry: await signSegment(signer, fields, segmentBytes(sequence)),
        startedAt: t0 + sequence * segmentMs,
        discontinuity: false,
      };
    },
  };
}

/** The options every test node (origin or relay) shares: the local chain, loopback, any port. */
export function testNodeOptions(coordinatorUrl: string) {
  return {
    coordinatorUrl,
    chainId: TEST_CHAIN_ID,
    stakingAddress: TEST_STAKING_ADDRESS,
    host: "127.0.0.1",
    httpPort: 0,
    statusIntervalMs: 0,
  };
}
