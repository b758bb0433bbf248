/**
 * Whole-transaction gasUsed of the hot paths on Hardhat's in-process OP-type chain (6-decimal
 * TestToken), against the targets of issue #12, and the L1 data bytes of a claim (the signed
 * raw transaction an OP-stack batcher posts to L1).
 *
 *   npm run bench:gas [-- --json]
 */
import { Transaction, concat, getBytes, keccak256, type Wallet } from "ethers";
import { network } from "hardhat";
import {
  GB,
  MAX_RATE,
  NOTICE,
  RATE,
  attestorWallets,
  deployRewardPools,
  signAttestation,
  type AttestationValue,
} from "../../test/contracts/helpers/rewardPools.ts";
import { report, type Figure } from "./report.ts";
import { RELAY_STAKING_DOMAIN, relayKeyAuthorizationTypes } from "@streamrp2p/protocol";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  process.stdout.write("usage: npm run bench:gas [-- --json]\n");
  process.exit(0);
}

const { ethers } = await network.create({ network: "hardhatOp" });
type Tx = Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>;
const gasOf = async (tx: Tx) => Number((await (await tx).wait())!.gasUsed);
/**
 * The signed raw transaction `hash` names, rebuilt from the node's copy of its fields; its
 * keccak must be `hash`, which proves the bytes are the ones the chain holds.
 */
async function rawTransaction(hash: string): Promise<Uint8Array> {
  const serialized = Transaction.from((await ethers.provider.getTransaction(hash))!).serialized;
  if (keccak256(serialized) !== hash) throw new Error(`rebuilt transaction ${hash} differs`);
  return getBytes(serialized);
}

async function poolsSetUp(attestors: Wallet[], threshold: number) {
  const d = await deployRewardPools(ethers, attestors, threshold);
  const poolsAddress = await d.pools.getAddress();
  await d.token.mint(d.streamer.address, 10n ** 18n);
  await d.token.connect(d.streamer).approve(poolsAddress, ethers.MaxUint256);
  for (let i = 1; i <= 4; i++) {
    await d.pools
      .connect(d.streamer)
      .createPool(await d.token.getAddress(), RATE, MAX_RATE, 0, NOTICE);
    await d.pools.connect(d.streamer).fund(i, 10n ** 12n);
  }
  const attestation = (poolId: number, account: string, gb: bigint): AttestationValue => ({
    poolId: BigInt(poolId),
    account,
    cumulativeBytes: gb * GB,
    cumulativeAmount: gb * RATE,
  });
  const sign = async (list: AttestationValue[]) =>
    concat(
      await Promise.all(
        list.map((a) => signAttestation(attestors.slice(0, threshold), d.domain, a)),
      ),
    );
  const account = async (holding: bigint) => {
    const wallet = ethers.Wallet.createRandom();
    if (holding > 0n) await d.token.mint(wallet.address, holding);
    return wallet.address;
  };
  const claim = async (a: AttestationValue) => gasOf(d.pools.claim(a, await sign([a])));
  /** A claim's signed raw transaction. */
  const claimRaw = async (a: AttestationValue) => {
    const sent = await d.pools.claim(a, await sign([a]));
    await sent.wait();
    return rawTransaction(sent.hash);
  };
  const batch = async (list: AttestationValue[]) =>
    gasOf(d.pools.claimBatch(list, await sign(list)));
  return { ...d, attestation, account, claim, claimRaw, batch };
}

const figures: Figure[] = [];
const gas = (key: string, value: number, target?: number, note?: string) =>
  figures.push({
    key,
    value,
    unit: "gas",
    ...(target ? { target: { value: target, better: "lower" as const } } : {}),
    ...(note ? { note } : {}),
  });

