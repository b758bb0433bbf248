import { expect } from "chai";
import { Signature, TypedDataEncoder, ZeroAddress, concat, id } from "ethers";
import type { Wallet } from "ethers";
import { network } from "hardhat";
import type {
  FeeOnTransferToken,
  ReentrantToken,
  TestToken,
} from "../../types/ethers-contracts/index.ts";
import {
  ATTESTATION_TYPES,
  DAY,
  GB,
  MAX_RATE,
  MIN_NOTICE,
  NOTICE,
  RATE,
  ROTATION_DELAY,
  attestorWallets,
  deployRewardPools,
  signAttestation,
  withHighS,
} from "./helpers/rewardPools.ts";
import type { AttestationValue } from "./helpers/rewardPools.ts";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const FUNDED = 1_000n * RATE; // enough for 1,000 GB at the rate
const MAX_UINT128 = 2n ** 128n - 1n;

const ONE = attestorWallets(1);
const THREE = attestorWallets(3);
const OUTSIDERS = attestorWallets(2, "outsider");

async function oneOfOne() {
  const d = await deployRewardPools(ethers, ONE, 1);
  const tokenAddress = await d.token.getAddress();
  const poolsAddress = await d.pools.getAddress();
  await d.token.mint(d.streamer.address, 10n ** 18n);
  await d.token.connect(d.streamer).approve(poolsAddress, ethers.MaxUint256);
  await d.pools.connect(d.streamer).createPool(tokenAddress, RATE, MAX_RATE, 50n * RATE, NOTICE);
  await d.pools.connect(d.streamer).fund(1, FUNDED);
  const attest = (values: Partial<AttestationValue> = {}): AttestationValue => ({
    poolId: 1n,
    account: d.relay.address,
    cumulativeBytes: 10n * GB,
    cumulativeAmount: 10n * RATE,
    ...values,
  });
  const sign = (a: AttestationValue, signers: Wallet[] = ONE) =>
    signAttestation(signers, d.domain, a);
  return { ...d, tokenAddress, poolsAddress, attest, sign };
}

async function twoOfThree() {
  const d = await deployRewardPools(ethers, THREE, 2);
  await d.token.mint(d.streamer.address, 10n ** 18n);
  await d.token.connect(d.streamer).approve(await d.pools.getAddress(), ethers.MaxUint256);
  await d.pools
    .connect(d.streamer)
    .createPool(await d.token.getAddress(), RATE, MAX_RATE, 0, NOTICE);
  await d.pools.connect(d.streamer).fund(1, FUNDED);
  const attestation: AttestationValue = {
    poolId: 1n,
    account: d.relay.address,
    cumulativeBytes: 10n * GB,
    cumulativeAmount: 10n * RATE,
  };
  return { ...d, attestation };
}

/** A compact signature of `a` by one signer. */
async function compact(
  signer: Wallet,
  domain: Parameters<typeof signAttestation>[1],
  a: AttestationValue,
) {
  return Signature.from(await signer.signTypedData(domain, ATTESTATION_TYPES, a)).compactSerialized;
}

