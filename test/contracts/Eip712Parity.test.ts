/**
 * The contract and the TypeScript side agree on the Attestation EIP-712 encoding: signatures
 * made by viem and by ethers from the protocol package's types verify on-chain, and the
 * contract's typehash, domain separator and digest equal viem's.
 */
import { attestationTypes, rewardPoolsDomain } from "@streamrp2p/protocol";
import type { Attestation } from "@streamrp2p/protocol";
import { expect } from "chai";
import { Signature, Wallet, id } from "ethers";
import { network } from "hardhat";
import type { RewardPools, TestToken } from "../../types/ethers-contracts/index.ts";
import {
  domainSeparator,
  hashTypedData,
  keccak256,
  parseSignature,
  serializeCompactSignature,
  signatureToCompactSignature,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ATTESTATION_TYPES } from "./helpers/rewardPools.ts";

const { ethers, networkHelpers } = await network.create();

const ATTESTOR_KEY = id("parity attestor") as `0x${string}`;

async function deployed() {
  const [admin, streamer, relay] = await ethers.getSigners();
  const attestor = privateKeyToAccount(ATTESTOR_KEY);
  const pools = (await ethers.deployContract("RewardPools", [
    admin!.address,
    admin!.address,
    [attestor.address],
    1,
    0,
    60,
  ])) as unknown as RewardPools;
  const token = (await ethers.deployContract("TestToken", [
    "Test USD",
    "TUSD",
    6,
  ])) as unknown as TestToken;
  await token.mint(streamer!.address, 10n ** 12n);
  await token.connect(streamer!).approve(await pools.getAddress(), 10n ** 12n);
  await pools.connect(streamer!).createPool(await token.getAddress(), 1n, 10n ** 9n, 0, 60);
  await pools.connect(streamer!).fund(1, 10n ** 12n);
  const { chainId } = await ethers.provider.getNetwork();
  const domain = rewardPoolsDomain(Number(chainId), (await pools.getAddress()) as `0x${string}`);
  return { pools, attestor, domain, relay: relay! };
}

function attestation(account: string, amount: bigint): Attestation {
  return {
    poolId: 1n,
    account: account as `0x${string}`,
    cumulativeBytes: 10n ** 12n,
    cumulativeAmount: amount,
  };
}

describe("EIP-712 parity (RewardPools <-> protocol)", function () {
  it("test_typehash_equalsViemEncodedType", async function () {
    const { pools } = await networkHelpers.loadFixture(deployed);
    const fields = attestationTypes.Attestation.map((f) => `${f.type} ${f.name}`).join(",");
    expect(await pools.ATTESTATION_TYPEHASH()).to.equal(keccak256(toHex(`Attestation(${fields})`)));
  });

  it("test_domainSeparator_equalsViemDomainSeparator", async function () {
    const { pools, domain } = await networkHelpers.loadFixture(deployed);
    const viemHash = domainSeparator({ domain });
    expect(await pools.DOMAIN_SEPARATOR()).to.equal(viemHash);
  });

  it("test_attestationDigest_equalsViemHashTypedData", async function () {
    const { pools, domain, relay } = await networkHelpers.loadFixture(deployed);
    const message = attestation(relay.address, 123_456n);
    const viemDigest = hashTypedData({
      domain,
      types: attestationTypes,
      primaryType: "Attestation",
      message,
    });
    expect(await pools.attestationDigest(message)).to.equal(viemDigest);
  });

  it("test_claim_viemSignature_verifies", async function () {
    const { pools, attestor, domain, relay } = await networkHelpers.loadFixture(deployed);
    const message = attestation(relay.address, 1_000n);
    const signature = await attestor.signTypedData({
      domain,
      types: attestationTypes,
      primaryType: "Attestation",
      message,
    });
    const compact = serializeCompactSignature(
      signatureToCompactSignature(parseSignature(signature)),
    );
    await expect(pools.claim(message, compact))
      .to.emit(pools, "Claimed")
      .withArgs(1, relay.address, message.cumulativeBytes, 1_000n, 1_000n);
  });

  it("test_claim_ethersSignature_verifies", async function () {
    const { pools, domain, relay } = await networkHelpers.loadFixture(deployed);
    const message = attestation(relay.address, 2_000n);
    const signature = await new Wallet(ATTESTOR_KEY).signTypedData(
      domain,
      ATTESTATION_TYPES,
      message,
    );
    await expect(pools.claim(message, Signature.from(signature).compactSerialized))
      .to.emit(pools, "Claimed")
      .withArgs(1, relay.address, message.cumulativeBytes, 2_000n, 2_000n);
  });

  it("test_viemAndEthersSignatures_areIdentical", async function () {
    const { attestor, domain, relay } = await networkHelpers.loadFixture(deployed);
    const message = attestation(relay.address, 3_000n);
    const viemSignature = await attestor.signTypedData({
      domain,
      types: attestationTypes,
      primaryType: "Attestation",
      message,
    });
    const ethersSignature = await new Wallet(ATTESTOR_KEY).signTypedData(
      domain,
      ATTESTATION_TYPES,
      message,
    );
    expect(viemSignature).to.equal(ethersSignature);
  });
});