{
  const p = await poolsSetUp(attestorWallets(1), 1);
  const fresh = await p.account(0n);
  gas(
    "claimFirst",
    await p.claim(p.attestation(1, fresh, 10n)),
    92_000,
    "recipient held none of the token",
  );
  const holder = await p.account(1n);
  gas("claimFirstExistingHolder", await p.claim(p.attestation(1, holder, 10n)), 75_000);
  gas("claimRepeat", await p.claim(p.attestation(1, holder, 20n)), 58_000);
  const raw = await p.claimRaw(p.attestation(1, holder, 30n));
  const zeros = raw.filter((b) => b === 0).length;
  figures.push({
    key: "claimL1Bytes",
    value: raw.length,
    unit: "bytes",
    note: `signed raw claim tx (1 of 1), ${zeros} of them zero; the OP L1 data fee is charged on these`,
  });
  const a = await p.account(1n);
  const b = await p.account(1n);
  const oneFirst = await p.batch([1].map((i) => p.attestation(i, a, 10n)));
  const threeFirst = await p.batch([1, 2, 3].map((i) => p.attestation(i, b, 10n)));
  gas(
    "batchExtraPoolFirst",
    Math.round((threeFirst - oneFirst) / 2),
    34_000,
    "per pool beyond the first, first claim",
  );
  const oneRepeat = await p.batch([1].map((i) => p.attestation(i, a, 20n)));
  const threeRepeat = await p.batch([1, 2, 3].map((i) => p.attestation(i, b, 20n)));
  gas(
    "batchExtraPoolRepeat",
    Math.round((threeRepeat - oneRepeat) / 2),
    17_000,
    "per pool beyond the first, repeat claim",
  );
  gas(
    "fundPool",
    await gasOf(p.pools.connect(p.streamer).fund(1, 10n ** 9n)),
    undefined,
    "top-up, approved",
  );
}
{
  const signers = attestorWallets(3);
  const repeatWith = async (threshold: number) => {
    const p = await poolsSetUp(signers.slice(0, threshold), threshold);
    const holder = await p.account(1n);
    await p.claim(p.attestation(1, holder, 10n));
    return p.claim(p.attestation(1, holder, 20n));
  };
  const [one, two, three] = [await repeatWith(1), await repeatWith(2), await repeatWith(3)];
  gas(
    "extraAttestor",
    three - two,
    5_500,
    "2 -> 3 of n; 1 -> 2 costs " + (two - one) + " (set moves to a code pointer)",
  );
}
{
  const [admin, treasury, first, operator] = await ethers.getSigners();
  const token = await ethers.deployContract("TestToken", ["Test USD", "tUSD", 6]);
  const staking = await ethers.deployContract("RelayStaking", [
    await token.getAddress(),
    admin!.address,
    treasury!.address,
    {
      minStake: 100_000_000n,
      unbondingPeriod: 7 * 86_400,
      slashDelay: 2 * 86_400,
      slashBps: 1_000,
      reporterShareBps: 5_000,
      challengeWindow: 86_400,
    },
  ]);
  const at = await staking.getAddress();
  for (const s of [first!, operator!]) await token.getFunction("mint")(s.address, 10n ** 12n);
  // Approve exactly what each stake moves, as a permit does.
  const stake = async (who: typeof first, amount: bigint) => {
    await token.connect(who!).getFunction("approve")(at, amount);
    return gasOf(staking.connect(who!).getFunction("stake")(amount));
  };
  // The very first stake also creates the contract's token balance: measure a second operator.
  await stake(first, 100_000_000n);
  gas("stakeNew", await stake(operator, 100_000_000n), 68_000, "an operator's first stake");
  gas("stakeTopUp", await stake(operator, 100_000_000n));
  gas(
    "unstakeRequest",
    await gasOf(staking.connect(operator!).getFunction("requestUnstake")(50_000_000n)),
  );
  const origin = ethers.Wallet.createRandom();
  gas(
    "registerStream",
    await gasOf(
      staking.connect(operator!).getFunction("registerStream")(
        ethers.id("bench stream"),
        origin.address,
      ),
    ),
    undefined,
    "owner-bound id from the caller and a salt",
  );
  // The operator's wallet (cold) authorizes a relay key (hot) that signed its consent.
  const relayKey = ethers.Wallet.createRandom();
  const { chainId } = await ethers.provider.getNetwork();
  const deadline = BigInt(Math.floor(Date.now() / 1000) + 3_600);
  const consent = await relayKey.signTypedData(
    { ...RELAY_STAKING_DOMAIN, chainId, verifyingContract: at },
    { RelayKeyAuthorization: [...relayKeyAuthorizationTypes.RelayKeyAuthorization] },
    { operator: operator!.address, relayKey: relayKey.address, deadline },
  );
  gas(
    "authorizeRelayKey",
    await gasOf(
      staking.connect(operator!).getFunction("authorizeRelayKey")(
        relayKey.address,
        deadline,
        consent,
      ),
    ),
    undefined,
    "EIP-712 consent of the relay key",
  );
}

report("gas", figures);
