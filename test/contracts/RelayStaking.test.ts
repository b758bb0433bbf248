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
  relayKeyAuthorizationTypes,
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
  challengeWindow: DAY,
};
const MAX_UINT128 = (1n << 128n) - 1n;
const SALT = keccak256(toHex("stream-1"));
const OTHER_SALT = keccak256(toHex("stream-2"));
/** Hardhat account 8, the fixture's stream owner: stream ids are bound to it. */
const STREAM_OWNER = (await ethers.getSigners())[8]!.address as Hex;
const STREAM = streamIdOf(STREAM_OWNER, SALT);
const OTHER_STREAM = streamIdOf(STREAM_OWNER, OTHER_SALT);
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
const ethersRelayKeyTypes: Record<string, TypedDataField[]> = {
  RelayKeyAuthorization: [...relayKeyAuthorizationTypes.RelayKeyAuthorization],
};

/** `relayKey`'s signature letting `operator` authorize it until `deadline`. */
function signRelayKey(
  relayKey: Signer,
  domain: Domain,
  operator: string,
  relayKeyAddress: string,
  deadline: bigint,
): Promise<string> {
  return relayKey.signTypedData(domain, ethersRelayKeyTypes, {
    operator,
    relayKey: relayKeyAddress,
    deadline,
  });
}

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
  await staking.connect(streamOwner).registerStream(SALT, origin.address);

  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  const domain = relayStakingDomain(chainId, stakingAddress as Hex);
  // One-key set-ups: the relay and the stranger sign statements with their own address.
  const deadline = BigInt(await time.latest()) + BigInt(DAY);
  for (const s of [relay, stranger]) {
    const signature = await signRelayKey(s, domain, s.address, s.address, deadline);
    await staking.connect(s).authorizeRelayKey(s.address, deadline, signature);
  }
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