describe("RewardPools", function () {
  describe("deployment", function () {
    it("test_constructor_setsRolesAttestorsAndDelay", async function () {
      const { pools, token, admin, guardian } = await loadFixture(oneOfOne);
      expect(await pools.hasRole(await pools.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await pools.hasRole(await pools.GUARDIAN_ROLE(), guardian.address)).to.equal(true);
      expect(await pools.GUARDIAN_ROLE()).to.equal(id("GUARDIAN_ROLE"));
      expect(await pools.ATTESTOR_ROTATION_DELAY()).to.equal(ROTATION_DELAY);
      const [set, threshold] = await pools.attestors();
      expect(set).to.deep.equal(ONE.map((w) => w.address));
      expect(threshold).to.equal(1);
      expect(await pools.paused()).to.equal(false);
      expect(await token.decimals()).to.equal(6n);
      const [pendingSet, pendingThreshold, activatesAt] = await pools.pendingAttestors();
      expect(pendingSet).to.deep.equal([]);
      expect(pendingThreshold).to.equal(0);
      expect(activatesAt).to.equal(0);
    });

    it("test_constructor_multiMemberSet_storedAndReadBack", async function () {
      const { pools } = await loadFixture(twoOfThree);
      const [set, threshold] = await pools.attestors();
      expect(set).to.deep.equal(THREE.map((w) => w.address));
      expect(threshold).to.equal(2);
    });

    it("test_constructor_emitsAttestorsActivated", async function () {
      const [admin] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("RewardPools");
      const pools = await factory.deploy(
        admin!.address,
        admin!.address,
        [ONE[0]!.address],
        1,
        0,
        MIN_NOTICE,
      );
      await expect(pools.deploymentTransaction())
        .to.emit(pools, "AttestorsActivated")
        .withArgs([ONE[0]!.address], 1);
    });

    const invalidSets: [string, () => string[], number, string, (n: number) => unknown[]][] = [
      ["emptySet", () => [], 1, "InvalidAttestorSet", () => [0, 1]],
      ["zeroThreshold", () => THREE.map((w) => w.address), 0, "InvalidAttestorSet", () => [3, 0]],
      [
        "thresholdAboveSize",
        () => THREE.map((w) => w.address),
        4,
        "InvalidAttestorSet",
        () => [3, 4],
      ],
      [
        "tooManyMembers",
        () => Array.from({ length: 256 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}`),
        1,
        "InvalidAttestorSet",
        () => [256, 1],
      ],
      [
        "zeroAddress",
        () => [ZeroAddress, THREE[0]!.address],
        1,
        "AttestorsNotAscending",
        () => [0],
      ],
      [
        "descending",
        () => [THREE[1]!.address, THREE[0]!.address],
        1,
        "AttestorsNotAscending",
        () => [1],
      ],
      [
        "duplicate",
        () => [THREE[0]!.address, THREE[0]!.address],
        1,
        "AttestorsNotAscending",
        () => [1],
      ],
    ];
    for (const [name, set, threshold, error, args] of invalidSets) {
      it(`test_constructor_${name}_reverts`, async function () {
        const [admin] = await ethers.getSigners();
        const factory = await ethers.getContractFactory("RewardPools");
        await expect(
          factory.deploy(admin!.address, admin!.address, set(), threshold, 0, MIN_NOTICE),
        )
          .to.be.revertedWithCustomError(factory, error)
          .withArgs(...args(0));
      });
    }
  });

  describe("createPool", function () {
    it("test_createPool_storesPoolAndEmits", async function () {
      const { pools, tokenAddress, streamer } = await loadFixture(oneOfOne);
      await expect(pools.connect(streamer).createPool(tokenAddress, 5n, 7n, 100n, MIN_NOTICE))
        .to.emit(pools, "PoolCreated")
        .withArgs(2, streamer.address, tokenAddress, 5n, 7n, 100n, MIN_NOTICE);
      expect(await pools.poolCount()).to.equal(2);
      const info = await pools.pool(2);
      expect(info.owner).to.equal(streamer.address);
      expect(info.token).to.equal(tokenAddress);
      expect(info.ratePerGB).to.equal(5n);
      expect(info.maxRatePerGB).to.equal(7n);
      expect(info.epochBudget).to.equal(100n);
      expect(info.noticePeriod).to.equal(MIN_NOTICE);
      expect(info.balance).to.equal(0n);
      expect(info.closesAt).to.equal(0);
    });

    it("test_createPool_zeroToken_reverts", async function () {
      const { pools, streamer } = await loadFixture(oneOfOne);
      await expect(pools.connect(streamer).createPool(ZeroAddress, 1, 1, 0, NOTICE))
        .to.be.revertedWithCustomError(pools, "InvalidToken")
        .withArgs(ZeroAddress);
    });

    it("test_createPool_zeroCeiling_reverts", async function () {
      const { pools, tokenAddress, streamer } = await loadFixture(oneOfOne);
      await expect(pools.connect(streamer).createPool(tokenAddress, 0, 0, 0, 0))
        .to.be.revertedWithCustomError(pools, "InvalidRate")
        .withArgs(0, 0);
    });

    it("test_createPool_rateAboveCeiling_reverts", async function () {
      const { pools, tokenAddress, streamer } = await loadFixture(oneOfOne);
      await expect(pools.connect(streamer).createPool(tokenAddress, 3, 2, 0, 0))
        .to.be.revertedWithCustomError(pools, "InvalidRate")
        .withArgs(3, 2);
    });

    it("test_createPool_whenPaused_reverts", async function () {
      const { pools, tokenAddress, streamer, guardian } = await loadFixture(oneOfOne);
      await pools.connect(guardian).pause();
      await expect(
        pools.connect(streamer).createPool(tokenAddress, 1, 1, 0, NOTICE),
      ).to.be.revertedWithCustomError(pools, "EnforcedPause");
    });

    it("test_pool_unknownId_returnsZeroes", async function () {
      const { pools } = await loadFixture(oneOfOne);
      const info = await pools.pool(99);
      expect(info.owner).to.equal(ZeroAddress);
      expect(info.balance).to.equal(0n);
    });
  });

  describe("fund", function () {
    it("test_fund_creditsPoolAndEmits", async function () {
      const { pools, token, streamer, poolsAddress } = await loadFixture(oneOfOne);
      await expect(pools.connect(streamer).fund(1, 5n))
        .to.emit(pools, "PoolFunded")
        .withArgs(1, streamer.address, 5n, FUNDED + 5n);
      expect((await pools.pool(1)).balance).to.equal(FUNDED + 5n);
      expect(await token.balanceOf(poolsAddress)).to.equal(FUNDED + 5n);
    });

    it("test_fund_byAnyone_topsUp", async function () {
      const { pools, token, other, poolsAddress } = await loadFixture(oneOfOne);
      await token.mint(other.address, 7n);
      await token.connect(other).approve(poolsAddress, 7n);
      await expect(pools.connect(other).fund(1, 7n))
        .to.emit(pools, "PoolFunded")
        .withArgs(1, other.address, 7n, FUNDED + 7n);
    });

    it("test_fund_returnsCredited", async function () {
      const { pools, streamer } = await loadFixture(oneOfOne);
      expect(await pools.connect(streamer).fund.staticCall(1, 9n)).to.equal(9n);
    });

    it("test_fund_unknownPool_reverts", async function () {
      const { pools, streamer } = await loadFixture(oneOfOne);
      await expect(pools.connect(streamer).fund(2, 1))
        .to.be.revertedWithCustomError(pools, "PoolNotFound")
        .withArgs(2);
    });

    it("test_fund_zeroAmount_reverts", async function () {
      const { pools, streamer } = await loadFixture(oneOfOne);
      await expect(pools.connect(streamer).fund(1, 0)).to.be.revertedWithCustomError(
        pools,
        "ZeroAmount",
      );
    });

    it("test_fund_afterClose_reverts", async function () {
      const { pools, streamer } = await loadFixture(oneOfOne);
      await pools.connect(streamer).closePool(1);
      const { closesAt } = await pools.pool(1);
      await expect(pools.connect(streamer).fund(1, 1))
        .to.be.revertedWithCustomError(pools, "PoolAlreadyClosed")
        .withArgs(1, closesAt);
    });

    it("test_fund_whenPaused_reverts", async function () {
      const { pools, streamer, guardian } = await loadFixture(oneOfOne);
      await pools.connect(guardian).pause();
      await expect(pools.connect(streamer).fund(1, 1)).to.be.revertedWithCustomError(
        pools,
        "EnforcedPause",
      );
    });

    it("test_fund_balanceOverflow_reverts", async function () {
      const { pools, token, streamer } = await loadFixture(oneOfOne);
      await token.mint(streamer.address, MAX_UINT128);
      await expect(pools.connect(streamer).fund(1, MAX_UINT128))
        .to.be.revertedWithCustomError(pools, "PoolBalanceOverflow")
        .withArgs(1, FUNDED, MAX_UINT128);
    });

    it("test_fund_withoutAllowance_revertsWithTokenError", async function () {
      const { pools, token, other } = await loadFixture(oneOfOne);
      await token.mint(other.address, 1n);
      await expect(pools.connect(other).fund(1, 1n)).to.be.revertedWithCustomError(
        token,
        "ERC20InsufficientAllowance",
      );
    });

    it("test_fund_feeOnTransferToken_creditsReceived", async function () {
      const { pools, streamer, poolsAddress } = await loadFixture(oneOfOne);
      const fee = (await ethers.deployContract(
        "FeeOnTransferToken",
        [100],
      )) as unknown as FeeOnTransferToken; // 1%
      await fee.mint(streamer.address, 10_000n);
      await fee.connect(streamer).approve(poolsAddress, 10_000n);
      await pools.connect(streamer).createPool(await fee.getAddress(), 1, 1, 0, NOTICE);
      await expect(pools.connect(streamer).fund(2, 10_000n))
        .to.emit(pools, "PoolFunded")
        .withArgs(2, streamer.address, 9_900n, 9_900n);
      expect((await pools.pool(2)).balance).to.equal(9_900n);
      expect(await fee.balanceOf(poolsAddress)).to.equal(9_900n);
    });

    it("test_fund_tokenBurnsEverything_reverts", async function () {
      const { pools, streamer, poolsAddress } = await loadFixture(oneOfOne);
      const fee = (await ethers.deployContract(
        "FeeOnTransferToken",
        [10_000],
      )) as unknown as FeeOnTransferToken; // 100%
      await fee.mint(streamer.address, 100n);
      await fee.connect(streamer).approve(poolsAddress, 100n);
      await pools.connect(streamer).createPool(await fee.getAddress(), 1, 1, 0, NOTICE);
      await expect(pools.connect(streamer).fund(2, 100n)).to.be.revertedWithCustomError(
        pools,
        "ZeroAmount",
      );
    });
  });

  describe("fundWithPermit", function () {
    async function permitFixture() {
      const d = await oneOfOne();
      const [, , , , , funder] = await ethers.getSigners();
      await d.token.mint(funder!.address, 1_000n);
      const deadline = BigInt(await time.latest()) + 3_600n;
      const sign = async (value: bigint) => {
        const domain = {
          name: await d.token.name(),
          version: "1",
          chainId: (await ethers.provider.getNetwork()).chainId,
          verifyingContract: d.tokenAddress,
        };
        const types = {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        };
        const nonce = await d.token.nonces(funder!.address);
        const message = { owner: funder!.address, spender: d.poolsAddress, value, nonce, deadline };
        return Signature.from(await funder!.signTypedData(domain, types, message));
      };
      return { ...d, funder: funder!, deadline, signPermit: sign };
    }

    it("test_fundWithPermit_approvesAndFunds", async function () {
      const { pools, token, funder, deadline, signPermit } = await loadFixture(permitFixture);
      const { v, r, s } = await signPermit(600n);
      await expect(pools.connect(funder).fundWithPermit(1, 600n, deadline, v, r, s))
        .to.emit(pools, "PoolFunded")
        .withArgs(1, funder.address, 600n, FUNDED + 600n);
      expect(await token.balanceOf(funder.address)).to.equal(400n);
    });

    it("test_fundWithPermit_frontRunPermit_stillFunds", async function () {
      const { pools, token, funder, other, poolsAddress, deadline, signPermit } =
        await loadFixture(permitFixture);
      const { v, r, s } = await signPermit(600n);
      // Someone submits the permit from the mempool first: the permit in fundWithPermit fails.
      await token.connect(other).permit(funder.address, poolsAddress, 600n, deadline, v, r, s);
      await expect(pools.connect(funder).fundWithPermit(1, 600n, deadline, v, r, s))
        .to.emit(pools, "PoolFunded")
        .withArgs(1, funder.address, 600n, FUNDED + 600n);
    });

    it("test_fundWithPermit_badPermitNoAllowance_reverts", async function () {
      const { pools, tokenAddress, funder, deadline, signPermit } =
        await loadFixture(permitFixture);
      const { v, r, s } = await signPermit(100n); // signed for less than requested
      await expect(pools.connect(funder).fundWithPermit(1, 600n, deadline, v, r, s))
        .to.be.revertedWithCustomError(pools, "PermitFailed")
        .withArgs(tokenAddress, 0n, 600n);
    });

    it("test_fundWithPermit_tokenWithoutPermit_usesAllowance", async function () {
      const { pools, streamer, poolsAddress } = await loadFixture(permitFixture);
      const fee = (await ethers.deployContract(
        "FeeOnTransferToken",
        [0],
      )) as unknown as FeeOnTransferToken;
      await fee.mint(streamer.address, 50n);
      await fee.connect(streamer).approve(poolsAddress, 50n);
      await pools.connect(streamer).createPool(await fee.getAddress(), 1, 1, 0, NOTICE);
      await expect(pools.connect(streamer).fundWithPermit(2, 50n, 0, 27, id("r"), id("s")))
        .to.emit(pools, "PoolFunded")
        .withArgs(2, streamer.address, 50n, 50n);
    });

    it("test_fundWithPermit_unknownPool_reverts", async function () {
      const { pools, funder, deadline } = await loadFixture(permitFixture);
      await expect(pools.connect(funder).fundWithPermit(9, 1n, deadline, 27, id("r"), id("s")))
        .to.be.revertedWithCustomError(pools, "PoolNotFound")
        .withArgs(9);
    });

    it("test_fundWithPermit_afterClose_reverts", async function () {
      const { pools, streamer, funder, deadline } = await loadFixture(permitFixture);
      await pools.connect(streamer).closePool(1);
      await expect(
        pools.connect(funder).fundWithPermit(1, 1n, deadline, 27, id("r"), id("s")),
      ).to.be.revertedWithCustomError(pools, "PoolAlreadyClosed");
    });

    it("test_fundWithPermit_whenPaused_reverts", async function () {
      const { pools, guardian, funder, deadline } = await loadFixture(permitFixture);
      await pools.connect(guardian).pause();
      await expect(
        pools.connect(funder).fundWithPermit(1, 1n, deadline, 27, id("r"), id("s")),
      ).to.be.revertedWithCustomError(pools, "EnforcedPause");
    });
  });

  describe("closePool", function () {
    it("test_closePool_setsClosesAtAndEmits", async function () {
      const { pools, streamer } = await loadFixture(oneOfOne);
      const tx = await pools.connect(streamer).closePool(1);
      const closesAt = BigInt(await time.latest()) + BigInt(NOTICE);
      await expect(tx).to.emit(pools, "PoolClosed").withArgs(1, closesAt);
      expect((await pools.pool(1)).closesAt).to.equal(closesAt);
    });

    it("test_closePool_notOwner_reverts", async function () {
      const { pools, streamer, other } = await loadFixture(oneOfOne);
      await expect(pools.connect(other).closePool(1))
        .to.be.revertedWithCustomError(pools, "NotPoolOwner")
        .withArgs(1, other.address, streamer.address);
    });

    it("test_closePool_unknownPool_reverts", async function () {
      const { pools, streamer } = await loadFixture(oneOfOne);
      await expect(pools.connect(streamer).closePool(5))
        .to.be.revertedWithCustomError(pools, "PoolNotFound")
        .withArgs(5);
    });

    it("test_closePool_twice_reverts", async function () {
      const { pools, streamer } = await loadFixture(oneOfOne);
      await pools.connect(streamer).closePool(1);
      const { closesAt } = await pools.pool(1);
      await expect(pools.connect(streamer).closePool(1))
        .to.be.revertedWithCustomError(pools, "PoolAlreadyClosed")
        .withArgs(1, closesAt);
    });

    it("test_closePool_whenPaused_succeeds", async function () {
      const { pools, streamer, guardian } = await loadFixture(oneOfOne);
      await pools.connect(guardian).pause();
      await expect(pools.connect(streamer).closePool(1)).to.emit(pools, "PoolClosed");
    });
  });

  describe("reclaim", function () {
    async function closedFixture() {
      const d = await oneOfOne();
      await d.pools.connect(d.streamer).closePool(1);
      return d;
    }

    it("test_reclaim_afterNotice_paysOwnerAndEmits", async function () {
      const { pools, token, streamer } = await loadFixture(closedFixture);
      await time.increase(NOTICE);
      const before = await token.balanceOf(streamer.address);
      await expect(pools.connect(streamer).reclaim(1))
        .to.emit(pools, "PoolReclaimed")
        .withArgs(1, streamer.address, FUNDED);
      expect(await token.balanceOf(streamer.address)).to.equal(before + FUNDED);
      expect((await pools.pool(1)).balance).to.equal(0n);
    });

    it("test_reclaim_returnsAmount", async function () {
      const { pools, streamer } = await loadFixture(closedFixture);
      await time.increase(NOTICE);
      expect(await pools.connect(streamer).reclaim.staticCall(1)).to.equal(FUNDED);
    });

    it("test_reclaim_openPool_reverts", async function () {
      const { pools, streamer } = await loadFixture(oneOfOne);
      await expect(pools.connect(streamer).reclaim(1))
        .to.be.revertedWithCustomError(pools, "PoolNotClosed")
        .withArgs(1);
    });

    it("test_reclaim_duringNotice_reverts", async function () {
      const { pools, streamer } = await loadFixture(closedFixture);
      const { closesAt } = await pools.pool(1);
      await time.setNextBlockTimestamp(closesAt - 1n);
      await expect(pools.connect(streamer).reclaim(1))
        .to.be.revertedWithCustomError(pools, "NoticePeriodNotOver")
        .withArgs(1, closesAt);
    });

    it("test_reclaim_atClosesAt_succeeds", async function () {
      const { pools, streamer } = await loadFixture(closedFixture);
      const { closesAt } = await pools.pool(1);
      await time.setNextBlockTimestamp(closesAt);
      await expect(pools.connect(streamer).reclaim(1)).to.emit(pools, "PoolReclaimed");
    });

    it("test_reclaim_twice_reverts", async function () {
      const { pools, streamer } = await loadFixture(closedFixture);
      await time.increase(NOTICE);
      await pools.connect(streamer).reclaim(1);
      await expect(pools.connect(streamer).reclaim(1))
        .to.be.revertedWithCustomError(pools, "NothingToReclaim")
        .withArgs(1);
    });

    it("test_reclaim_notOwner_reverts", async function () {
      const { pools, streamer, other } = await loadFixture(closedFixture);
      await time.increase(NOTICE);
      await expect(pools.connect(other).reclaim(1))
        .to.be.revertedWithCustomError(pools, "NotPoolOwner")
        .withArgs(1, other.address, streamer.address);
    });

    it("test_reclaim_unknownPool_reverts", async function () {
      const { pools, streamer } = await loadFixture(closedFixture);
      await expect(pools.connect(streamer).reclaim(3))
        .to.be.revertedWithCustomError(pools, "PoolNotFound")
        .withArgs(3);
    });

    it("test_reclaim_whenPaused_succeeds", async function () {
      const { pools, streamer, guardian } = await loadFixture(closedFixture);
      await time.increase(NOTICE);
      await pools.connect(guardian).pause();
      await expect(pools.connect(streamer).reclaim(1)).to.emit(pools, "PoolReclaimed");
    });

    it("test_reclaim_reentrantClaim_reverts", async function () {
      const { pools, streamer, poolsAddress, domain, relay } = await loadFixture(oneOfOne);
      const re = (await ethers.deployContract("ReentrantToken")) as unknown as ReentrantToken;
      await re.mint(streamer.address, 1_000n);
      await re.connect(streamer).approve(poolsAddress, 1_000n);
      await pools.connect(streamer).createPool(await re.getAddress(), 1, MAX_RATE, 0, NOTICE);
      await pools.connect(streamer).fund(2, 1_000n);
      await pools.connect(streamer).closePool(2);
      await time.increase(NOTICE);
      const a = { poolId: 2n, account: relay.address, cumulativeBytes: GB, cumulativeAmount: 1n };
      const data = pools.interface.encodeFunctionData("claim", [
        a,
        await signAttestation(ONE, domain, a),
      ]);
      await re.arm(poolsAddress, data);
      await expect(pools.connect(streamer).reclaim(2)).to.be.revertedWithCustomError(
        pools,
        "ReentrancyGuardReentrantCall",
      );
    });
  });

  describe("claim", function () {
    it("test_claim_paysAccountRecordsAndEmits", async function () {
      const { pools, token, relay, other, attest, sign, poolsAddress } =
        await loadFixture(oneOfOne);
      const a = attest();
      await expect(pools.connect(other).claim(a, await sign(a)))
        .to.emit(pools, "Claimed")
        .withArgs(1, relay.address, a.cumulativeAmount);
      expect(await token.balanceOf(relay.address)).to.equal(a.cumulativeAmount);
      expect(await token.balanceOf(poolsAddress)).to.equal(FUNDED - a.cumulativeAmount);
      expect((await pools.pool(1)).balance).to.equal(FUNDED - a.cumulativeAmount);
      const [bytes, amount] = await pools.claimed(1, relay.address);
      expect(bytes).to.equal(a.cumulativeBytes);
      expect(amount).to.equal(a.cumulativeAmount);
    });

    it("test_claim_returnsPaid", async function () {
      const { pools, attest, sign } = await loadFixture(oneOfOne);
      const a = attest();
      expect(await pools.claim.staticCall(a, await sign(a))).to.equal(a.cumulativeAmount);
    });

    it("test_claim_second_paysDelta", async function () {
      const { pools, token, relay, attest, sign } = await loadFixture(oneOfOne);
      const a1 = attest();
      await pools.claim(a1, await sign(a1));
      const a2 = attest({ cumulativeBytes: 25n * GB, cumulativeAmount: 25n * RATE });
      await expect(pools.claim(a2, await sign(a2)))
        .to.emit(pools, "Claimed")
        .withArgs(1, relay.address, 15n * RATE);
      expect(await token.balanceOf(relay.address)).to.equal(25n * RATE);
    });

    it("test_claim_replay_reverts", async function () {
      const { pools, relay, attest, sign } = await loadFixture(oneOfOne);
      const a = attest();
      const signatures = await sign(a);
      await pools.claim(a, signatures);
      await expect(pools.claim(a, signatures))
        .to.be.revertedWithCustomError(pools, "NothingToClaim")
        .withArgs(1, relay.address, a.cumulativeAmount, a.cumulativeAmount);
    });

    it("test_claim_olderAttestation_reverts", async function () {
      const { pools, relay, attest, sign } = await loadFixture(oneOfOne);
      const older = attest();
      const newer = attest({ cumulativeBytes: 20n * GB, cumulativeAmount: 20n * RATE });
      const olderSignatures = await sign(older);
      await pools.claim(newer, await sign(newer));
      await expect(pools.claim(older, olderSignatures))
        .to.be.revertedWithCustomError(pools, "CumulativeBytesDecreased")
        .withArgs(1, relay.address, newer.cumulativeBytes, older.cumulativeBytes);
    });

    it("test_claim_sameBytesLowerAmount_reverts", async function () {
      const { pools, relay, attest, sign } = await loadFixture(oneOfOne);
      const a1 = attest();
      await pools.claim(a1, await sign(a1));
      const a2 = attest({ cumulativeAmount: a1.cumulativeAmount - 1n });
      await expect(pools.claim(a2, await sign(a2)))
        .to.be.revertedWithCustomError(pools, "NothingToClaim")
        .withArgs(1, relay.address, a1.cumulativeAmount, a2.cumulativeAmount);
    });

    it("test_claim_bytesDecreasedAmountRaised_reverts", async function () {
      const { pools, relay, attest, sign } = await loadFixture(oneOfOne);
      const a1 = attest();
      await pools.claim(a1, await sign(a1));
      const a2 = attest({
        cumulativeBytes: a1.cumulativeBytes - 1n,
        cumulativeAmount: a1.cumulativeAmount + 1n,
      });
      await expect(pools.claim(a2, await sign(a2)))
        .to.be.revertedWithCustomError(pools, "CumulativeBytesDecreased")
        .withArgs(1, relay.address, a1.cumulativeBytes, a2.cumulativeBytes);
    });

    it("test_claim_zeroAmount_reverts", async function () {
      const { pools, relay, attest, sign } = await loadFixture(oneOfOne);
      const a = attest({ cumulativeAmount: 0n });
      await expect(pools.claim(a, await sign(a)))
        .to.be.revertedWithCustomError(pools, "NothingToClaim")
        .withArgs(1, relay.address, 0n, 0n);
    });

    it("test_claim_atRateCeiling_pays", async function () {
      const { pools, attest, sign } = await loadFixture(oneOfOne);
      const a = attest({ cumulativeBytes: 3n * GB, cumulativeAmount: 3n * MAX_RATE });
      await expect(pools.claim(a, await sign(a))).to.emit(pools, "Claimed");
    });

    it("test_claim_aboveRateCeiling_reverts", async function () {
      const { pools, attest, sign } = await loadFixture(oneOfOne);
      const a = attest({ cumulativeBytes: 3n * GB, cumulativeAmount: 3n * MAX_RATE + 1n });
      await expect(pools.claim(a, await sign(a)))
        .to.be.revertedWithCustomError(pools, "RateCeilingExceeded")
        .withArgs(1, a.cumulativeBytes, a.cumulativeAmount, MAX_RATE);
    });

    it("test_claim_wholeBalance_pays", async function () {
      const { pools, attest, sign } = await loadFixture(oneOfOne);
      const a = attest({ cumulativeBytes: 1_000n * GB, cumulativeAmount: FUNDED });
      await pools.claim(a, await sign(a));
      expect((await pools.pool(1)).balance).to.equal(0n);
    });

    it("test_claim_moreThanPoolHolds_reverts", async function () {
      const { pools, attest, sign } = await loadFixture(oneOfOne);
      const a = attest({ cumulativeBytes: 1_000n * GB, cumulativeAmount: FUNDED + 1n });
      await expect(pools.claim(a, await sign(a)))
        .to.be.revertedWithCustomError(pools, "InsufficientPoolBalance")
        .withArgs(1, FUNDED, FUNDED + 1n);
    });

    it("test_claim_unknownPool_reverts", async function () {
      const { pools, attest, sign } = await loadFixture(oneOfOne);
      const a = attest({ poolId: 7n });
      await expect(pools.claim(a, await sign(a)))
        .to.be.revertedWithCustomError(pools, "PoolNotFound")
        .withArgs(7);
    });

    it("test_claim_duringNotice_pays", async function () {
      const { pools, streamer, attest, sign } = await loadFixture(oneOfOne);
      await pools.connect(streamer).closePool(1);
      const { closesAt } = await pools.pool(1);
      await time.setNextBlockTimestamp(closesAt - 1n);
      const a = attest();
      await expect(pools.claim(a, await sign(a))).to.emit(pools, "Claimed");
    });

    it("test_claim_afterNotice_reverts", async function () {
      const { pools, streamer, attest, sign } = await loadFixture(oneOfOne);
      await pools.connect(streamer).closePool(1);
      const { closesAt } = await pools.pool(1);
      await time.setNextBlockTimestamp(closesAt);
      const a = attest();
      await expect(pools.claim(a, await sign(a)))
        .to.be.revertedWithCustomError(pools, "PoolExpired")
        .withArgs(1, closesAt);
    });

    it("test_claim_afterReclaim_reverts", async function () {
      const { pools, streamer, attest, sign } = await loadFixture(oneOfOne);
      await pools.connect(streamer).closePool(1);
      await time.increase(NOTICE);
      await pools.connect(streamer).reclaim(1);
      const a = attest();
      await expect(pools.claim(a, await sign(a))).to.be.revertedWithCustomError(
        pools,
        "PoolExpired",
      );
    });

    it("test_claim_whenPaused_reverts", async function () {
      const { pools, guardian, attest, sign } = await loadFixture(oneOfOne);
      await pools.connect(guardian).pause();
      const a = attest();
      await expect(pools.claim(a, await sign(a))).to.be.revertedWithCustomError(
        pools,
        "EnforcedPause",
      );
    });

    it("test_claim_afterUnpause_pays", async function () {
      const { pools, guardian, attest, sign } = await loadFixture(oneOfOne);
      await pools.connect(guardian).pause();
      await pools.connect(guardian).unpause();
      const a = attest();
      await expect(pools.claim(a, await sign(a))).to.emit(pools, "Claimed");
    });

    it("test_claim_noSignature_reverts", async function () {
      const { pools, attest } = await loadFixture(oneOfOne);
      await expect(pools.claim(attest(), "0x"))
        .to.be.revertedWithCustomError(pools, "InvalidSignaturesLength")
        .withArgs(0, 1, 1);
    });

    it("test_claim_fullLengthSignature_reverts", async function () {
      const { pools, attest, domain } = await loadFixture(oneOfOne);
      const a = attest();
      const full = await ONE[0]!.signTypedData(domain, ATTESTATION_TYPES, a); // 65 bytes
      await expect(pools.claim(a, full))
        .to.be.revertedWithCustomError(pools, "InvalidSignaturesLength")
        .withArgs(65, 1, 1);
    });

    it("test_claim_unregisteredSigner_reverts", async function () {
      const { pools, attest, sign } = await loadFixture(oneOfOne);
      const a = attest();
      await expect(pools.claim(a, await sign(a, [OUTSIDERS[0]!])))
        .to.be.revertedWithCustomError(pools, "UnknownAttestor")
        .withArgs(OUTSIDERS[0]!.address);
    });

    it("test_claim_tamperedAmount_reverts", async function () {
      const { pools, attest, sign } = await loadFixture(oneOfOne);
      const a = attest();
      const signatures = await sign(a);
      await expect(
        pools.claim({ ...a, cumulativeAmount: a.cumulativeAmount + 1n }, signatures),
      ).to.be.revertedWithCustomError(pools, "UnknownAttestor");
    });

    it("test_claim_tamperedAccount_reverts", async function () {
      const { pools, other, attest, sign } = await loadFixture(oneOfOne);
      const a = attest();
      const signatures = await sign(a);
      await expect(
        pools.claim({ ...a, account: other.address }, signatures),
      ).to.be.revertedWithCustomError(pools, "UnknownAttestor");
    });

    it("test_claim_dirtyHighBitsInSignedFields_reverts", async function () {
      // The claim reads the fields by masking, not by the ABI decoder's checks: the signature,
      // verified over the calldata words as sent, must reject a word with dirty high bits.
      const { pools, token, relay, attest, sign } = await loadFixture(oneOfOne);
      const a = attest();
      const data = pools.interface.encodeFunctionData("claim", [a, await sign(a)]);
      const words = (hex: string, word: number, prefix: string) =>
        hex.slice(0, 10 + word * 64) + prefix + hex.slice(10 + word * 64 + prefix.length);
      for (const dirty of [words(data, 1, "01"), words(data, 2, "01"), words(data, 3, "01")]) {
        await expect(
          relay.sendTransaction({ to: await pools.getAddress(), data: dirty }),
        ).to.be.revertedWithCustomError(pools, "UnknownAttestor");
      }
      expect(await token.balanceOf(relay.address)).to.equal(0n);
    });

    it("test_claim_otherContractsDomain_reverts", async function () {
      const { pools, attest } = await loadFixture(oneOfOne);
      const a = attest();
      const { chainId } = await ethers.provider.getNetwork();
      const foreign = {
        name: "StreamrP2P RewardPools",
        version: "1",
        chainId,
        verifyingContract: ZeroAddress,
      };
      await expect(
        pools.claim(a, await signAttestation(ONE, foreign, a)),
      ).to.be.revertedWithCustomError(pools, "UnknownAttestor");
    });

    it("test_claim_highS_reverts", async function () {
      const { pools, attest, sign } = await loadFixture(oneOfOne);
      const a = attest();
      await expect(pools.claim(a, withHighS(await sign(a))))
        .to.be.revertedWithCustomError(pools, "InvalidSignature")
        .withArgs(0);
    });

    it("test_claim_unrecoverableSignature_reverts", async function () {
      const { pools, attest } = await loadFixture(oneOfOne);
      // r = 0 is not a curve point's x: ecrecover returns the zero address.
      await expect(pools.claim(attest(), concat([ethers.ZeroHash, ethers.toBeHex(1n, 32)])))
        .to.be.revertedWithCustomError(pools, "InvalidSignature")
        .withArgs(0);
    });

    it("test_claim_reentrantToken_reverts", async function () {
      const { pools, streamer, poolsAddress, relay, domain } = await loadFixture(oneOfOne);
      const re = (await ethers.deployContract("ReentrantToken")) as unknown as ReentrantToken;
      await re.mint(streamer.address, 1_000n);
      await re.connect(streamer).approve(poolsAddress, 1_000n);
      await pools.connect(streamer).createPool(await re.getAddress(), 1, MAX_RATE, 0, NOTICE);
      await pools.connect(streamer).fund(2, 1_000n);
      const a1 = { poolId: 2n, account: relay.address, cumulativeBytes: GB, cumulativeAmount: 1n };
      const a2 = { ...a1, cumulativeAmount: 2n };
      await re.arm(
        poolsAddress,
        pools.interface.encodeFunctionData("claim", [a2, await signAttestation(ONE, domain, a2)]),
      );
      await expect(
        pools.claim(a1, await signAttestation(ONE, domain, a1)),
      ).to.be.revertedWithCustomError(pools, "ReentrancyGuardReentrantCall");
    });

    describe("two of three", function () {
      it("test_claim_twoOfThree_anyTwoAscending_pays", async function () {
        const { pools, domain, attestation } = await loadFixture(twoOfThree);
        for (const [i, j] of [
          [0, 1],
          [0, 2],
          [1, 2],
        ] as const) {
          const a = {
            ...attestation,
            cumulativeAmount: attestation.cumulativeAmount + BigInt(i + j),
          };
          await expect(
            pools.claim(a, await signAttestation([THREE[i]!, THREE[j]!], domain, a)),
          ).to.emit(pools, "Claimed");
        }
      });

      it("test_claim_twoOfThree_oneSignature_reverts", async function () {
        const { pools, domain, attestation } = await loadFixture(twoOfThree);
        await expect(
          pools.claim(attestation, await signAttestation([THREE[0]!], domain, attestation)),
        )
          .to.be.revertedWithCustomError(pools, "InvalidSignaturesLength")
          .withArgs(64, 1, 2);
      });

      it("test_claim_twoOfThree_threeSignatures_reverts", async function () {
        const { pools, domain, attestation } = await loadFixture(twoOfThree);
        await expect(pools.claim(attestation, await signAttestation(THREE, domain, attestation)))
          .to.be.revertedWithCustomError(pools, "InvalidSignaturesLength")
          .withArgs(192, 1, 2);
      });

      it("test_claim_twoOfThree_descendingSigners_reverts", async function () {
        const { pools, domain, attestation } = await loadFixture(twoOfThree);
        const signatures = concat([
          await compact(THREE[1]!, domain, attestation),
          await compact(THREE[0]!, domain, attestation),
        ]);
        await expect(pools.claim(attestation, signatures))
          .to.be.revertedWithCustomError(pools, "SignersNotAscending")
          .withArgs(1, THREE[0]!.address, THREE[1]!.address);
      });

      it("test_claim_twoOfThree_sameSignerTwice_reverts", async function () {
        const { pools, domain, attestation } = await loadFixture(twoOfThree);
        const one = await compact(THREE[2]!, domain, attestation);
        await expect(pools.claim(attestation, concat([one, one])))
          .to.be.revertedWithCustomError(pools, "SignersNotAscending")
          .withArgs(1, THREE[2]!.address, THREE[2]!.address);
      });

      it("test_claim_twoOfThree_outsiderSecond_reverts", async function () {
        const { pools, domain, attestation } = await loadFixture(twoOfThree);
        // An outsider above THREE[0] in address order, so the ascending check passes.
        const outsider = [...OUTSIDERS, ...attestorWallets(4, "more")].find(
          (w) =>
            BigInt(w.address) > BigInt(THREE[0]!.address) &&
            !THREE.some((t) => t.address === w.address),
        )!;
        const signatures = concat([
          await compact(THREE[0]!, domain, attestation),
          await compact(outsider, domain, attestation),
        ]);
        await expect(pools.claim(attestation, signatures))
          .to.be.revertedWithCustomError(pools, "UnknownAttestor")
          .withArgs(outsider.address);
      });

      it("test_claim_twoOfThree_outsiderAboveAllMembers_reverts", async function () {
        const four = attestorWallets(4, "four");
        const outsider = four[3]!; // the highest address, not a member
        const d = await deployRewardPools(ethers, four.slice(0, 3), 2);
        const attestation = {
          poolId: 1n,
          account: d.relay.address,
          cumulativeBytes: GB,
          cumulativeAmount: 1n,
        };
        const signatures = await signAttestation([four[0]!, outsider], d.domain, attestation);
        await expect(d.pools.claim(attestation, signatures))
          .to.be.revertedWithCustomError(d.pools, "UnknownAttestor")
          .withArgs(outsider.address);
      });

      it("test_claim_twoOfThree_secondSignatureHighS_reverts", async function () {
        const { pools, domain, attestation } = await loadFixture(twoOfThree);
        const signatures = await signAttestation([THREE[0]!, THREE[1]!], domain, attestation);
        const broken = `0x${signatures.slice(2, 130)}${withHighS(`0x${signatures.slice(130)}`).slice(2)}`;
        await expect(pools.claim(attestation, broken))
          .to.be.revertedWithCustomError(pools, "InvalidSignature")
          .withArgs(1);
      });
    });
  });

  describe("claimBatch", function () {
    async function batchFixture() {
      const d = await oneOfOne();
      for (const poolId of [2n, 3n]) {
        await d.pools.connect(d.streamer).createPool(d.tokenAddress, RATE, MAX_RATE, 0, NOTICE);
        await d.pools.connect(d.streamer).fund(poolId, FUNDED);
      }
      const other = (await ethers.deployContract("TestToken", [
        "Other",
        "OTH",
        18,
      ])) as unknown as TestToken;
      await other.mint(d.streamer.address, FUNDED);
      await other.connect(d.streamer).approve(d.poolsAddress, FUNDED);
      await d.pools
        .connect(d.streamer)
        .createPool(await other.getAddress(), RATE, MAX_RATE, 0, NOTICE);
      await d.pools.connect(d.streamer).fund(4, FUNDED);
      const signAll = async (list: AttestationValue[]) =>
        concat(await Promise.all(list.map((a) => d.sign(a))));
      return { ...d, otherToken: other, signAll };
    }

    it("test_claimBatch_samePoolsTokenAccount_paysOneTransfer", async function () {
      const { pools, token, relay, attest, signAll } = await loadFixture(batchFixture);
      const list = [attest({ poolId: 1n }), attest({ poolId: 2n }), attest({ poolId: 3n })];
      const tx = await pools.claimBatch(list, await signAll(list));
      await expect(tx)
        .to.emit(pools, "Claimed")
        .withArgs(3, relay.address, 10n * RATE);
      const receipt = await tx.wait();
      const transfers = receipt!.logs.filter(
        (l) =>
          l.address === token.target && l.topics[0] === id("Transfer(address,address,uint256)"),
      );
      expect(transfers).to.have.length(1);
      expect(await token.balanceOf(relay.address)).to.equal(30n * RATE);
      for (const poolId of [1, 2, 3])
        expect((await pools.pool(poolId)).balance).to.equal(FUNDED - 10n * RATE);
    });

    it("test_claimBatch_mixedTokensAndAccounts_paysEach", async function () {
      const { pools, token, otherToken, relay, other, attest, signAll } =
        await loadFixture(batchFixture);
      const list = [
        attest({ poolId: 1n }),
        attest({ poolId: 4n }),
        attest({ poolId: 2n, account: other.address }),
        attest({ poolId: 3n, account: other.address }),
      ];
      await pools.claimBatch(list, await signAll(list));
      expect(await token.balanceOf(relay.address)).to.equal(10n * RATE);
      expect(await otherToken.balanceOf(relay.address)).to.equal(10n * RATE);
      expect(await token.balanceOf(other.address)).to.equal(20n * RATE);
    });

    it("test_claimBatch_alreadyClaimedAttestation_skippedRestPaid", async function () {
      const { pools, relay, attest, signAll } = await loadFixture(batchFixture);
      const good = attest({ poolId: 1n });
      await pools.claim(good, await signAll([good]));
      const list = [attest({ poolId: 2n }), good];
      const tx = pools.claimBatch(list, await signAll(list));
      await expect(tx)
        .to.emit(pools, "Claimed")
        .withArgs(2, relay.address, 10n * RATE);
      const [, amount] = await pools.claimed(2, relay.address);
      expect(amount).to.equal(10n * RATE);
    });

    it("test_claimBatch_oneInvalidAttestation_revertsAll", async function () {
      const { pools, attest, signAll } = await loadFixture(batchFixture);
      const list = [attest({ poolId: 2n }), attest({ poolId: 9n })];
      await expect(pools.claimBatch(list, await signAll(list)))
        .to.be.revertedWithCustomError(pools, "PoolNotFound")
        .withArgs(9);
    });

    it("test_claimBatch_samePoolTwiceRising_paysBoth", async function () {
      const { pools, token, relay, attest, signAll } = await loadFixture(batchFixture);
      const list = [attest(), attest({ cumulativeBytes: 20n * GB, cumulativeAmount: 20n * RATE })];
      await pools.claimBatch(list, await signAll(list));
      expect(await token.balanceOf(relay.address)).to.equal(20n * RATE);
    });

    it("test_claimBatch_signatureCountMismatch_reverts", async function () {
      const { pools, attest, signAll } = await loadFixture(batchFixture);
      const list = [attest({ poolId: 1n }), attest({ poolId: 2n })];
      await expect(pools.claimBatch(list, await signAll(list.slice(1))))
        .to.be.revertedWithCustomError(pools, "InvalidSignaturesLength")
        .withArgs(64, 2, 1);
    });

    it("test_claimBatch_signaturesSwapped_reverts", async function () {
      const { pools, attest, signAll } = await loadFixture(batchFixture);
      const list = [attest({ poolId: 1n }), attest({ poolId: 2n })];
      await expect(
        pools.claimBatch(list, await signAll([list[1]!, list[0]!])),
      ).to.be.revertedWithCustomError(pools, "UnknownAttestor");
    });

    it("test_claimBatch_empty_doesNothing", async function () {
      const { pools } = await loadFixture(batchFixture);
      await expect(pools.claimBatch([], "0x")).to.not.emit(pools, "Claimed");
    });

    it("test_claimBatch_whenPaused_reverts", async function () {
      const { pools, guardian, attest, signAll } = await loadFixture(batchFixture);
      await pools.connect(guardian).pause();
      const list = [attest()];
      await expect(pools.claimBatch(list, await signAll(list))).to.be.revertedWithCustomError(
        pools,
        "EnforcedPause",
      );
    });

    it("test_claimBatch_twoOfThree_pays", async function () {
      const { pools, token, relay, domain, attestation } = await loadFixture(twoOfThree);
      const list = [
        attestation,
        { ...attestation, cumulativeBytes: 20n * GB, cumulativeAmount: 20n * RATE },
      ];
      const signatures = concat(
        await Promise.all(list.map((a) => signAttestation([THREE[0]!, THREE[2]!], domain, a))),
      );
      await pools.claimBatch(list, signatures);
      expect(await token.balanceOf(relay.address)).to.equal(20n * RATE);
    });
  });

  describe("attacks (issue 9)", function () {
    it("test_attack_noticeZeroReclaimInOneBlock_relayStillPaid", async function () {
      const { pools, token, streamer, relay, tokenAddress, attest, sign } =
        await loadFixture(oneOfOne);
      await expect(pools.connect(streamer).createPool(tokenAddress, RATE, MAX_RATE, 0, 0))
        .to.be.revertedWithCustomError(pools, "NoticePeriodTooShort")
        .withArgs(0, MIN_NOTICE);
      // With the shortest notice allowed, close and reclaim in one block cannot void claims.
      const a = attest();
      const signature = await sign(a);
      await ethers.provider.send("evm_setAutomine", [false]);
      const close = await pools.connect(streamer).closePool(1);
      const grab = await pools.connect(streamer).reclaim(1, { gasLimit: 200_000 });
      await ethers.provider.send("evm_mine", []);
      await ethers.provider.send("evm_setAutomine", [true]);
      expect((await close.wait())!.status).to.equal(1);
      // The reclaim was mined in the same block as the close, and reverted.
      expect((await ethers.provider.getTransactionReceipt(grab.hash))!.status).to.equal(0);
      await pools.claim(a, signature);
      expect(await token.balanceOf(relay.address)).to.equal(a.cumulativeAmount);
    });

    it("test_attack_frontRunOneClaimOfBatch_batchStillPaysTheRest", async function () {
      const { pools, token, streamer, relay, other, tokenAddress, attest, sign } =
        await loadFixture(oneOfOne);
      await pools.connect(streamer).createPool(tokenAddress, RATE, MAX_RATE, 0, NOTICE);
      await pools.connect(streamer).fund(2, FUNDED);
      const list = [attest({ poolId: 1n }), attest({ poolId: 2n })];
      const signatures = concat(await Promise.all(list.map((a) => sign(a))));
      // Attestations are public: the griefer claims the first one for the relay first.
      await pools.connect(other).claim(list[0]!, await sign(list[0]!));
      await pools.claimBatch(list, signatures);
      expect(await token.balanceOf(relay.address)).to.equal(20n * RATE);
    });

    it("test_attack_pauseAfterClose_noticeClockStops", async function () {
      const { pools, token, streamer, guardian, relay, attest, sign } = await loadFixture(oneOfOne);
      await pools.connect(streamer).closePool(1);
      await time.increase(DAY);
      await pools.connect(guardian).pause();
      await time.increase(NOTICE);
      await pools.connect(guardian).unpause();
      // Paused time does not count: the notice still has NOTICE - DAY to run.
      await expect(pools.connect(streamer).reclaim(1)).to.be.revertedWithCustomError(
        pools,
        "NoticePeriodNotOver",
      );
      const a = attest();
      await pools.claim(a, await sign(a));
      expect(await token.balanceOf(relay.address)).to.equal(a.cumulativeAmount);
    });
  });

  describe("notice period (issue 9)", function () {
    it("test_minNoticePeriod_isImmutableConstructorValue", async function () {
      const { pools } = await loadFixture(oneOfOne);
      expect(await pools.minNoticePeriod()).to.equal(MIN_NOTICE);
    });

    it("test_constructor_zeroMinNotice_reverts", async function () {
      const [admin] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("RewardPools");
      await expect(factory.deploy(admin!.address, admin!.address, [ONE[0]!.address], 1, 0, 0))
        .to.be.revertedWithCustomError(factory, "InvalidMinNoticePeriod")
        .withArgs(0);
    });

    it("test_createPool_belowMinNotice_reverts", async function () {
      const { pools, streamer, tokenAddress } = await loadFixture(oneOfOne);
      await expect(
        pools.connect(streamer).createPool(tokenAddress, RATE, MAX_RATE, 0, MIN_NOTICE - 1),
      )
        .to.be.revertedWithCustomError(pools, "NoticePeriodTooShort")
        .withArgs(MIN_NOTICE - 1, MIN_NOTICE);
    });

    it("test_createPool_atMinNotice_succeeds", async function () {
      const { pools, streamer, tokenAddress } = await loadFixture(oneOfOne);
      await expect(
        pools.connect(streamer).createPool(tokenAddress, RATE, MAX_RATE, 0, MIN_NOTICE),
      ).to.emit(pools, "PoolCreated");
    });

    it("test_closePool_whilePaused_noticeStartsAtUnpause", async function () {
      const { pools, streamer, guardian } = await loadFixture(oneOfOne);
      await pools.connect(guardian).pause();
      await pools.connect(streamer).closePool(1);
      await time.increase(NOTICE);
      expect(await pools.pausedDuration()).to.be.greaterThanOrEqual(BigInt(NOTICE));
      await pools.connect(guardian).unpause();
      const unpausedAt = await time.latest();
      expect((await pools.pool(1)).closesAt).to.equal(unpausedAt + NOTICE);
      await expect(pools.connect(streamer).reclaim(1))
        .to.be.revertedWithCustomError(pools, "NoticePeriodNotOver")
        .withArgs(1, unpausedAt + NOTICE);
      await time.increaseTo(unpausedAt + NOTICE);
      await expect(pools.connect(streamer).reclaim(1)).to.emit(pools, "PoolReclaimed");
    });

    it("test_claim_pausedBeforeClose_doesNotExtendNotice", async function () {
      const { pools, streamer, guardian, attest, sign } = await loadFixture(oneOfOne);
      await pools.connect(guardian).pause();
      await time.increase(DAY);
      await pools.connect(guardian).unpause();
      const tx = await pools.connect(streamer).closePool(1);
      const closesAt = (await time.latest()) + NOTICE;
      await expect(tx).to.emit(pools, "PoolClosed").withArgs(1, closesAt);
      await time.increaseTo(closesAt);
      const a = attest();
      await expect(pools.claim(a, await sign(a)))
        .to.be.revertedWithCustomError(pools, "PoolExpired")
        .withArgs(1, closesAt);
    });

    it("test_fund_closedPoolAfterPause_revertsWithWallClockClosesAt", async function () {
      const { pools, streamer, guardian } = await loadFixture(oneOfOne);
      await pools.connect(streamer).closePool(1);
      await pools.connect(guardian).pause();
      await time.increase(DAY);
      await pools.connect(guardian).unpause();
      const { closesAt } = await pools.pool(1);
      await expect(pools.connect(streamer).fund(1, 1n))
        .to.be.revertedWithCustomError(pools, "PoolAlreadyClosed")
        .withArgs(1, closesAt);
      await expect(pools.connect(streamer).closePool(1))
        .to.be.revertedWithCustomError(pools, "PoolAlreadyClosed")
        .withArgs(1, closesAt);
    });

    it("test_claimBatch_nothingPays_reverts", async function () {
      const { pools, relay, attest, sign } = await loadFixture(oneOfOne);
      const a = attest();
      const signature = await sign(a);
      await pools.claim(a, signature);
      await expect(pools.claimBatch([a, a], concat([signature, signature])))
        .to.be.revertedWithCustomError(pools, "NothingToClaim")
        .withArgs(1, relay.address, a.cumulativeAmount, a.cumulativeAmount);
    });

    it("test_claimBatch_olderAttestationAfterNewerClaim_skipped", async function () {
      const { pools, token, streamer, relay, tokenAddress, attest, sign } =
        await loadFixture(oneOfOne);
      await pools.connect(streamer).createPool(tokenAddress, RATE, MAX_RATE, 0, NOTICE);
      await pools.connect(streamer).fund(2, FUNDED);
      const newer = attest({ cumulativeBytes: 20n * GB, cumulativeAmount: 20n * RATE });
      await pools.claim(newer, await sign(newer));
      const list = [attest(), attest({ poolId: 2n })];
      await pools.claimBatch(list, concat(await Promise.all(list.map((a) => sign(a)))));
      expect(await token.balanceOf(relay.address)).to.equal(30n * RATE);
    });
  });

  describe("attestor rotation", function () {
    it("test_proposeAttestors_storesPendingAndEmits", async function () {
      const { pools, admin } = await loadFixture(oneOfOne);
      const tx = await pools.connect(admin).proposeAttestors(
        THREE.map((w) => w.address),
        2,
      );
      const activatesAt = BigInt(await time.latest()) + BigInt(ROTATION_DELAY);
      await expect(tx)
        .to.emit(pools, "AttestorsProposed")
        .withArgs(
          THREE.map((w) => w.address),
          2,
          activatesAt,
        );
      const [set, threshold, at] = await pools.pendingAttestors();
      expect(set).to.deep.equal(THREE.map((w) => w.address));
      expect(threshold).to.equal(2);
      expect(at).to.equal(activatesAt);
    });

    it("test_proposeAttestors_notAdmin_reverts", async function () {
      const { pools, guardian } = await loadFixture(oneOfOne);
      await expect(pools.connect(guardian).proposeAttestors([THREE[0]!.address], 1))
        .to.be.revertedWithCustomError(pools, "AccessControlUnauthorizedAccount")
        .withArgs(guardian.address, ethers.ZeroHash);
    });

    it("test_proposeAttestors_invalidSet_reverts", async function () {
      const { pools, admin } = await loadFixture(oneOfOne);
      await expect(pools.connect(admin).proposeAttestors([THREE[1]!.address, THREE[0]!.address], 1))
        .to.be.revertedWithCustomError(pools, "AttestorsNotAscending")
        .withArgs(1);
      await expect(pools.connect(admin).proposeAttestors([], 0))
        .to.be.revertedWithCustomError(pools, "InvalidAttestorSet")
        .withArgs(0, 0);
    });

    it("test_proposeAttestors_maxSize_storedAndReadBack", async function () {
      const { pools, admin } = await loadFixture(oneOfOne);
      const set = Array.from({ length: 255 }, (_, i) =>
        ethers.getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`),
      );
      await pools.connect(admin).proposeAttestors(set, 200);
      const [pending, threshold] = await pools.pendingAttestors();
      expect(pending).to.deep.equal(set);
      expect(threshold).to.equal(200);
    });

    it("test_proposeAttestors_setDeployOutOfGas_reverts", async function () {
      const { pools, admin } = await loadFixture(oneOfOne);
      const set = Array.from({ length: 255 }, (_, i) =>
        ethers.getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`),
      );
      const needed = await pools.connect(admin).proposeAttestors.estimateGas(set, 1);
      // Half the gas the call needs: the CREATE cannot pay the ~1M gas code deposit of the data
      // contract and fails, and the 1/64 it leaves behind pays for the typed revert.
      await expect(
        pools.connect(admin).proposeAttestors(set, 1, { gasLimit: needed / 2n }),
      ).to.be.revertedWithCustomError(pools, "AttestorSetDeployFailed");
    });

    it("test_activateAttestors_beforeDelay_reverts", async function () {
      const { pools, admin } = await loadFixture(oneOfOne);
      await pools.connect(admin).proposeAttestors(
        THREE.map((w) => w.address),
        2,
      );
      const [, , activatesAt] = await pools.pendingAttestors();
      await time.setNextBlockTimestamp(activatesAt - 1n);
      await expect(pools.activateAttestors())
        .to.be.revertedWithCustomError(pools, "AttestorRotationNotReady")
        .withArgs(activatesAt);
    });

    it("test_activateAttestors_nothingProposed_reverts", async function () {
      const { pools } = await loadFixture(oneOfOne);
      await expect(pools.activateAttestors()).to.be.revertedWithCustomError(
        pools,
        "NoPendingAttestors",
      );
    });

    it("test_activateAttestors_afterDelay_byAnyone_switchesSet", async function () {
      const { pools, admin, other, attest, sign } = await loadFixture(oneOfOne);
      await pools.connect(admin).proposeAttestors(
        THREE.map((w) => w.address),
        2,
      );
      await time.increase(ROTATION_DELAY);
      await expect(pools.connect(other).activateAttestors())
        .to.emit(pools, "AttestorsActivated")
        .withArgs(
          THREE.map((w) => w.address),
          2,
        );
      const [set, threshold] = await pools.attestors();
      expect(set).to.deep.equal(THREE.map((w) => w.address));
      expect(threshold).to.equal(2);
      const [pendingSet] = await pools.pendingAttestors();
      expect(pendingSet).to.deep.equal([]);
      const a = attest();
      await expect(pools.claim(a, await sign(a))).to.be.revertedWithCustomError(
        pools,
        "InvalidSignaturesLength",
      );
      await expect(pools.claim(a, await sign(a, [THREE[1]!, THREE[2]!]))).to.emit(pools, "Claimed");
      await expect(pools.activateAttestors()).to.be.revertedWithCustomError(
        pools,
        "NoPendingAttestors",
      );
    });

    it("test_activateAttestors_backToSingle_oldSignersRejected", async function () {
      const { pools, admin, domain, attestation } = await loadFixture(twoOfThree);
      await pools.connect(admin).proposeAttestors([OUTSIDERS[0]!.address], 1);
      await time.increase(ROTATION_DELAY);
      await pools.activateAttestors();
      await expect(
        pools.claim(attestation, await signAttestation([THREE[0]!], domain, attestation)),
      )
        .to.be.revertedWithCustomError(pools, "UnknownAttestor")
        .withArgs(THREE[0]!.address);
      await expect(
        pools.claim(attestation, await signAttestation([OUTSIDERS[0]!], domain, attestation)),
      ).to.emit(pools, "Claimed");
    });

    it("test_proposeAttestors_again_replacesProposalAndRestartsDelay", async function () {
      const { pools, admin } = await loadFixture(oneOfOne);
      await pools.connect(admin).proposeAttestors(
        THREE.map((w) => w.address),
        2,
      );
      await time.increase(ROTATION_DELAY - 10);
      await pools.connect(admin).proposeAttestors([OUTSIDERS[1]!.address], 1);
      await time.increase(10);
      await expect(pools.activateAttestors()).to.be.revertedWithCustomError(
        pools,
        "AttestorRotationNotReady",
      );
      await time.increase(ROTATION_DELAY);
      await expect(pools.activateAttestors())
        .to.emit(pools, "AttestorsActivated")
        .withArgs([OUTSIDERS[1]!.address], 1);
    });

    it("test_activateAttestors_keepsPause", async function () {
      const { pools, admin, guardian } = await loadFixture(oneOfOne);
      await pools.connect(admin).proposeAttestors(
        THREE.map((w) => w.address),
        2,
      );
      await pools.connect(guardian).pause();
      await time.increase(ROTATION_DELAY);
      await pools.activateAttestors();
      expect(await pools.paused()).to.equal(true);
    });
  });

  describe("pause", function () {
    it("test_pause_byGuardian_emits", async function () {
      const { pools, guardian } = await loadFixture(oneOfOne);
      await expect(pools.connect(guardian).pause())
        .to.emit(pools, "Paused")
        .withArgs(guardian.address);
      expect(await pools.paused()).to.equal(true);
      await expect(pools.connect(guardian).unpause())
        .to.emit(pools, "Unpaused")
        .withArgs(guardian.address);
      expect(await pools.paused()).to.equal(false);
    });

    it("test_pause_notGuardian_reverts", async function () {
      const { pools, admin } = await loadFixture(oneOfOne);
      await expect(pools.connect(admin).pause())
        .to.be.revertedWithCustomError(pools, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, id("GUARDIAN_ROLE"));
    });

    it("test_unpause_notGuardian_reverts", async function () {
      const { pools, guardian, other } = await loadFixture(oneOfOne);
      await pools.connect(guardian).pause();
      await expect(pools.connect(other).unpause()).to.be.revertedWithCustomError(
        pools,
        "AccessControlUnauthorizedAccount",
      );
    });

    it("test_pause_twice_reverts", async function () {
      const { pools, guardian } = await loadFixture(oneOfOne);
      await pools.connect(guardian).pause();
      await expect(pools.connect(guardian).pause()).to.be.revertedWithCustomError(
        pools,
        "EnforcedPause",
      );
    });

    it("test_unpause_notPaused_reverts", async function () {
      const { pools, guardian } = await loadFixture(oneOfOne);
      await expect(pools.connect(guardian).unpause()).to.be.revertedWithCustomError(
        pools,
        "ExpectedPause",
      );
    });
  });

  describe("EIP-712 views", function () {
    it("test_attestationDigest_matchesEthers", async function () {
      const { pools, domain, attest } = await loadFixture(oneOfOne);
      const a = attest();
      expect(await pools.attestationDigest(a)).to.equal(
        TypedDataEncoder.hash(domain, ATTESTATION_TYPES, a),
      );
    });

    it("test_domainSeparator_matchesEthers", async function () {
      const { pools, domain } = await loadFixture(oneOfOne);
      expect(await pools.DOMAIN_SEPARATOR()).to.equal(TypedDataEncoder.hashDomain(domain));
      const d = await pools.eip712Domain();
      expect(d.name).to.equal("StreamrP2P RewardPools");
      expect(d.version).to.equal("1");
      expect(d.verifyingContract).to.equal(await pools.getAddress());
    });

    it("test_typehash_matchesEthers", async function () {
      const { pools } = await loadFixture(oneOfOne);
      expect(await pools.ATTESTATION_TYPEHASH()).to.equal(
        id(TypedDataEncoder.from(ATTESTATION_TYPES).encodeType("Attestation")),
      );
    });
  });
});
