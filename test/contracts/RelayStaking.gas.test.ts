/**
 * Whole-transaction gasUsed of RelayStaking's hot paths, checked against the committed
 * snapshot test/contracts/snapshots/RelayStaking.gas.json (exact match, so a diff shows what
 * a change costs). Regenerate with UPDATE_GAS_SNAPSHOT=1. Budgets are hard ceilings.
 */
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import hre, { network } from "hardhat";
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  deliveryStatementTypes,
  manifestEntryTypes,
  relayKeyAuthorizationTypes,
  relayStakingDomain,
  streamIdOf,
} from "@streamrp2p/protocol";
import type { ContractTransactionResponse } from "ethers";

import type { RelayStaking, TestToken } from "../../types/ethers-contracts/index.ts";
const { ethers, networkHelpers } = await network.create();

const SNAPSHOT = new URL("./snapshots/RelayStaking.gas.json", import.meta.url);
const UNIT = 10n ** 6n;
const DAY = 24 * 60 * 60;
const PARAMS = {
  minStake: 100n * UNIT,
  unbondingPeriod: 7 * DAY,
  slashDelay: 2 * DAY,
  slashBps: 1_000,
  reporterShareBps: 5_000,
  challengeWindow: DAY,
};
/** Hard ceilings (whole-tx gasUsed). */
const BUDGETS: Record<string, number> = { stakeNew: 68_000 };

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return Number(receipt.gasUsed);
}

describe("RelayStaking gas", function () {
  const measured: Record<string, number> = {};

  before(async function () {
    const signers = await ethers.getSigners();
    const [admin, treasury, first, operator, reporter, permitter] = signers.slice(1, 7);
    if (!admin || !treasury || !first || !operator || !reporter || !permitter)
      throw new Error("missing Hardhat accounts");
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
    const at = await staking.getAddress();
    const amount = 1_000n * UNIT;
    for (const s of [first, operator]) await token.mint(s.address, 10n * amount);

    // The very first stake of the contract also creates its token balance.
    await token.connect(first).approve(at, amount);
    measured.stakeFirstInContract = await gasOf(staking.connect(first).stake(amount));
    // stakeNew: an operator's first stake, exact approval (allowance goes back to zero).
    await token.connect(operator).approve(at, amount);
    measured.stakeNew = await gasOf(staking.connect(operator).stake(amount));
    await token.connect(operator).approve(at, amount);
    measured.stakeTopUp = await gasOf(staking.connect(operator).stake(amount));
    measured.unstakeRequest = await gasOf(staking.connect(operator).requestUnstake(amount / 2n));
    measured.unstakeRequestAgain = await gasOf(
      staking.connect(operator).requestUnstake(amount / 4n),
    );
    await networkHelpers.time.increase(PARAMS.unbondingPeriod);
    measured.withdraw = await gasOf(staking.connect(operator).withdraw());

    // stakeWithPermitNew: an operator's first stake with a permit instead of an approve
    // transaction (fixed deadline, so the signature and its calldata gas are fixed).
    await token.mint(permitter.address, amount);
    const { chainId } = await ethers.provider.getNetwork();
    const permit = ethers.Signature.from(
      await permitter.signTypedData(
        { name: "Test USD", version: "1", chainId, verifyingContract: await token.getAddress() },
        {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        {
          owner: permitter.address,
          spender: at,
          value: amount,
          nonce: 0n,
          deadline: ethers.MaxUint256,
        },
      ),
    );
    measured.stakeWithPermitNew = await gasOf(
      staking
        .connect(permitter)
        .stakeWithPermit(amount, ethers.MaxUint256, permit.v, permit.r, permit.s),
    );

    await staking.connect(admin).grantRole(await staking.SLASHER_ROLE(), admin.address);
    measured.proposeSlash = await gasOf(
      staking.connect(admin).proposeSlash(first.address, 10n * UNIT, "self-dealing"),
    );
    await networkHelpers.time.increase(PARAMS.slashDelay);
    measured.executeSlash = await gasOf(staking.connect(reporter).executeSlash(1n));

    // A fixed key: signatures are deterministic (RFC 6979), so calldata gas is too.
    const origin = privateKeyToAccount(keccak256(toHex("gas snapshot origin key")));
    const salt = keccak256(toHex("gas-stream"));
    const streamId = streamIdOf(first.address as Hex, salt);
    measured.registerStream = await gasOf(
      staking.connect(first).registerStream(salt, origin.address),
    );
    const domain = relayStakingDomain(Number(chainId), at as Hex);
    // The operator's wallet authorizes a hot relay key (fixed key, fixed deadline).
    const relayKey = privateKeyToAccount(keccak256(toHex("gas snapshot relay key")));
    const keyDeadline = 2n ** 63n;
    const keySignature = await relayKey.signTypedData({
      domain,
      types: relayKeyAuthorizationTypes,
      primaryType: "RelayKeyAuthorization",
      message: {
        operator: operator.address as Hex,
        relayKey: relayKey.address,
        deadline: keyDeadline,
      },
    });
    measured.authorizeRelayKey = await gasOf(
      staking.connect(operator).authorizeRelayKey(relayKey.address, keyDeadline, keySignature),
    );
    const entry = {
      streamId,
      sequence: 1n,
      size: 1_000_000,
      durationMs: 2_000,
      hash: keccak256(toHex("a")),
    };
    const statement = { streamId, sequence: 1n, hash: keccak256(toHex("b")) };
    const originSignature = await origin.signTypedData({
      domain,
      types: manifestEntryTypes,
      primaryType: "ManifestEntry",
      message: entry,
    });
    const relaySignature = await relayKey.signTypedData({
      domain,
      types: deliveryStatementTypes,
      primaryType: "DeliveryStatement",
      message: statement,
    });
    measured.reportTampering = await gasOf(
      staking.connect(reporter).reportTampering(entry, originSignature, statement, relaySignature),
    );
    await networkHelpers.time.increase(PARAMS.challengeWindow);
    measured.executeTampering = await gasOf(staking.connect(reporter).executeTampering(1n));
  });

  it("test_gas_withinBudgets", function () {
    // Coverage instruments the bytecode: its gas figures mean nothing.
    if (hre.globalOptions.coverage) this.skip();
    for (const [name, budget] of Object.entries(BUDGETS)) {
      expect(measured[name], name).to.be.a("number").and.to.be.at.most(budget);
    }
  });

  it("test_gas_matchesSnapshot", function () {
    if (hre.globalOptions.coverage) this.skip();
    if (process.env.UPDATE_GAS_SNAPSHOT === "1") {
      writeFileSync(SNAPSHOT, `${JSON.stringify(measured, null, 2)}\n`);
    }
    expect(measured).to.deep.equal(JSON.parse(readFileSync(SNAPSHOT, "utf8")));
  });
});
