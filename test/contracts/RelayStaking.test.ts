import { expect } from "chai";
import { network } from "hardhat";
import {
  concat,
  domainSeparator,
  hashStruct,
  hashTypedData,
  keccak256,
  toHex,
  type Hex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import {
  deliveryStatementTypes,
  manifestEntryTypes,
  relayStakingDomain,
  streamIdOf,
  type DeliveryStatement,
  type ManifestEntry,
} from "@streamrp2p/protocol";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { Signer, TypedDataField } from "ethers";

import type {
  ReentrantToken,
  RelayStaking,
  TestToken,
} from "../../types/ethers-contracts/index.ts";
const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;

const UNIT = 10n ** 6n;
const MIN_STAKE = 100n * UNIT;
const DAY = 24 * 60 * 60;
const PARAMS = {
  minStake: MIN_STAKE,
  unbondingPeriod: 7 * DAY,
  slashDelay: 2 * DAY,
  slashBps: 1_000,
  reporterShareBps: 5_000,
};
const MAX_UINT128 = (1n << 128n) - 1n;
const STREAM = keccak256(toHex("stream-1"));
const OTHER_STREAM = keccak256(toHex("stream-2"));
const GOOD_HASH = keccak256(toHex("segment bytes"));
const BAD_HASH = keccak256(toHex("tampered bytes"));

type Domain = ReturnType<typeof relayStakingDomain>;

/** The protocol's viem types as ethers wants them (mutable arrays). */
const ethersManifestTypes: Record<string, TypedDataField[]> = {
  ManifestEntry: [...manifestEntryTypes.ManifestEntry],
};
const ethersStatementTypes: Record<string, TypedDataField[]> = {
  DeliveryStatement: [...deliveryStatementTypes.DeliveryStatement],
};

function typeString(name: string, fields: readonly { name: string; type: string }[]): string {
  return `${name}(${fields.map((f) => `${f.type} ${f.name}`).join(",")})`;
}

function entry(sequence: bigint, hash: Hex = GOOD_HASH, streamId: Hex = STREAM): ManifestEntry {
  return { streamId, sequence, size: 1_234_567, durationMs: 2_000, hash };
}

function statement(
  sequence: bigint,
  hash: Hex = BAD_HASH,
  streamId: Hex = STREAM,
): DeliveryStatement {
  return { streamId, sequence, hash };
}

function signEntryViem(
  account: PrivateKeyAccount,
  domain: Domain,
  message: ManifestEntry,
): Promise<Hex> {
  return account.signTypedData({
    domain,
    types: manifestEntryTypes,
    primaryType: "ManifestEntry",
    message,
  });
}

function signStatementViem(
  account: PrivateKeyAccount,
  domain: Domain,
  message: DeliveryStatement,
): Promise<Hex> {
  return account.signTypedData({
    domain,
    types: deliveryStatementTypes,
    primaryType: "DeliveryStatement",
    message,
  });
}

function signEntryEthers(signer: Signer, domain: Domain, message: ManifestEntry): Promise<string> {
  return signer.signTypedData(domain, ethersManifestTypes, message);
}

function signStatementEthers(
  signer: Signer,
  domain: Domain,
  message: DeliveryStatement,
): Promise<string> {
  return signer.signTypedData(domain, ethersStatementTypes, message);
}

async function deployFixture() {
  const signers = await ethers.getSigners();
  const signer = (i: number) => {
    const s = signers[i];
    if (s === undefined) throw new Error(`Hardhat account ${i} is missing`);
    return s;
  };
  const [
    deployer,
    admin,
    treasury,
    slasher,
    guardian,
    alice,
    bob,
    reporter,
    streamOwner,
    relay,
    stranger,
  ] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(signer) as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const token = (await ethers.deployContract("TestToken", [
    "Test USD",
    "tUSD",
    6,
  ])) as unknown as TestToken;
  const staking = (await ethers.deployContract("RelayStaking", [
    await token.getAddress(),
    admin.address,
    treasury.address,
    PARAMS,
  ])) as unknown as RelayStaking;
  const stakingAddress = await staking.getAddress();
  await staking.connect(admin).grantRole(await staking.SLASHER_ROLE(), slasher.address);
  await staking.connect(admin).grantRole(await staking.GUARDIAN_ROLE(), guardian.address);

  for (const s of [alice, bob, relay]) {
    await token.mint(s.address, 10_000n * UNIT);
    await token.connect(s).approve(stakingAddress, ethers.MaxUint256);
  }

  const origin = privateKeyToAccount(generatePrivateKey());
  await staking.connect(streamOwner).registerStream(STREAM, origin.address);

  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  const domain = relayStakingDomain(chainId, stakingAddress as Hex);
  return {
    deployer,
    admin,
    treasury,
    slasher,
    guardian,
    alice,
    bob,
    reporter,
    streamOwner,
    relay,
    stranger,
    token,
    staking,
    stakingAddress,
    origin,
    domain,
  };
}

type Fixture = Awaited<ReturnType<typeof deployFixture>>;

/** The relay stakes `amount` and a reporter holds a signed tampering proof for `sequence`. */
async function proofFor(f: Fixture, sequence: bigint, relay: Signer = f.relay) {
  const e = entry(sequence);
  const s = statement(sequence);
  return {
    entry: e,
    statement: s,
    originSignature: await signEntryViem(f.origin, f.domain, e),
    relaySignature: await signStatementEthers(relay, f.domain, s),
  };
}

describe("RelayStaking", function () {
  describe("deployment", function () {
    it("test_constructor_setsTokenTreasuryParametersAndAdmin", async function () {
      const { staking, token, admin, treasury } = await loadFixture(deployFixture);
      expect(await staking.stakeToken()).to.equal(await token.getAddress());
      expect(await staking.treasury()).to.equal(treasury.address);
      const p = await staking.parameters();
      expect([
        p.minStake,
        p.unbondingPeriod,
        p.slashDelay,
        p.slashBps,
        p.reporterShareBps,
      ]).to.deep.equal([
        PARAMS.minStake,
        BigInt(PARAMS.unbondingPeriod),
        BigInt(PARAMS.slashDelay),
        BigInt(PARAMS.slashBps),
        BigInt(PARAMS.reporterShareBps),
      ]);
      expect(await staking.hasRole(await staking.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(
        true,
      );
      expect(await staking.nextSlashProposalId()).to.equal(1n);
    });

    it("test_constructor_emitsParametersAndTreasuryEvents", async function () {
      const { token, admin, treasury } = await loadFixture(deployFixture);
      const staking = await ethers.deployContract("RelayStaking", [
        await token.getAddress(),
        admin.address,
        treasury.address,
        PARAMS,
      ]);
      const tx = staking.deploymentTransaction();
      await expect(tx).to.emit(staking, "TreasuryUpdated").withArgs(treasury.address);
      await expect(tx).to.emit(staking, "ParametersUpdated");
    });

    const invalid: [string, Partial<typeof PARAMS>, string, bigint][] = [
      ["zeroMinStake", { minStake: 0n }, "InvalidMinStake", 0n],
      ["zeroUnbondingPeriod", { unbondingPeriod: 0 }, "InvalidDuration", 0n],
      ["zeroSlashDelay", { slashDelay: 0 }, "InvalidDuration", 0n],
      ["zeroSlashBps", { slashBps: 0 }, "InvalidBasisPoints", 0n],
      ["slashBpsAbove10000", { slashBps: 10_001 }, "InvalidBasisPoints", 10_001n],
      ["reporterShareAbove10000", { reporterShareBps: 10_001 }, "InvalidBasisPoints", 10_001n],
    ];
    for (const [name, override, error, value] of invalid) {
      it(`test_constructor_${name}_reverts`, async function () {
        const { token, admin, treasury } = await loadFixture(deployFixture);
        const factory = await ethers.getContractFactory("RelayStaking");
        await expect(
          factory.deploy(await token.getAddress(), admin.address, treasury.address, {
            ...PARAMS,
            ...override,
          }),
        )
          .to.be.revertedWithCustomError(factory, error)
          .withArgs(value);
      });
    }

    it("test_constructor_zeroAdmin_reverts", async function () {
      const { token, treasury } = await loadFixture(deployFixture);
      const factory = await ethers.getContractFactory("RelayStaking");
      await expect(
        factory.deploy(await token.getAddress(), ethers.ZeroAddress, treasury.address, PARAMS),
      )
        .to.be.revertedWithCustomError(factory, "InvalidAccount")
        .withArgs(ethers.ZeroAddress);
    });

    it("test_constructor_zeroTreasury_reverts", async function () {
      const { token, admin } = await loadFixture(deployFixture);
      const factory = await ethers.getContractFactory("RelayStaking");
      await expect(
        factory.deploy(await token.getAddress(), admin.address, ethers.ZeroAddress, PARAMS),
      )
        .to.be.revertedWithCustomError(factory, "InvalidAccount")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("EIP-712", function () {
    it("test_typehashes_equalProtocolTypeStrings", async function () {
      const { staking } = await loadFixture(deployFixture);
      expect(await staking.MANIFEST_ENTRY_TYPEHASH()).to.equal(
        keccak256(toHex(typeString("ManifestEntry", manifestEntryTypes.ManifestEntry))),
      );
      expect(await staking.DELIVERY_STATEMENT_TYPEHASH()).to.equal(
        keccak256(toHex(typeString("DeliveryStatement", deliveryStatementTypes.DeliveryStatement))),
      );
    });

    it("test_eip712Domain_equalsProtocolDomain", async function () {
      const { staking, domain } = await loadFixture(deployFixture);
      const d = await staking.eip712Domain();
      expect([d.name, d.version, d.chainId, d.verifyingContract]).to.deep.equal([
        domain.name,
        domain.version,
        BigInt(domain.chainId as number),
        domain.verifyingContract,
      ]);
    });

    it("test_manifestEntryDigest_equalsViemHashTypedData", async function () {
      const { staking, domain } = await loadFixture(deployFixture);
      const e = entry(42n);
      const expected = hashTypedData({
        domain,
        types: manifestEntryTypes,
        primaryType: "ManifestEntry",
        message: e,
      });
      expect(await staking.manifestEntryDigest(e)).to.equal(expected);
    });

    it("test_deliveryStatementDigest_equalsViemHashTypedData", async function () {
      const { staking, domain } = await loadFixture(deployFixture);
      const s = statement(42n);
      const expected = hashTypedData({
        domain,
        types: deliveryStatementTypes,
        primaryType: "DeliveryStatement",
        message: s,
      });
      expect(await staking.deliveryStatementDigest(s)).to.equal(expected);
    });

    it("test_digests_equal1901DomainSeparatorAndViemHashStruct", async function () {
      const { staking, domain } = await loadFixture(deployFixture);
      const separator = domainSeparator({ domain });
      const e = entry(5n);
      const s = statement(5n);
      const entryStruct = hashStruct({
        data: e,
        primaryType: "ManifestEntry",
        types: manifestEntryTypes,
      });
      const statementStruct = hashStruct({
        data: s,
        primaryType: "DeliveryStatement",
        types: deliveryStatementTypes,
      });
      expect(await staking.manifestEntryDigest(e)).to.equal(
        keccak256(concat(["0x1901", separator, entryStruct])),
      );
      expect(await staking.deliveryStatementDigest(s)).to.equal(
        keccak256(concat(["0x1901", separator, statementStruct])),
      );
    });

    it("test_slashForTampering_viemSignedProof_verifies", async function () {
      const f = await loadFixture(deployFixture);
      const relayKey = generatePrivateKey();
      const viemRelay = privateKeyToAccount(relayKey);
      const wallet = new ethers.Wallet(relayKey, ethers.provider);
      await networkHelpers.setBalance(wallet.address, 10n ** 18n);
      await f.token.mint(wallet.address, 1_000n * UNIT);
      await f.token.connect(wallet).approve(f.stakingAddress, 1_000n * UNIT);
      await f.staking.connect(wallet).stake(1_000n * UNIT);

      const e = entry(7n);
      const s = statement(7n);
      const originSignature = await signEntryViem(f.origin, f.domain, e);
      const relaySignature = await signStatementViem(viemRelay, f.domain, s);
      await expect(
        f.staking.connect(f.reporter).slashForTampering(e, originSignature, s, relaySignature),
      )
        .to.emit(f.staking, "TamperingProven")
        .withArgs(STREAM, 7n, viemRelay.address, f.reporter.address, 50n * UNIT, 50n * UNIT);
    });

    it("test_slashForTampering_ethersSignedProof_verifies", async function () {
      const f = await loadFixture(deployFixture);
      const originWallet = ethers.Wallet.createRandom();
      await f.staking.connect(f.streamOwner).registerStream(OTHER_STREAM, originWallet.address);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);

      const e = entry(9n, GOOD_HASH, OTHER_STREAM);
      const s = statement(9n, BAD_HASH, OTHER_STREAM);
      const originSignature = await signEntryEthers(originWallet, f.domain, e);
      const relaySignature = await signStatementEthers(f.relay, f.domain, s);
      await expect(
        f.staking.connect(f.reporter).slashForTampering(e, originSignature, s, relaySignature),
      )
        .to.emit(f.staking, "TamperingProven")
        .withArgs(OTHER_STREAM, 9n, f.relay.address, f.reporter.address, 50n * UNIT, 50n * UNIT);
    });
  });

  describe("stake", function () {
    it("test_stake_firstStake_bondsTransfersAndEmits", async function () {
      const { staking, token, alice, stakingAddress } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).stake(150n * UNIT))
        .to.emit(staking, "Staked")
        .withArgs(alice.address, 150n * UNIT, 150n * UNIT);
      expect(await token.balanceOf(stakingAddress)).to.equal(150n * UNIT);
      expect(await staking.stakeOf(alice.address)).to.deep.equal([150n * UNIT, 0n, 0n, false]);
      expect(await staking.isActive(alice.address)).to.equal(true);
    });

    it("test_stake_topUp_addsToBonded", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(50n * UNIT);
      expect(await staking.isActive(alice.address)).to.equal(false);
      await expect(staking.connect(alice).stake(50n * UNIT))
        .to.emit(staking, "Staked")
        .withArgs(alice.address, 50n * UNIT, 100n * UNIT);
      expect(await staking.isActive(alice.address)).to.equal(true);
    });

    it("test_stake_whileUnbonding_addsToBondedAndKeepsEntry", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(200n * UNIT);
      await staking.connect(alice).requestUnstake(50n * UNIT);
      const [, , releaseTime] = await staking.stakeOf(alice.address);
      await staking.connect(alice).stake(10n * UNIT);
      expect(await staking.stakeOf(alice.address)).to.deep.equal([
        160n * UNIT,
        50n * UNIT,
        releaseTime,
        false,
      ]);
    });

    it("test_stake_zeroAmount_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).stake(0)).to.be.revertedWithCustomError(
        staking,
        "ZeroAmount",
      );
    });

    it("test_stake_withoutAllowance_reverts", async function () {
      const { staking, token, stranger, stakingAddress } = await loadFixture(deployFixture);
      await token.mint(stranger.address, 100n * UNIT);
      await expect(staking.connect(stranger).stake(100n * UNIT))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(stakingAddress, 0n, 100n * UNIT);
    });

    it("test_stake_beyondUint128_reverts", async function () {
      const { staking, token, stranger, stakingAddress } = await loadFixture(deployFixture);
      await token.mint(stranger.address, MAX_UINT128 + 1n);
      await token.connect(stranger).approve(stakingAddress, ethers.MaxUint256);
      await staking.connect(stranger).stake(MAX_UINT128 - 5n);
      await staking.connect(stranger).requestUnstake(MAX_UINT128 - 10n);
      await expect(staking.connect(stranger).stake(6n))
        .to.be.revertedWithCustomError(staking, "StakeOverflow")
        .withArgs(stranger.address, 5n, 6n);
      await staking.connect(stranger).stake(5n);
      expect(await staking.stakeOf(stranger.address)).to.deep.include.members([
        10n,
        MAX_UINT128 - 10n,
      ]);
      await expect(staking.connect(stranger).stake(ethers.MaxUint256))
        .to.be.revertedWithCustomError(staking, "StakeOverflow")
        .withArgs(stranger.address, 10n, ethers.MaxUint256);
    });

    async function permit(
      token: TestToken,
      owner: Signer,
      spender: string,
      value: bigint,
      deadline: bigint,
    ) {
      const ownerAddress = await owner.getAddress();
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const signature = await owner.signTypedData(
        {
          name: await token.name(),
          version: "1",
          chainId,
          verifyingContract: await token.getAddress(),
        },
        {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        { owner: ownerAddress, spender, value, nonce: await token.nonces(ownerAddress), deadline },
      );
      return ethers.Signature.from(signature);
    }

    it("test_stakeWithPermit_validPermit_stakes", async function () {
      const { staking, token, stranger, stakingAddress } = await loadFixture(deployFixture);
      await token.mint(stranger.address, 100n * UNIT);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await permit(token, stranger, stakingAddress, 100n * UNIT, deadline);
      await expect(
        staking.connect(stranger).stakeWithPermit(100n * UNIT, deadline, sig.v, sig.r, sig.s),
      )
        .to.emit(staking, "Staked")
        .withArgs(stranger.address, 100n * UNIT, 100n * UNIT);
      expect(await token.allowance(stranger.address, stakingAddress)).to.equal(0n);
    });

    it("test_stakeWithPermit_frontRunPermit_stillStakes", async function () {
      const { staking, token, stranger, reporter, stakingAddress } =
        await loadFixture(deployFixture);
      await token.mint(stranger.address, 100n * UNIT);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await permit(token, stranger, stakingAddress, 100n * UNIT, deadline);
      await token
        .connect(reporter)
        .permit(stranger.address, stakingAddress, 100n * UNIT, deadline, sig.v, sig.r, sig.s);
      await expect(
        staking.connect(stranger).stakeWithPermit(100n * UNIT, deadline, sig.v, sig.r, sig.s),
      )
        .to.emit(staking, "Staked")
        .withArgs(stranger.address, 100n * UNIT, 100n * UNIT);
    });

    it("test_stakeWithPermit_invalidPermitWithoutAllowance_reverts", async function () {
      const { staking, token, stranger, stakingAddress } = await loadFixture(deployFixture);
      await token.mint(stranger.address, 100n * UNIT);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await permit(token, stranger, stakingAddress, 50n * UNIT, deadline);
      await expect(
        staking.connect(stranger).stakeWithPermit(100n * UNIT, deadline, sig.v, sig.r, sig.s),
      )
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(stakingAddress, 0n, 100n * UNIT);
    });

    it("test_stakeWithPermit_zeroAmount_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await expect(
        staking.connect(alice).stakeWithPermit(0, 0, 27, ethers.ZeroHash, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(staking, "ZeroAmount");
    });
  });

  describe("requestUnstake", function () {
    it("test_requestUnstake_movesToUnbondingWithReleaseTime", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      const tx = await staking.connect(alice).requestUnstake(250n * UNIT);
      const block = await ethers.provider.getBlock((await tx.wait())!.blockNumber);
      const releaseTime = BigInt(block!.timestamp + PARAMS.unbondingPeriod);
      await expect(tx)
        .to.emit(staking, "UnstakeRequested")
        .withArgs(alice.address, 250n * UNIT, 250n * UNIT, releaseTime);
      expect(await staking.stakeOf(alice.address)).to.deep.equal([
        50n * UNIT,
        250n * UNIT,
        releaseTime,
        false,
      ]);
      expect(await staking.isActive(alice.address)).to.equal(false);
    });

    it("test_requestUnstake_secondRequest_joinsEntryAndRestartsClock", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      await staking.connect(alice).requestUnstake(100n * UNIT);
      await time.increase(DAY);
      await staking.connect(alice).requestUnstake(50n * UNIT);
      const releaseTime = BigInt((await time.latest()) + PARAMS.unbondingPeriod);
      expect(await staking.stakeOf(alice.address)).to.deep.equal([
        150n * UNIT,
        150n * UNIT,
        releaseTime,
        false,
      ]);
    });

    it("test_requestUnstake_afterShorterPeriod_neverMovesReleaseEarlier", async function () {
      const { staking, admin, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      await staking.connect(alice).requestUnstake(100n * UNIT);
      const [, , releaseTime] = await staking.stakeOf(alice.address);
      await staking.connect(admin).setParameters({ ...PARAMS, unbondingPeriod: DAY });
      await expect(staking.connect(alice).requestUnstake(50n * UNIT))
        .to.emit(staking, "UnstakeRequested")
        .withArgs(alice.address, 50n * UNIT, 150n * UNIT, releaseTime);
    });

    it("test_requestUnstake_zeroAmount_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      await expect(staking.connect(alice).requestUnstake(0)).to.be.revertedWithCustomError(
        staking,
        "ZeroAmount",
      );
    });

    it("test_requestUnstake_moreThanBonded_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      await expect(staking.connect(alice).requestUnstake(301n * UNIT))
        .to.be.revertedWithCustomError(staking, "InsufficientBondedStake")
        .withArgs(alice.address, 300n * UNIT, 301n * UNIT);
    });
  });

  describe("withdraw", function () {
    it("test_withdraw_beforeRelease_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      await staking.connect(alice).requestUnstake(100n * UNIT);
      const [, , releaseTime] = await staking.stakeOf(alice.address);
      await time.setNextBlockTimestamp(releaseTime - 1n);
      await expect(staking.connect(alice).withdraw())
        .to.be.revertedWithCustomError(staking, "UnbondingNotReleased")
        .withArgs(alice.address, releaseTime, releaseTime - 1n);
    });

    it("test_withdraw_atRelease_transfersAndClearsEntry", async function () {
      const { staking, token, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      await staking.connect(alice).requestUnstake(100n * UNIT);
      const [, , releaseTime] = await staking.stakeOf(alice.address);
      await time.setNextBlockTimestamp(releaseTime);
      const tx = staking.connect(alice).withdraw();
      await expect(tx)
        .to.emit(staking, "Withdrawn")
        .withArgs(alice.address, 100n * UNIT);
      await expect(tx).to.changeTokenBalances(
        ethers,
        token,
        [alice, staking],
        [100n * UNIT, -100n * UNIT],
      );
      expect(await staking.stakeOf(alice.address)).to.deep.equal([200n * UNIT, 0n, 0n, false]);
    });

    it("test_withdraw_nothingUnbonding_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      await expect(staking.connect(alice).withdraw())
        .to.be.revertedWithCustomError(staking, "NothingToWithdraw")
        .withArgs(alice.address);
    });

    it("test_withdraw_pendingSlashProposal_reverts", async function () {
      const { staking, slasher, guardian, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      await staking.connect(alice).requestUnstake(300n * UNIT);
      await staking.connect(slasher).proposeSlash(alice.address, 10n * UNIT, "sybil viewers");
      await time.increase(PARAMS.unbondingPeriod);
      await expect(staking.connect(alice).withdraw())
        .to.be.revertedWithCustomError(staking, "WithdrawalFrozen")
        .withArgs(alice.address, 1n);
      await staking.connect(guardian).cancelSlash(1n);
      await expect(staking.connect(alice).withdraw())
        .to.emit(staking, "Withdrawn")
        .withArgs(alice.address, 300n * UNIT);
    });

    it("test_withdraw_whileJailed_releasesRemainingStake", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      await f.staking.connect(f.relay).requestUnstake(1_000n * UNIT);
      const p = await proofFor(f, 1n);
      await f.staking.slashForTampering(p.entry, p.originSignature, p.statement, p.relaySignature);
      await time.increase(PARAMS.unbondingPeriod);
      await expect(f.staking.connect(f.relay).withdraw())
        .to.emit(f.staking, "Withdrawn")
        .withArgs(f.relay.address, 900n * UNIT);
    });
  });

  describe("streams", function () {
    it("test_registerStream_setsOwnerAndSigner", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      const signer = privateKeyToAccount(generatePrivateKey()).address;
      await expect(staking.connect(alice).registerStream(OTHER_STREAM, signer))
        .to.emit(staking, "StreamRegistered")
        .withArgs(OTHER_STREAM, alice.address, signer);
      expect(await staking.streamOf(OTHER_STREAM)).to.deep.equal([alice.address, signer]);
      expect(await staking.originSignerAt(OTHER_STREAM, 123n)).to.equal(signer);
    });

    it("test_streamOf_unregistered_returnsZero", async function () {
      const { staking } = await loadFixture(deployFixture);
      expect(await staking.streamOf(OTHER_STREAM)).to.deep.equal([
        ethers.ZeroAddress,
        ethers.ZeroAddress,
      ]);
    });

    it("test_registerStream_taken_reverts", async function () {
      const { staking, alice, streamOwner } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).registerStream(STREAM, alice.address))
        .to.be.revertedWithCustomError(staking, "StreamAlreadyRegistered")
        .withArgs(STREAM, streamOwner.address);
    });

    it("test_registerStream_zeroSigner_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).registerStream(OTHER_STREAM, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(staking, "InvalidOriginSigner")
        .withArgs(ethers.ZeroAddress);
    });

    it("test_rotateOriginSigner_keepsOldSignerForEarlierSequences", async function () {
      const { staking, streamOwner, origin } = await loadFixture(deployFixture);
      const next = privateKeyToAccount(generatePrivateKey()).address;
      await expect(staking.connect(streamOwner).rotateOriginSigner(STREAM, next, 100n))
        .to.emit(staking, "OriginSignerRotated")
        .withArgs(STREAM, next, 100n);
      expect(await staking.originSignerAt(STREAM, 99n)).to.equal(origin.address);
      expect(await staking.originSignerAt(STREAM, 100n)).to.equal(next);
      expect(await staking.streamOf(STREAM)).to.deep.equal([streamOwner.address, next]);
    });

    it("test_rotateOriginSigner_notOwner_reverts", async function () {
      const { staking, streamOwner, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).rotateOriginSigner(STREAM, alice.address, 1n))
        .to.be.revertedWithCustomError(staking, "NotStreamOwner")
        .withArgs(STREAM, alice.address, streamOwner.address);
    });

    it("test_rotateOriginSigner_unregistered_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).rotateOriginSigner(OTHER_STREAM, alice.address, 1n))
        .to.be.revertedWithCustomError(staking, "StreamNotRegistered")
        .withArgs(OTHER_STREAM);
    });

    it("test_rotateOriginSigner_zeroSigner_reverts", async function () {
      const { staking, streamOwner } = await loadFixture(deployFixture);
      await expect(staking.connect(streamOwner).rotateOriginSigner(STREAM, ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(staking, "InvalidOriginSigner")
        .withArgs(ethers.ZeroAddress);
    });

    it("test_rotateOriginSigner_notAfterLatest_reverts", async function () {
      const { staking, streamOwner, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(streamOwner).rotateOriginSigner(STREAM, alice.address, 0n))
        .to.be.revertedWithCustomError(staking, "RotationNotAfterLatest")
        .withArgs(STREAM, 0n, 0n);
      await staking.connect(streamOwner).rotateOriginSigner(STREAM, alice.address, 50n);
      await expect(staking.connect(streamOwner).rotateOriginSigner(STREAM, alice.address, 50n))
        .to.be.revertedWithCustomError(staking, "RotationNotAfterLatest")
        .withArgs(STREAM, 50n, 50n);
    });

    it("test_slashForTampering_newSignerContradictsEarlierSequence_reverts", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const next = privateKeyToAccount(generatePrivateKey());
      await f.staking.connect(f.streamOwner).rotateOriginSigner(STREAM, next.address, 100n);
      // The relay honestly served sequence 5 (hash BAD_HASH is what the old key published);
      // the new key signs a different hash for it: not accepted.
      const e = entry(5n, GOOD_HASH);
      const s = statement(5n, BAD_HASH);
      const originSignature = await signEntryViem(next, f.domain, e);
      const relaySignature = await signStatementEthers(f.relay, f.domain, s);
      await expect(f.staking.slashForTampering(e, originSignature, s, relaySignature))
        .to.be.revertedWithCustomError(f.staking, "InvalidOriginSignature")
        .withArgs(STREAM, 5n, next.address, f.origin.address);
    });

    it("test_slashForTampering_afterRotation_oldProofsAndNewProofsUseTheirSigner", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const next = privateKeyToAccount(generatePrivateKey());
      await f.staking.connect(f.streamOwner).rotateOriginSigner(STREAM, next.address, 100n);
      const old = await proofFor(f, 99n);
      await expect(
        f.staking.slashForTampering(
          old.entry,
          old.originSignature,
          old.statement,
          old.relaySignature,
        ),
      ).to.emit(f.staking, "TamperingProven");
      const e = entry(100n);
      const s = statement(100n);
      const relaySignature = await signStatementEthers(f.relay, f.domain, s);
      await expect(
        f.staking.slashForTampering(
          e,
          await signEntryViem(f.origin, f.domain, e),
          s,
          relaySignature,
        ),
      )
        .to.be.revertedWithCustomError(f.staking, "InvalidOriginSignature")
        .withArgs(STREAM, 100n, f.origin.address, next.address);
      await expect(
        f.staking.slashForTampering(e, await signEntryViem(next, f.domain, e), s, relaySignature),
      ).to.emit(f.staking, "TamperingProven");
    });
  });

  describe("slashForTampering", function () {
    it("test_slashForTampering_slashesPaysReporterAndTreasuryAndJails", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const p = await proofFor(f, 3n);
      const tx = f.staking
        .connect(f.reporter)
        .slashForTampering(p.entry, p.originSignature, p.statement, p.relaySignature);
      await expect(tx)
        .to.emit(f.staking, "Slashed")
        .withArgs(f.relay.address, 100n * UNIT, 900n * UNIT, 0n);
      await expect(tx).to.emit(f.staking, "Jailed").withArgs(f.relay.address);
      await expect(tx)
        .to.emit(f.staking, "TamperingProven")
        .withArgs(STREAM, 3n, f.relay.address, f.reporter.address, 50n * UNIT, 50n * UNIT);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.token,
        [f.reporter, f.treasury, f.staking],
        [50n * UNIT, 50n * UNIT, -100n * UNIT],
      );
      expect(await f.staking.stakeOf(f.relay.address)).to.deep.equal([900n * UNIT, 0n, 0n, true]);
      expect(await f.staking.isActive(f.relay.address)).to.equal(false);
      expect(await f.staking.isSlashedFor(STREAM, 3n, f.relay.address)).to.equal(true);
      expect(await f.staking.isSlashedFor(STREAM, 4n, f.relay.address)).to.equal(false);
    });

    it("test_slashForTampering_takesBondedFirstThenUnbonding", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.admin).setParameters({ ...PARAMS, slashBps: 5_000 });
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      await f.staking.connect(f.relay).requestUnstake(900n * UNIT);
      const [, , releaseTime] = await f.staking.stakeOf(f.relay.address);
      const p = await proofFor(f, 3n);
      await expect(
        f.staking.slashForTampering(p.entry, p.originSignature, p.statement, p.relaySignature),
      )
        .to.emit(f.staking, "Slashed")
        .withArgs(f.relay.address, 500n * UNIT, 0n, 500n * UNIT);
      expect(await f.staking.stakeOf(f.relay.address)).to.deep.equal([
        0n,
        500n * UNIT,
        releaseTime,
        true,
      ]);
    });

    it("test_slashForTampering_fullSlashBps_takesAllStake", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking
        .connect(f.admin)
        .setParameters({ ...PARAMS, slashBps: 10_000, reporterShareBps: 10_000 });
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      await f.staking.connect(f.relay).requestUnstake(400n * UNIT);
      const p = await proofFor(f, 3n);
      const tx = f.staking
        .connect(f.reporter)
        .slashForTampering(p.entry, p.originSignature, p.statement, p.relaySignature);
      await expect(tx)
        .to.emit(f.staking, "Slashed")
        .withArgs(f.relay.address, 1_000n * UNIT, 0n, 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.token,
        [f.reporter, f.treasury],
        [1_000n * UNIT, 0n],
      );
    });

    it("test_slashForTampering_zeroReporterShare_allToTreasury", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.admin).setParameters({ ...PARAMS, reporterShareBps: 0 });
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const p = await proofFor(f, 3n);
      const tx = f.staking
        .connect(f.reporter)
        .slashForTampering(p.entry, p.originSignature, p.statement, p.relaySignature);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.token,
        [f.reporter, f.treasury],
        [0n, 100n * UNIT],
      );
    });

    it("test_slashForTampering_sameProofTwice_reverts", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const p = await proofFor(f, 3n);
      await f.staking.slashForTampering(p.entry, p.originSignature, p.statement, p.relaySignature);
      await expect(
        f.staking.slashForTampering(p.entry, p.originSignature, p.statement, p.relaySignature),
      )
        .to.be.revertedWithCustomError(f.staking, "AlreadySlashed")
        .withArgs(STREAM, 3n, f.relay.address);
    });

    it("test_slashForTampering_otherSequence_slashesAgainWithoutRejailing", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const p = await proofFor(f, 3n);
      await f.staking.slashForTampering(p.entry, p.originSignature, p.statement, p.relaySignature);
      const q = await proofFor(f, 4n);
      const tx = f.staking.slashForTampering(
        q.entry,
        q.originSignature,
        q.statement,
        q.relaySignature,
      );
      await expect(tx)
        .to.emit(f.staking, "Slashed")
        .withArgs(f.relay.address, 90n * UNIT, 810n * UNIT, 0n);
      await expect(tx).not.to.emit(f.staking, "Jailed");
    });

    it("test_slashForTampering_operatorWithoutStake_jailsAndPaysNothing", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n, f.stranger);
      const tx = f.staking
        .connect(f.reporter)
        .slashForTampering(p.entry, p.originSignature, p.statement, p.relaySignature);
      await expect(tx).to.emit(f.staking, "Jailed").withArgs(f.stranger.address);
      await expect(tx)
        .to.emit(f.staking, "TamperingProven")
        .withArgs(STREAM, 3n, f.stranger.address, f.reporter.address, 0n, 0n);
      await expect(tx).to.changeTokenBalances(ethers, f.token, [f.reporter, f.treasury], [0n, 0n]);
    });

    it("test_slashForTampering_otherStream_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n);
      const s = statement(3n, BAD_HASH, OTHER_STREAM);
      await expect(f.staking.slashForTampering(p.entry, p.originSignature, s, p.relaySignature))
        .to.be.revertedWithCustomError(f.staking, "ProofMismatch")
        .withArgs(STREAM, 3n, OTHER_STREAM, 3n);
    });

    it("test_slashForTampering_otherSequence_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n);
      await expect(
        f.staking.slashForTampering(p.entry, p.originSignature, statement(4n), p.relaySignature),
      )
        .to.be.revertedWithCustomError(f.staking, "ProofMismatch")
        .withArgs(STREAM, 3n, STREAM, 4n);
    });

    it("test_slashForTampering_sameHash_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n);
      await expect(
        f.staking.slashForTampering(
          p.entry,
          p.originSignature,
          statement(3n, GOOD_HASH),
          p.relaySignature,
        ),
      )
        .to.be.revertedWithCustomError(f.staking, "NoTampering")
        .withArgs(GOOD_HASH);
    });

    it("test_slashForTampering_unregisteredStream_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const e = entry(3n, GOOD_HASH, OTHER_STREAM);
      const s = statement(3n, BAD_HASH, OTHER_STREAM);
      await expect(
        f.staking.slashForTampering(
          e,
          await signEntryViem(f.origin, f.domain, e),
          s,
          await signStatementEthers(f.relay, f.domain, s),
        ),
      )
        .to.be.revertedWithCustomError(f.staking, "StreamNotRegistered")
        .withArgs(OTHER_STREAM);
    });

    it("test_slashForTampering_wrongOriginSigner_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n);
      const forged = await signEntryEthers(f.stranger, f.domain, p.entry);
      await expect(f.staking.slashForTampering(p.entry, forged, p.statement, p.relaySignature))
        .to.be.revertedWithCustomError(f.staking, "InvalidOriginSignature")
        .withArgs(STREAM, 3n, f.stranger.address, f.origin.address);
    });

    it("test_slashForTampering_malformedSignature_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n);
      await expect(f.staking.slashForTampering(p.entry, p.originSignature, p.statement, "0x1234"))
        .to.be.revertedWithCustomError(f.staking, "ECDSAInvalidSignatureLength")
        .withArgs(2n);
    });
  });

  describe("governance slashing", function () {
    it("test_proposeSlash_storesProposalAndFreezes", async function () {
      const { staking, slasher, alice } = await loadFixture(deployFixture);
      const tx = await staking
        .connect(slasher)
        .proposeSlash(alice.address, 10n * UNIT, "self-dealing");
      const executableAt = BigInt((await time.latest()) + PARAMS.slashDelay);
      await expect(tx)
        .to.emit(staking, "SlashProposed")
        .withArgs(1n, alice.address, 10n * UNIT, executableAt, "self-dealing");
      expect(await staking.slashProposal(1n)).to.deep.equal([
        alice.address,
        executableAt,
        10n * UNIT,
      ]);
      expect(await staking.pendingSlashProposals(alice.address)).to.equal(1n);
      expect(await staking.nextSlashProposalId()).to.equal(2n);
    });

    it("test_proposeSlash_notSlasher_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).proposeSlash(alice.address, 1n, "x"))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, await staking.SLASHER_ROLE());
    });

    it("test_proposeSlash_zeroOperator_reverts", async function () {
      const { staking, slasher } = await loadFixture(deployFixture);
      await expect(staking.connect(slasher).proposeSlash(ethers.ZeroAddress, 1n, "x"))
        .to.be.revertedWithCustomError(staking, "InvalidOperator")
        .withArgs(ethers.ZeroAddress);
    });

    it("test_proposeSlash_zeroAmount_reverts", async function () {
      const { staking, slasher, alice } = await loadFixture(deployFixture);
      await expect(
        staking.connect(slasher).proposeSlash(alice.address, 0n, "x"),
      ).to.be.revertedWithCustomError(staking, "ZeroAmount");
    });

    it("test_executeSlash_beforeDelay_reverts", async function () {
      const { staking, slasher, alice } = await loadFixture(deployFixture);
      await staking.connect(slasher).proposeSlash(alice.address, 10n * UNIT, "x");
      const { executableAt } = await staking.slashProposal(1n);
      await time.setNextBlockTimestamp(executableAt - 1n);
      await expect(staking.executeSlash(1n))
        .to.be.revertedWithCustomError(staking, "SlashDelayNotElapsed")
        .withArgs(1n, executableAt, executableAt - 1n);
    });

    it("test_executeSlash_afterDelay_slashesToTreasuryAndJails", async function () {
      const { staking, token, slasher, treasury, alice, stranger } =
        await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      await staking
        .connect(slasher)
        .proposeSlash(alice.address, 120n * UNIT, "receipts for unfetched segments");
      await time.increase(PARAMS.slashDelay);
      const tx = staking.connect(stranger).executeSlash(1n);
      await expect(tx)
        .to.emit(staking, "Slashed")
        .withArgs(alice.address, 120n * UNIT, 180n * UNIT, 0n);
      await expect(tx).to.emit(staking, "Jailed").withArgs(alice.address);
      await expect(tx)
        .to.emit(staking, "SlashExecuted")
        .withArgs(1n, alice.address, 120n * UNIT);
      await expect(tx).to.changeTokenBalances(
        ethers,
        token,
        [treasury, staking],
        [120n * UNIT, -120n * UNIT],
      );
      expect(await staking.slashProposal(1n)).to.deep.equal([ethers.ZeroAddress, 0n, 0n]);
      expect(await staking.pendingSlashProposals(alice.address)).to.equal(0n);
      expect(await staking.stakeOf(alice.address)).to.deep.equal([180n * UNIT, 0n, 0n, true]);
    });

    it("test_executeSlash_moreThanStake_cappedAtStake", async function () {
      const { staking, token, slasher, treasury, alice } = await loadFixture(deployFixture);
      await staking.connect(alice).stake(300n * UNIT);
      await staking.connect(alice).requestUnstake(100n * UNIT);
      await staking.connect(slasher).proposeSlash(alice.address, 1_000n * UNIT, "x");
      await time.increase(PARAMS.slashDelay);
      const tx = staking.executeSlash(1n);
      await expect(tx)
        .to.emit(staking, "SlashExecuted")
        .withArgs(1n, alice.address, 300n * UNIT);
      await expect(tx).to.changeTokenBalances(ethers, token, [treasury], [300n * UNIT]);
    });

    it("test_executeSlash_operatorWithoutStake_jailsAndTransfersNothing", async function () {
      const { staking, token, slasher, treasury, alice } = await loadFixture(deployFixture);
      await staking.connect(slasher).proposeSlash(alice.address, 1n, "x");
      await time.increase(PARAMS.slashDelay);
      const tx = staking.executeSlash(1n);
      await expect(tx).to.emit(staking, "SlashExecuted").withArgs(1n, alice.address, 0n);
      await expect(tx).to.changeTokenBalances(ethers, token, [treasury], [0n]);
      expect((await staking.stakeOf(alice.address))[3]).to.equal(true);
    });

    it("test_executeSlash_twice_reverts", async function () {
      const { staking, slasher, alice } = await loadFixture(deployFixture);
      await staking.connect(slasher).proposeSlash(alice.address, 1n, "x");
      await time.increase(PARAMS.slashDelay);
      await staking.executeSlash(1n);
      await expect(staking.executeSlash(1n))
        .to.be.revertedWithCustomError(staking, "SlashProposalNotFound")
        .withArgs(1n);
    });

    it("test_cancelSlash_byGuardian_removesProposal", async function () {
      const { staking, slasher, guardian, alice } = await loadFixture(deployFixture);
      await staking.connect(slasher).proposeSlash(alice.address, 1n, "x");
      await expect(staking.connect(guardian).cancelSlash(1n))
        .to.emit(staking, "SlashCancelled")
        .withArgs(1n, alice.address);
      expect(await staking.pendingSlashProposals(alice.address)).to.equal(0n);
      await time.increase(PARAMS.slashDelay);
      await expect(staking.executeSlash(1n))
        .to.be.revertedWithCustomError(staking, "SlashProposalNotFound")
        .withArgs(1n);
    });

    it("test_cancelSlash_notGuardian_reverts", async function () {
      const { staking, slasher, alice } = await loadFixture(deployFixture);
      await staking.connect(slasher).proposeSlash(alice.address, 1n, "x");
      await expect(staking.connect(slasher).cancelSlash(1n))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(slasher.address, await staking.GUARDIAN_ROLE());
    });

    it("test_cancelSlash_unknownProposal_reverts", async function () {
      const { staking, guardian } = await loadFixture(deployFixture);
      await expect(staking.connect(guardian).cancelSlash(7n))
        .to.be.revertedWithCustomError(staking, "SlashProposalNotFound")
        .withArgs(7n);
    });

    it("test_unjail_byAdmin_reactivates", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const p = await proofFor(f, 3n);
      await f.staking.slashForTampering(p.entry, p.originSignature, p.statement, p.relaySignature);
      await expect(f.staking.connect(f.admin).unjail(f.relay.address))
        .to.emit(f.staking, "Unjailed")
        .withArgs(f.relay.address);
      expect(await f.staking.isActive(f.relay.address)).to.equal(true);
    });

    it("test_unjail_notJailed_reverts", async function () {
      const { staking, admin, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(admin).unjail(alice.address))
        .to.be.revertedWithCustomError(staking, "NotJailed")
        .withArgs(alice.address);
    });

    it("test_unjail_notAdmin_reverts", async function () {
      const { staking, guardian, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(guardian).unjail(alice.address))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(guardian.address, ethers.ZeroHash);
    });
  });

  describe("reentrancy", function () {
    async function reentrantFixture() {
      const [, admin, treasury, alice] = await ethers.getSigners();
      if (!admin || !treasury || !alice) throw new Error("missing Hardhat accounts");
      const token = (await ethers.deployContract("ReentrantToken")) as unknown as ReentrantToken;
      const staking = (await ethers.deployContract("RelayStaking", [
        await token.getAddress(),
        admin.address,
        treasury.address,
        PARAMS,
      ])) as unknown as RelayStaking;
      await token.mint(alice.address, 1_000n * UNIT);
      await token.connect(alice).approve(await staking.getAddress(), ethers.MaxUint256);
      return { token, staking, alice };
    }

    it("test_stake_reenteredFromToken_reverts", async function () {
      const { token, staking, alice } = await loadFixture(reentrantFixture);
      await token.arm(
        await staking.getAddress(),
        staking.interface.encodeFunctionData("stake", [1n]),
      );
      await expect(staking.connect(alice).stake(100n * UNIT)).to.be.revertedWithCustomError(
        staking,
        "ReentrancyGuardReentrantCall",
      );
    });

    it("test_withdraw_reenteredFromToken_reverts", async function () {
      const { token, staking, alice } = await loadFixture(reentrantFixture);
      await staking.connect(alice).stake(100n * UNIT);
      await staking.connect(alice).requestUnstake(100n * UNIT);
      await time.increase(PARAMS.unbondingPeriod);
      await token.arm(await staking.getAddress(), staking.interface.encodeFunctionData("withdraw"));
      await expect(staking.connect(alice).withdraw()).to.be.revertedWithCustomError(
        staking,
        "ReentrancyGuardReentrantCall",
      );
    });
  });

  describe("attacks (issue 9)", function () {
    it("test_attack_squatVictimStreamId_attackerGetsNothing", async function () {
      const { staking, alice, stranger, origin } = await loadFixture(deployFixture);
      const salt = keccak256(toHex("alice's show"));
      const victimId = streamIdOf(alice.address as Hex, salt);
      // The attacker names the victim's (public) stream id in the call that registers streams.
      await staking.connect(stranger).registerStream(victimId, stranger.address);
      const [squatter] = await staking.streamOf(victimId);
      expect(squatter).to.equal(ethers.ZeroAddress);
      // The victim still registers its id with its own origin key.
      await staking.connect(alice).registerStream(salt, origin.address);
      expect(await staking.streamOf(victimId)).to.deep.equal([alice.address, origin.address]);
    });

    it("test_attack_originEquivocation_honestRelayNotSlashed", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(MIN_STAKE);
      const served = entry(5n, GOOD_HASH);
      const relayStatement = statement(5n, GOOD_HASH);
      const relaySignature = await signStatementEthers(f.relay, f.domain, relayStatement);
      // The origin restarts and signs another hash for sequence 5.
      const second = entry(5n, BAD_HASH);
      const secondSignature = await signEntryViem(f.origin, f.domain, second);
      const before = await f.token.balanceOf(f.reporter.address);
      await f.staking
        .connect(f.reporter)
        .slashForTampering(second, secondSignature, relayStatement, relaySignature);
      expect(served.hash).to.equal(relayStatement.hash);
      const [bonded, , , jailed] = await f.staking.stakeOf(f.relay.address);
      expect(bonded).to.equal(MIN_STAKE);
      expect(jailed).to.equal(false);
      expect(await f.token.balanceOf(f.reporter.address)).to.equal(before);
    });

    it("test_attack_grieferRegistersCarriedStream_honestRelayNotSlashed", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(MIN_STAKE);
      // The relay carries OTHER_STREAM and publishes its statements (x-delivery-statement).
      const published = statement(1n, GOOD_HASH, OTHER_STREAM);
      const relaySignature = await signStatementEthers(f.relay, f.domain, published);
      // The griefer registers that id with its own key and signs a different hash.
      const grieferKey = privateKeyToAccount(generatePrivateKey());
      await f.staking.connect(f.stranger).registerStream(OTHER_STREAM, grieferKey.address);
      const forged = entry(1n, BAD_HASH, OTHER_STREAM);
      const forgedSignature = await signEntryViem(grieferKey, f.domain, forged);
      await f.staking
        .connect(f.stranger)
        .slashForTampering(forged, forgedSignature, published, relaySignature);
      const [bonded, , , jailed] = await f.staking.stakeOf(f.relay.address);
      expect(bonded).to.equal(MIN_STAKE);
      expect(jailed).to.equal(false);
      expect(await f.token.balanceOf(f.stranger.address)).to.equal(0n);
    });
  });

  describe("parameters", function () {
    it("test_setParameters_byAdmin_updatesAndEmits", async function () {
      const { staking, admin } = await loadFixture(deployFixture);
      const next = { ...PARAMS, minStake: 5n, slashBps: 10_000 };
      await expect(staking.connect(admin).setParameters(next)).to.emit(
        staking,
        "ParametersUpdated",
      );
      expect((await staking.parameters()).minStake).to.equal(5n);
    });

    it("test_setParameters_invalid_reverts", async function () {
      const { staking, admin } = await loadFixture(deployFixture);
      await expect(staking.connect(admin).setParameters({ ...PARAMS, slashBps: 0 }))
        .to.be.revertedWithCustomError(staking, "InvalidBasisPoints")
        .withArgs(0n);
    });

    it("test_setParameters_notAdmin_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).setParameters(PARAMS))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ethers.ZeroHash);
    });

    it("test_setTreasury_byAdmin_updatesAndEmits", async function () {
      const { staking, admin, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(admin).setTreasury(alice.address))
        .to.emit(staking, "TreasuryUpdated")
        .withArgs(alice.address);
      expect(await staking.treasury()).to.equal(alice.address);
    });

    it("test_setTreasury_zero_reverts", async function () {
      const { staking, admin } = await loadFixture(deployFixture);
      await expect(staking.connect(admin).setTreasury(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(staking, "InvalidAccount")
        .withArgs(ethers.ZeroAddress);
    });

    it("test_setTreasury_notAdmin_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).setTreasury(alice.address))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ethers.ZeroHash);
    });
  });
});
