/**
 * Shared set-up for the RewardPools tests: attestor keys, compact attestation signatures and a
 * deployment fixture. Not a test file: mocha loads it and finds no tests.
 */
import { attestationTypes, rewardPoolsDomain } from "@streamrp2p/protocol";
import { Signature, Wallet, concat, id } from "ethers";
import type { TypedDataDomain, TypedDataField } from "ethers";
import type { network } from "hardhat";
import type { RewardPools, TestToken } from "../../../types/ethers-contracts/index.ts";

type Connection = Awaited<ReturnType<typeof network.connect>>;
export type Ethers = Connection["ethers"];

export const GB = 10n ** 9n;
export const DAY = 86_400;
export const ROTATION_DELAY = 2 * DAY;
export const NOTICE = 7 * DAY;
/** The hub's minimum notice period: longer than an epoch plus a claim window. */
export const MIN_NOTICE = 3_600;
/** 1 token (6 decimals) per GB, ceiling 2 tokens per GB. */
export const RATE = 1_000_000n;
export const MAX_RATE = 2_000_000n;

/** The protocol package's Attestation type, as the mutable shape ethers' signer expects. */
export const ATTESTATION_TYPES: Record<string, TypedDataField[]> = {
  Attestation: attestationTypes.Attestation.map((field) => ({ ...field })),
};

export interface AttestationValue {
  poolId: bigint;
  account: string;
  cumulativeBytes: bigint;
  cumulativeAmount: bigint;
}

const byAddress = (a: { address: string }, b: { address: string }) =>
  BigInt(a.address) < BigInt(b.address) ? -1 : BigInt(a.address) > BigInt(b.address) ? 1 : 0;

/** `count` deterministic attestor wallets, ascending by address (the order the contract wants). */
export function attestorWallets(count: number, label = "attestor"): Wallet[] {
  return Array.from({ length: count }, (_, i) => new Wallet(id(`${label} ${i}`))).sort(byAddress);
}

/** The contract's EIP-712 domain, from the protocol package. */
export async function domainOf(ethers: Ethers, contract: { getAddress(): Promise<string> }) {
  const { chainId } = await ethers.provider.getNetwork();
  return rewardPoolsDomain(
    Number(chainId),
    (await contract.getAddress()) as `0x${string}`,
  ) as TypedDataDomain;
}

/** One signature per signer, EIP-2098 compact (64 bytes), concatenated ascending by signer. */
export async function signAttestation(
  signers: Wallet[],
  domain: TypedDataDomain,
  attestation: AttestationValue,
): Promise<string> {
  const sorted = [...signers].sort(byAddress);
  const signatures = await Promise.all(
    sorted.map((signer) => signer.signTypedData(domain, ATTESTATION_TYPES, attestation)),
  );
  return concat(signatures.map((s) => Signature.from(s).compactSerialized));
}

/**
 * `compact` with `s` set just above half the curve order: the contract must refuse it before
 * recovery (valid high-s twins of real signatures almost never fit the 255 bits of `vs`).
 */
export function withHighS(compact: string): string {
  const halfOrder = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
  return compact.slice(0, 66) + (halfOrder + 1n).toString(16).padStart(64, "0");
}

/** Deploys RewardPools with `attestors` (threshold `threshold`) and a 6-decimal TestToken. */
export async function deployRewardPools(ethers: Ethers, attestors: Wallet[], threshold: number) {
  const [admin, guardian, streamer, relay, other] = await ethers.getSigners();
  if (!admin || !guardian || !streamer || !relay || !other) throw new Error("needs 5 signers");
  const pools = (await ethers.deployContract("RewardPools", [
    admin.address,
    guardian.address,
    attestors.map((a) => a.address),
    threshold,
    ROTATION_DELAY,
    MIN_NOTICE,
  ])) as unknown as RewardPools;
  const token = (await ethers.deployContract("TestToken", [
    "Test USD",
    "TUSD",
    6,
  ])) as unknown as TestToken;
  const domain = await domainOf(ethers, pools);
  return { pools, token, domain, admin, guardian, streamer, relay, other };
}