/** `reporter` reports the proof, the challenge window passes, and the report is executed. */
async function proveTampering(
  f: Fixture,
  reporter: Signer,
  e: ManifestEntry,
  originSignature: string,
  s: DeliveryStatement,
  relaySignature: string,
) {
  const reportId = await f.staking.nextTamperReportId();
  await f.staking.connect(reporter).reportTampering(e, originSignature, s, relaySignature);
  await time.increase(PARAMS.challengeWindow);
  return f.staking.executeTampering(reportId);
}

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

    it("test_tampering_viemSignedProof_verifies", async function () {
      const f = await loadFixture(deployFixture);
      const relayKey = generatePrivateKey();
      const viemRelay = privateKeyToAccount(relayKey);
      const wallet = new ethers.Wallet(relayKey, ethers.provider);
      await networkHelpers.setBalance(wallet.address, 10n ** 18n);
      await f.token.mint(wallet.address, 1_000n * UNIT);
      await f.token.connect(wallet).approve(f.stakingAddress, 1_000n * UNIT);
      await f.staking.connect(wallet).stake(1_000n * UNIT);
      const deadline = BigInt(await time.latest()) + 60n;
      await f.staking
        .connect(wallet)
        .authorizeRelayKey(
          wallet.address,
          deadline,
          await signRelayKey(wallet, f.domain, wallet.address, wallet.address, deadline),
        );

      const e = entry(7n);
      const s = statement(7n);
      const originSignature = await signEntryViem(f.origin, f.domain, e);
      const relaySignature = await signStatementViem(viemRelay, f.domain, s);
      await expect(proveTampering(f, f.reporter, e, originSignature, s, relaySignature))
        .to.emit(f.staking, "TamperingProven")
        .withArgs(STREAM, 7n, viemRelay.address, f.reporter.address, 50n * UNIT, 50n * UNIT);
    });

    it("test_tampering_ethersSignedProof_verifies", async function () {
      const f = await loadFixture(deployFixture);
      const originWallet = ethers.Wallet.createRandom();
      await f.staking.connect(f.streamOwner).registerStream(OTHER_SALT, originWallet.address);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);

      const e = entry(9n, GOOD_HASH, OTHER_STREAM);
      const s = statement(9n, BAD_HASH, OTHER_STREAM);
      const originSignature = await signEntryEthers(originWallet, f.domain, e);
      const relaySignature = await signStatementEthers(f.relay, f.domain, s);
      await expect(proveTampering(f, f.reporter, e, originSignature, s, relaySignature))
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
      await proveTampering(
        f,
        f.deployer,
        p.entry,
        p.originSignature,
        p.statement,
        p.relaySignature,
      );
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
      const id = streamIdOf(alice.address as Hex, OTHER_SALT);
      expect(await staking.connect(alice).registerStream.staticCall(OTHER_SALT, signer)).to.equal(
        id,
      );
      await expect(staking.connect(alice).registerStream(OTHER_SALT, signer))
        .to.emit(staking, "StreamRegistered")
        .withArgs(id, alice.address, signer);
      expect(await staking.streamOf(id)).to.deep.equal([alice.address, signer]);
      expect(await staking.originSignerAt(id, 123n)).to.equal(signer);
      expect(await staking.streamIdOf(alice.address, OTHER_SALT)).to.equal(id);
    });

    it("test_streamOf_unregistered_returnsZero", async function () {
      const { staking } = await loadFixture(deployFixture);
      expect(await staking.streamOf(OTHER_STREAM)).to.deep.equal([
        ethers.ZeroAddress,
        ethers.ZeroAddress,
      ]);
    });

    it("test_registerStream_sameSaltTwice_reverts", async function () {
      const { staking, streamOwner } = await loadFixture(deployFixture);
      await expect(staking.connect(streamOwner).registerStream(SALT, streamOwner.address))
        .to.be.revertedWithCustomError(staking, "StreamAlreadyRegistered")
        .withArgs(STREAM, streamOwner.address);
    });

    it("test_registerStream_otherCallerSameSalt_registersItsOwnId", async function () {
      const { staking, alice, streamOwner, origin } = await loadFixture(deployFixture);
      await staking.connect(alice).registerStream(SALT, alice.address);
      expect(await staking.streamOf(STREAM)).to.deep.equal([streamOwner.address, origin.address]);
      const [owner] = await staking.streamOf(streamIdOf(alice.address as Hex, SALT));
      expect(owner).to.equal(alice.address);
    });

    it("test_registerStream_zeroSigner_reverts", async function () {
      const { staking, alice } = await loadFixture(deployFixture);
      await expect(staking.connect(alice).registerStream(OTHER_SALT, ethers.ZeroAddress))
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

    it("test_tampering_newSignerContradictsEarlierSequence_reverts", async function () {
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
      await expect(proveTampering(f, f.deployer, e, originSignature, s, relaySignature))
        .to.be.revertedWithCustomError(f.staking, "InvalidOriginSignature")
        .withArgs(STREAM, 5n, next.address, f.origin.address);
    });

    it("test_tampering_afterRotation_oldProofsAndNewProofsUseTheirSigner", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const next = privateKeyToAccount(generatePrivateKey());
      await f.staking.connect(f.streamOwner).rotateOriginSigner(STREAM, next.address, 100n);
      const old = await proofFor(f, 99n);
      await expect(
        proveTampering(
          f,
          f.deployer,
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
        proveTampering(
          f,
          f.deployer,
          e,
          await signEntryViem(f.origin, f.domain, e),
          s,
          relaySignature,
        ),
      )
        .to.be.revertedWithCustomError(f.staking, "InvalidOriginSignature")
        .withArgs(STREAM, 100n, f.origin.address, next.address);
      await expect(
        proveTampering(f, f.deployer, e, await signEntryViem(next, f.domain, e), s, relaySignature),
      ).to.emit(f.staking, "TamperingProven");
    });
  });

  describe("tampering", function () {
    it("test_tampering_slashesPaysReporterAndTreasuryAndJails", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const p = await proofFor(f, 3n);
      const tx = proveTampering(
        f,
        f.reporter,
        p.entry,
        p.originSignature,
        p.statement,
        p.relaySignature,
      );
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
      expect(await f.staking.isReportedFor(STREAM, 3n, f.relay.address)).to.equal(true);
      expect(await f.staking.isReportedFor(STREAM, 4n, f.relay.address)).to.equal(false);
    });

    it("test_tampering_takesBondedFirstThenUnbonding", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.admin).setParameters({ ...PARAMS, slashBps: 5_000 });
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      await f.staking.connect(f.relay).requestUnstake(900n * UNIT);
      const [, , releaseTime] = await f.staking.stakeOf(f.relay.address);
      const p = await proofFor(f, 3n);
      await expect(
        proveTampering(f, f.deployer, p.entry, p.originSignature, p.statement, p.relaySignature),
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

    it("test_tampering_fullSlashBps_takesAllStake", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking
        .connect(f.admin)
        .setParameters({ ...PARAMS, slashBps: 10_000, reporterShareBps: 10_000 });
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      await f.staking.connect(f.relay).requestUnstake(400n * UNIT);
      const p = await proofFor(f, 3n);
      const tx = proveTampering(
        f,
        f.reporter,
        p.entry,
        p.originSignature,
        p.statement,
        p.relaySignature,
      );
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

    it("test_tampering_zeroReporterShare_allToTreasury", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.admin).setParameters({ ...PARAMS, reporterShareBps: 0 });
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const p = await proofFor(f, 3n);
      const tx = proveTampering(
        f,
        f.reporter,
        p.entry,
        p.originSignature,
        p.statement,
        p.relaySignature,
      );
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.token,
        [f.reporter, f.treasury],
        [0n, 100n * UNIT],
      );
    });

    it("test_tampering_sameProofTwice_reverts", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const p = await proofFor(f, 3n);
      await proveTampering(
        f,
        f.deployer,
        p.entry,
        p.originSignature,
        p.statement,
        p.relaySignature,
      );
      await expect(
        proveTampering(f, f.deployer, p.entry, p.originSignature, p.statement, p.relaySignature),
      )
        .to.be.revertedWithCustomError(f.staking, "AlreadyReported")
        .withArgs(STREAM, 3n, f.relay.address);
    });

    it("test_tampering_otherSequence_slashesAgainWithoutRejailing", async function () {
      const f = await loadFixture(deployFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const p = await proofFor(f, 3n);
      await proveTampering(
        f,
        f.deployer,
        p.entry,
        p.originSignature,
        p.statement,
        p.relaySignature,
      );
      const q = await proofFor(f, 4n);
      const tx = proveTampering(
        f,
        f.deployer,
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

    it("test_tampering_operatorWithoutStake_jailsAndPaysNothing", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n, f.stranger);
      const tx = proveTampering(
        f,
        f.reporter,
        p.entry,
        p.originSignature,
        p.statement,
        p.relaySignature,
      );
      await expect(tx).to.emit(f.staking, "Jailed").withArgs(f.stranger.address);
      await expect(tx)
        .to.emit(f.staking, "TamperingProven")
        .withArgs(STREAM, 3n, f.stranger.address, f.reporter.address, 0n, 0n);
      await expect(tx).to.changeTokenBalances(ethers, f.token, [f.reporter, f.treasury], [0n, 0n]);
    });

    it("test_tampering_otherStream_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n);
      const s = statement(3n, BAD_HASH, OTHER_STREAM);
      await expect(proveTampering(f, f.deployer, p.entry, p.originSignature, s, p.relaySignature))
        .to.be.revertedWithCustomError(f.staking, "ProofMismatch")
        .withArgs(STREAM, 3n, OTHER_STREAM, 3n);
    });

    it("test_tampering_otherSequence_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n);
      await expect(
        proveTampering(f, f.deployer, p.entry, p.originSignature, statement(4n), p.relaySignature),
      )
        .to.be.revertedWithCustomError(f.staking, "ProofMismatch")
        .withArgs(STREAM, 3n, STREAM, 4n);
    });

    it("test_tampering_sameHash_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n);
      await expect(
        proveTampering(
          f,
          f.deployer,
          p.entry,
          p.originSignature,
          statement(3n, GOOD_HASH),
          p.relaySignature,
        ),
      )
        .to.be.revertedWithCustomError(f.staking, "NoTampering")
        .withArgs(GOOD_HASH);
    });

    it("test_tampering_unregisteredStream_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const e = entry(3n, GOOD_HASH, OTHER_STREAM);
      const s = statement(3n, BAD_HASH, OTHER_STREAM);
      await expect(
        proveTampering(
          f,
          f.deployer,
          e,
          await signEntryViem(f.origin, f.domain, e),
          s,
          await signStatementEthers(f.relay, f.domain, s),
        ),
      )
        .to.be.revertedWithCustomError(f.staking, "StreamNotRegistered")
        .withArgs(OTHER_STREAM);
    });

    it("test_tampering_wrongOriginSigner_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n);
      const forged = await signEntryEthers(f.stranger, f.domain, p.entry);
      await expect(proveTampering(f, f.deployer, p.entry, forged, p.statement, p.relaySignature))
        .to.be.revertedWithCustomError(f.staking, "InvalidOriginSignature")
        .withArgs(STREAM, 3n, f.stranger.address, f.origin.address);
    });

    it("test_tampering_malformedSignature_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const p = await proofFor(f, 3n);
      await expect(proveTampering(f, f.deployer, p.entry, p.originSignature, p.statement, "0x1234"))
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
      expect(await staking.pendingSlashes(alice.address)).to.equal(1n);
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
      expect(await staking.pendingSlashes(alice.address)).to.equal(0n);
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
      expect(await staking.pendingSlashes(alice.address)).to.equal(0n);
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
      await proveTampering(
        f,
        f.deployer,
        p.entry,
        p.originSignature,
        p.statement,
        p.relaySignature,
      );
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

  describe("relay keys", function () {
    async function keyFixture() {
      const f = await deployFixture();
      const key = ethers.Wallet.createRandom();
      const deadline = BigInt(await time.latest()) + 3_600n;
      const sign = (operator: string, d: bigint = deadline, signer: Signer = key) =>
        signRelayKey(signer, f.domain, operator, key.address, d);
      return { ...f, key, deadline, sign };
    }

    it("test_authorizeRelayKey_coldWalletAuthorizesHotKey_emitsAndMaps", async function () {
      const f = await loadFixture(keyFixture);
      await expect(
        f.staking
          .connect(f.alice)
          .authorizeRelayKey(f.key.address, f.deadline, await f.sign(f.alice.address)),
      )
        .to.emit(f.staking, "RelayKeyAuthorized")
        .withArgs(f.alice.address, f.key.address);
      expect(await f.staking.operatorOf(f.key.address)).to.equal(f.alice.address);
      expect(await f.staking.operatorOf(f.relay.address)).to.equal(f.relay.address);
      expect(await f.staking.operatorOf(f.alice.address)).to.equal(ethers.ZeroAddress);
    });

    it("test_authorizeRelayKey_digestEqualsViemHashTypedData", async function () {
      const f = await loadFixture(keyFixture);
      const message = {
        operator: f.alice.address as Hex,
        relayKey: f.key.address as Hex,
        deadline: 9n,
      };
      expect(
        await f.staking.relayKeyAuthorizationDigest(message.operator, message.relayKey, 9n),
      ).to.equal(
        hashTypedData({
          domain: f.domain,
          types: relayKeyAuthorizationTypes,
          primaryType: "RelayKeyAuthorization",
          message,
        }),
      );
      expect(await f.staking.RELAY_KEY_AUTHORIZATION_TYPEHASH()).to.equal(
        keccak256(
          toHex(
            typeString("RelayKeyAuthorization", relayKeyAuthorizationTypes.RelayKeyAuthorization),
          ),
        ),
      );
    });

    it("test_authorizeRelayKey_zeroKey_reverts", async function () {
      const f = await loadFixture(keyFixture);
      await expect(
        f.staking.connect(f.alice).authorizeRelayKey(ethers.ZeroAddress, f.deadline, "0x"),
      )
        .to.be.revertedWithCustomError(f.staking, "InvalidRelayKey")
        .withArgs(ethers.ZeroAddress);
    });

    it("test_authorizeRelayKey_expired_reverts", async function () {
      const f = await loadFixture(keyFixture);
      const past = BigInt(await time.latest()) - 1n;
      const tx = f.staking
        .connect(f.alice)
        .authorizeRelayKey(f.key.address, past, await f.sign(f.alice.address, past));
      await expect(tx).to.be.revertedWithCustomError(f.staking, "SignatureExpired");
    });

    it("test_authorizeRelayKey_takenByOtherOperator_reverts", async function () {
      const f = await loadFixture(keyFixture);
      await f.staking
        .connect(f.alice)
        .authorizeRelayKey(f.key.address, f.deadline, await f.sign(f.alice.address));
      await expect(
        f.staking
          .connect(f.bob)
          .authorizeRelayKey(f.key.address, f.deadline, await f.sign(f.bob.address)),
      )
        .to.be.revertedWithCustomError(f.staking, "RelayKeyTaken")
        .withArgs(f.key.address, f.alice.address);
    });

    it("test_authorizeRelayKey_twiceBySameOperator_reverts", async function () {
      const f = await loadFixture(keyFixture);
      const signature = await f.sign(f.alice.address);
      await f.staking.connect(f.alice).authorizeRelayKey(f.key.address, f.deadline, signature);
      await expect(
        f.staking.connect(f.alice).authorizeRelayKey(f.key.address, f.deadline, signature),
      )
        .to.be.revertedWithCustomError(f.staking, "RelayKeyTaken")
        .withArgs(f.key.address, f.alice.address);
    });

    it("test_authorizeRelayKey_signedForOtherOperator_reverts", async function () {
      const f = await loadFixture(keyFixture);
      // The key consented to alice: bob cannot use that signature to claim it.
      await expect(
        f.staking
          .connect(f.bob)
          .authorizeRelayKey(f.key.address, f.deadline, await f.sign(f.alice.address)),
      ).to.be.revertedWithCustomError(f.staking, "InvalidRelayKeySignature");
    });

    it("test_authorizeRelayKey_notSignedByKey_reverts", async function () {
      const f = await loadFixture(keyFixture);
      const signature = await f.sign(f.alice.address, f.deadline, f.alice);
      await expect(
        f.staking.connect(f.alice).authorizeRelayKey(f.key.address, f.deadline, signature),
      )
        .to.be.revertedWithCustomError(f.staking, "InvalidRelayKeySignature")
        .withArgs(f.key.address, f.alice.address);
    });

    it("test_revokeRelayKey_byOperator_unmapsAndEmits", async function () {
      const f = await loadFixture(keyFixture);
      await expect(f.staking.connect(f.relay).revokeRelayKey(f.relay.address))
        .to.emit(f.staking, "RelayKeyRevoked")
        .withArgs(f.relay.address, f.relay.address);
      expect(await f.staking.operatorOf(f.relay.address)).to.equal(ethers.ZeroAddress);
    });

    it("test_revokeRelayKey_unknownKey_reverts", async function () {
      const f = await loadFixture(keyFixture);
      await expect(f.staking.connect(f.alice).revokeRelayKey(f.key.address))
        .to.be.revertedWithCustomError(f.staking, "UnknownRelayKey")
        .withArgs(f.key.address);
    });

    it("test_revokeRelayKey_notOperator_reverts", async function () {
      const f = await loadFixture(keyFixture);
      await expect(f.staking.connect(f.alice).revokeRelayKey(f.relay.address))
        .to.be.revertedWithCustomError(f.staking, "NotRelayKeyOperator")
        .withArgs(f.relay.address, f.alice.address, f.relay.address);
    });

    it("test_revokeRelayKey_thenSameOperatorReauthorizes", async function () {
      const f = await loadFixture(keyFixture);
      const signature = await f.sign(f.alice.address);
      await f.staking.connect(f.alice).authorizeRelayKey(f.key.address, f.deadline, signature);
      await f.staking.connect(f.alice).revokeRelayKey(f.key.address);
      await f.staking.connect(f.alice).authorizeRelayKey(f.key.address, f.deadline, signature);
      expect(await f.staking.operatorOf(f.key.address)).to.equal(f.alice.address);
    });

    it("test_revokeRelayKey_thenOtherOperator_reverts", async function () {
      const f = await loadFixture(keyFixture);
      await f.staking
        .connect(f.alice)
        .authorizeRelayKey(f.key.address, f.deadline, await f.sign(f.alice.address));
      await f.staking.connect(f.alice).revokeRelayKey(f.key.address);
      await expect(
        f.staking
          .connect(f.bob)
          .authorizeRelayKey(f.key.address, f.deadline, await f.sign(f.bob.address)),
      )
        .to.be.revertedWithCustomError(f.staking, "RelayKeyTaken")
        .withArgs(f.key.address, f.alice.address);
    });

    it("test_hotKey_statementsSlashTheColdWallet", async function () {
      const f = await loadFixture(keyFixture);
      await f.staking
        .connect(f.alice)
        .authorizeRelayKey(f.key.address, f.deadline, await f.sign(f.alice.address));
      await f.staking.connect(f.alice).stake(1_000n * UNIT);
      const p = await proofFor(f, 4n, f.key);
      await expect(
        proveTampering(f, f.reporter, p.entry, p.originSignature, p.statement, p.relaySignature),
      )
        .to.emit(f.staking, "Slashed")
        .withArgs(f.alice.address, 100n * UNIT, 900n * UNIT, 0n);
    });

    it("test_reportTampering_revokedKey_reverts", async function () {
      const f = await loadFixture(keyFixture);
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      await f.staking.connect(f.relay).revokeRelayKey(f.relay.address);
      const p = await proofFor(f, 4n);
      await expect(
        f.staking.reportTampering(p.entry, p.originSignature, p.statement, p.relaySignature),
      )
        .to.be.revertedWithCustomError(f.staking, "UnknownRelayKey")
        .withArgs(f.relay.address);
    });

    it("test_reportTampering_neverAuthorizedKey_reverts", async function () {
      const f = await loadFixture(keyFixture);
      const p = await proofFor(f, 4n, f.alice);
      await expect(
        f.staking.reportTampering(p.entry, p.originSignature, p.statement, p.relaySignature),
      )
        .to.be.revertedWithCustomError(f.staking, "UnknownRelayKey")
        .withArgs(f.alice.address);
    });
  });

  describe("challenge window", function () {
    async function reported(sequence = 2n) {
      const f = await deployFixture();
      await f.staking.connect(f.relay).stake(1_000n * UNIT);
      const p = await proofFor(f, sequence);
      const tx = await f.staking
        .connect(f.reporter)
        .reportTampering(p.entry, p.originSignature, p.statement, p.relaySignature);
      return { ...f, p, tx };
    }
    const reportedFixture = () => reported();

    it("test_reportTampering_recordsPendingReportAndEmits", async function () {
      const f = await loadFixture(reportedFixture);
      await expect(f.tx)
        .to.emit(f.staking, "TamperingReported")
        .withArgs(1n, f.relay.address, f.reporter.address, STREAM, 2n);
      const report = await f.staking.tamperReport(1n);
      expect(report.operator).to.equal(f.relay.address);
      expect(report.reporter).to.equal(f.reporter.address);
      expect(report.executableAt).to.equal(BigInt(await time.latest()) + BigInt(DAY));
      expect(report.statementHash).to.equal(BAD_HASH);
      expect(await f.staking.nextTamperReportId()).to.equal(2n);
      expect(await f.staking.pendingSlashes(f.relay.address)).to.equal(1n);
      expect(await f.staking.isReportedFor(STREAM, 2n, f.relay.address)).to.equal(true);
      const [bonded, , , jailed] = await f.staking.stakeOf(f.relay.address);
      expect(bonded).to.equal(1_000n * UNIT);
      expect(jailed).to.equal(false);
    });

    it("test_withdraw_pendingTamperReport_reverts", async function () {
      const f = await loadFixture(reportedFixture);
      await f.staking.connect(f.relay).requestUnstake(100n * UNIT);
      await time.increase(PARAMS.unbondingPeriod);
      await expect(f.staking.connect(f.relay).withdraw())
        .to.be.revertedWithCustomError(f.staking, "WithdrawalFrozen")
        .withArgs(f.relay.address, 1n);
    });

    it("test_executeTampering_insideWindow_reverts", async function () {
      const f = await loadFixture(reportedFixture);
      const { executableAt } = await f.staking.tamperReport(1n);
      await time.increase(DAY - 10);
      await expect(f.staking.executeTampering(1n)).to.be.revertedWithCustomError(
        f.staking,
        "ChallengeWindowNotOver",
      );
      expect(executableAt).to.be.greaterThan(BigInt(await time.latest()));
      expect(await f.token.balanceOf(f.reporter.address)).to.equal(0n);
    });

    it("test_executeTampering_afterWindow_slashesAndUnfreezes", async function () {
      const f = await loadFixture(reportedFixture);
      await time.increase(DAY);
      const tx = f.staking.connect(f.alice).executeTampering(1n);
      await expect(tx)
        .to.emit(f.staking, "TamperingExecuted")
        .withArgs(1n, 100n * UNIT);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.token,
        [f.reporter, f.treasury, f.alice],
        [50n * UNIT, 50n * UNIT, 0n],
      );
      expect(await f.staking.pendingSlashes(f.relay.address)).to.equal(0n);
      expect((await f.staking.tamperReport(1n)).operator).to.equal(ethers.ZeroAddress);
    });

    it("test_executeTampering_unknownReport_reverts", async function () {
      const { staking } = await loadFixture(deployFixture);
      await expect(staking.executeTampering(7n))
        .to.be.revertedWithCustomError(staking, "TamperReportNotFound")
        .withArgs(7n);
    });

    it("test_disputeTampering_originSignedRelayHash_voidsAndMarksEquivocated", async function () {
      const f = await loadFixture(reportedFixture);
      const other = entry(2n, BAD_HASH);
      const tx = f.staking
        .connect(f.alice)
        .disputeTampering(1n, other, await signEntryViem(f.origin, f.domain, other));
      await expect(tx).to.emit(f.staking, "TamperingDisputed").withArgs(1n, f.alice.address);
      await expect(tx).to.emit(f.staking, "OriginEquivocated").withArgs(STREAM, 2n);
      expect(await f.staking.isEquivocated(STREAM)).to.equal(true);
      expect(await f.staking.pendingSlashes(f.relay.address)).to.equal(0n);
      const p = await proofFor(f, 3n);
      await expect(
        f.staking.reportTampering(p.entry, p.originSignature, p.statement, p.relaySignature),
      )
        .to.be.revertedWithCustomError(f.staking, "StreamEquivocated")
        .withArgs(STREAM);
    });

    it("test_disputeTampering_secondReportOfEquivocatedStream_voidsWithoutNewEvent", async function () {
      const f = await loadFixture(reportedFixture);
      const q = await proofFor(f, 3n);
      await f.staking.reportTampering(q.entry, q.originSignature, q.statement, q.relaySignature);
      for (const [id, sequence] of [
        [1n, 2n],
        [2n, 3n],
      ] as const) {
        const other = entry(sequence, BAD_HASH);
        const tx = f.staking.disputeTampering(
          id,
          other,
          await signEntryViem(f.origin, f.domain, other),
        );
        if (id === 1n) await expect(tx).to.emit(f.staking, "OriginEquivocated");
        else await expect(tx).not.to.emit(f.staking, "OriginEquivocated");
      }
      expect(await f.staking.pendingSlashes(f.relay.address)).to.equal(0n);
    });

    it("test_disputeTampering_signedByEarlierSigner_voids", async function () {
      const f = await loadFixture(reportedFixture);
      const next = privateKeyToAccount(generatePrivateKey());
      await f.staking.connect(f.streamOwner).rotateOriginSigner(STREAM, next.address, 100n);
      // The first signer, now retired, signed the relay's hash for sequence 2 too.
      const other = entry(2n, BAD_HASH);
      await expect(
        f.staking.disputeTampering(1n, other, await signEntryViem(f.origin, f.domain, other)),
      ).to.emit(f.staking, "TamperingDisputed");
    });

    it("test_disputeTampering_signedByLaterSigner_voids", async function () {
      const f = await loadFixture(reportedFixture);
      const next = privateKeyToAccount(generatePrivateKey());
      await f.staking.connect(f.streamOwner).rotateOriginSigner(STREAM, next.address, 100n);
      const other = entry(2n, BAD_HASH);
      await expect(
        f.staking.disputeTampering(1n, other, await signEntryViem(next, f.domain, other)),
      ).to.emit(f.staking, "TamperingDisputed");
    });

    it("test_disputeTampering_notOriginSigner_reverts", async function () {
      const f = await loadFixture(reportedFixture);
      const stranger = privateKeyToAccount(generatePrivateKey());
      const other = entry(2n, BAD_HASH);
      await expect(
        f.staking.disputeTampering(1n, other, await signEntryViem(stranger, f.domain, other)),
      )
        .to.be.revertedWithCustomError(f.staking, "NotOriginSigner")
        .withArgs(STREAM, stranger.address);
    });

    it("test_disputeTampering_otherHash_reverts", async function () {
      const f = await loadFixture(reportedFixture);
      const other = entry(2n, GOOD_HASH);
      await expect(
        f.staking.disputeTampering(1n, other, await signEntryViem(f.origin, f.domain, other)),
      )
        .to.be.revertedWithCustomError(f.staking, "DisputeHashMismatch")
        .withArgs(1n, BAD_HASH, GOOD_HASH);
    });

    it("test_disputeTampering_otherSequence_reverts", async function () {
      const f = await loadFixture(reportedFixture);
      const other = entry(3n, BAD_HASH);
      await expect(
        f.staking.disputeTampering(1n, other, await signEntryViem(f.origin, f.domain, other)),
      )
        .to.be.revertedWithCustomError(f.staking, "ProofMismatch")
        .withArgs(STREAM, 2n, STREAM, 3n);
    });

    it("test_disputeTampering_unknownReport_reverts", async function () {
      const f = await loadFixture(deployFixture);
      const other = entry(2n, BAD_HASH);
      await expect(
        f.staking.disputeTampering(5n, other, await signEntryViem(f.origin, f.domain, other)),
      )
        .to.be.revertedWithCustomError(f.staking, "TamperReportNotFound")
        .withArgs(5n);
    });

    it("test_disputeTampering_afterExecution_reverts", async function () {
      const f = await loadFixture(reportedFixture);
      await time.increase(DAY);
      await f.staking.executeTampering(1n);
      const other = entry(2n, BAD_HASH);
      await expect(
        f.staking.disputeTampering(1n, other, await signEntryViem(f.origin, f.domain, other)),
      )
        .to.be.revertedWithCustomError(f.staking, "TamperReportNotFound")
        .withArgs(1n);
    });

    it("test_setParameters_zeroChallengeWindow_reverts", async function () {
      const { staking, admin } = await loadFixture(deployFixture);
      await expect(staking.connect(admin).setParameters({ ...PARAMS, challengeWindow: 0 }))
        .to.be.revertedWithCustomError(staking, "InvalidDuration")
        .withArgs(0n);
    });
  });

  describe("attacks (issue 9)", function () {
    it("test_attack_squatVictimStreamId_attackerGetsNothing", async function () {
      const { staking, alice, stranger, origin } = await loadFixture(deployFixture);
      const salt = keccak256(toHex("alice's show"));
      const victimId = streamIdOf(alice.address as Hex, salt);
      // The attacker names the victim's (public) stream id in the call that registers streams:
      // it only registers its own id for that salt.
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
      const servedSignature = await signEntryViem(f.origin, f.domain, served);
      const relayStatement = statement(5n, GOOD_HASH);
      const relaySignature = await signStatementEthers(f.relay, f.domain, relayStatement);
      // The origin restarts and signs another hash for sequence 5.
      const second = entry(5n, BAD_HASH);
      const secondSignature = await signEntryViem(f.origin, f.domain, second);
      const before = await f.token.balanceOf(f.reporter.address);
      await f.staking
        .connect(f.reporter)
        .reportTampering(second, secondSignature, relayStatement, relaySignature);
      // Inside the challenge window the relay shows the entry it served: the report is void.
      await expect(f.staking.connect(f.relay).disputeTampering(1n, served, servedSignature))
        .to.emit(f.staking, "OriginEquivocated")
        .withArgs(STREAM, 5n);
      await time.increase(PARAMS.challengeWindow);
      await expect(f.staking.executeTampering(1n))
        .to.be.revertedWithCustomError(f.staking, "TamperReportNotFound")
        .withArgs(1n);
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
      // The griefer tries to register that id with its own key and signs a different hash.
      const grieferKey = privateKeyToAccount(generatePrivateKey());
      await f.staking.connect(f.stranger).registerStream(OTHER_STREAM, grieferKey.address);
      const forged = entry(1n, BAD_HASH, OTHER_STREAM);
      const forgedSignature = await signEntryViem(grieferKey, f.domain, forged);
      await expect(
        f.staking
          .connect(f.stranger)
          .reportTampering(forged, forgedSignature, published, relaySignature),
      )
        .to.be.revertedWithCustomError(f.staking, "StreamNotRegistered")
        .withArgs(OTHER_STREAM);
      // Once the owner registers it, the griefer's key is still not its origin signer.
      await f.staking.connect(f.streamOwner).registerStream(OTHER_SALT, f.origin.address);
      await expect(
        f.staking
          .connect(f.stranger)
          .reportTampering(forged, forgedSignature, published, relaySignature),
      )
        .to.be.revertedWithCustomError(f.staking, "InvalidOriginSignature")
        .withArgs(OTHER_STREAM, 1n, grieferKey.address, f.origin.address);
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
