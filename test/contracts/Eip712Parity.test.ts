/**
 * The contracts and the TypeScript side agree on the EIP-712 encodings of the Attestation
 * (RewardPools) and the RelayKeyAuthorization (RelayStaking): signatures made by viem and by
 * ethers from the protocol package's types verify on-chain, and the contracts' typehashes,
 * domain separators and digests equal viem's.
 */
import {
  attestationTypes,
  relayKeyAuthorizationTypes,
  relayStakingDomain,
  rewardPoolsDomain,
} from "@streamrp2p/protocol";
import type { Attestation } from "@streamrp2p/protocol";
import { expect } from "chai";
import { Signature, Wallet, id } from "ethers";
import { network } from "hardhat";
import type { RelayStaking, RewardPools, TestToken } from "../../types/ethers-contracts/index.ts";
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
      .withArgs(1, relay.address, 1_000n);
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
      .withArgs(1, relay.address, 2_000n);
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

const RELAY_KEY = id("parity relay key") as `0x${string}`;

async function stakingDeployed() {
  const [admin, operator] = await ethers.getSigners();
  const token = await ethers.deployContract("TestToken", ["Test USD", "TUSD", 6]);
  const staking = (await ethers.deployContract("RelayStaking", [
    await token.getAddress(),
    admin!.address,
    admin!.address,
    {
      minStake: 1n,
      unbondingPeriod: 1,
      slashDelay: 1,
      slashBps: 1,
      reporterShareBps: 0,
      challengeWindow: 1,
    },
  ])) as unknown as RelayStaking;
  const { chainId } = await ethers.provider.getNetwork();
  const domain = relayStakingDomain(Number(chainId), (await staking.getAddress()) as `0x${string}`);
  const relayKey = privateKeyToAccount(RELAY_KEY);
  const message = {
    operator: operator!.address as `0x${string}`,
    relayKey: relayKey.address,
    deadline: 2n ** 40n,
  };
  return { staking, domain, relayKey, operator: operator!, message };
}

describe("EIP-712 parity (RelayStaking RelayKeyAuthorization <-> protocol)", function () {
  it("test_relayKeyAuthorizationTypehash_equalsViemEncodedType", async function () {
    const { staking } = await networkHelpers.loadFixture(stakingDeployed);
    const fields = relayKeyAuthorizationTypes.RelayKeyAuthorization.map(
      (f) => `${f.type} ${f.name}`,
    ).join(",");
    expect(await staking.RELAY_KEY_AUTHORIZATION_TYPEHASH()).to.equal(
      keccak256(toHex(`RelayKeyAuthorization(${fields})`)),
    );
  });

  it("test_relayKeyAuthorizationDigest_equalsViemHashTypedData", async function () {
    const { staking, domain, message } = await networkHelpers.loadFixture(stakingDeployed);
    const viemDigest = hashTypedData({
      domain,
      types: relayKeyAuthorizationTypes,
      primaryType: "RelayKeyAuthorization",
      message,
    });
    expect(
      await staking.relayKeyAuthorizationDigest(
        message.operator,
        message.relayKey,
        message.deadline,
      ),
    ).to.equal(viemDigest);
  });

  it("test_authorizeRelayKey_viemSignature_verifies", async function () {
    const { staking, domain, relayKey, operator, message } =
      await networkHelpers.loadFixture(stakingDeployed);
    const signature = await relayKey.signTypedData({
      domain,
      types: relayKeyAuthorizationTypes,
      primaryType: "RelayKeyAuthorization",
      message,
    });
    await expect(
      staking.connect(operator).authorizeRelayKey(relayKey.address, message.deadline, signature),
    )
      .to.emit(staking, "RelayKeyAuthorized")
      .withArgs(operator.address, relayKey.address);
  });

  it("test_authorizeRelayKey_ethersSignature_verifies", async function () {
    const { staking, domain, relayKey, operator, message } =
      await networkHelpers.loadFixture(stakingDeployed);
    const signature = await new Wallet(RELAY_KEY).signTypedData(
      domain,
      {
        RelayKeyAuthorization: relayKeyAuthorizationTypes.RelayKeyAuthorization.map((f) => ({
          ...f,
        })),
      },
      message,
    );
    await expect(
      staking.connect(operator).authorizeRelayKey(relayKey.address, message.deadline, signature),
    ).to.emit(staking, "RelayKeyAuthorized");
    expect(await staking.operatorOf(relayKey.address)).to.equal(operator.address);
  });
});
