/**
 * The money-safety attack suite: each exploit of the money-safety review, run as an attacker
 * would against the real stack (Redis, a local OP-type chain with the contracts, the coordinator,
 * an origin, two relay tiers with hot keys, ffmpeg, a simulated viewer). Every test asserts that
 * the attacker gains nothing: pool balances, stakes and the jailed set unchanged, the attacker's
 * requests refused with a clear error. SECURITY.md lists each attack, its defence and its bound.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { BaseError, ContractFunctionRevertedError, keccak256, toHex, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  claimAll,
  closePool,
  CoordinatorError,
  createChainClients,
  createCoordinatorClient,
  createOwnedStream,
  createPool,
  createStream,
  getRelayAttestations,
  linkOwnedPool,
  publishManifest,
  randomSalt,
  readPool,
  readStake,
  registerStream,
  signCreateStream,
  signRelayKeyAuthorization,
  type ChainClients,
  type CoordinatorClient,
  type StakeState,
} from "@streamrp2p/client";
import { manifestEntryTypes, relayStakingDomain, streamIdOf } from "@streamrp2p/protocol";
import { REPO_ROOT, rpc } from "../../scripts/lib/chain.ts";
import { DEV_ROLES, devAccount } from "../../scripts/lib/dev-accounts.ts";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";

/** Hardhat's dev accounts 5+ are funded with ETH and play no role in the stack: attackers. */
const ATTACKER = 6;
const DISPUTER = 7;

let stack: Stack;
let coordinator: CoordinatorClient;
let streamer: ChainClients;
let attacker: ChainClients;
let chainId: number;

const at = (index: number): ChainClients =>
  createChainClients({ rpcUrl: stack.chain.rpcUrl, chainId, account: devAccount(index) });

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The custom error a contract call reverts with, by simulating it as `clients` would send it. */
async function revertOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof BaseError) {
      const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
      if (reverted instanceof ContractFunctionRevertedError)
        return reverted.data?.errorName ?? reverted.shortMessage;
    }
    throw error;
  }
  throw new Error("the call did not revert");
}

async function coordinatorCode(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof CoordinatorError) return error.code;
    throw error;
  }
  throw new Error("the coordinator accepted the request");
}

async function stakes(): Promise<StakeState[]> {
  return Promise.all(stack.operators.map((account) => readStake(streamer, { account })));
}

/** The newest segment relay tier 1 serves, with its hash and the relay's delivery statement. */
async function servedSegment(): Promise<{ sequence: number; hash: Hex; statement: Hex }> {
  return until(
    "a segment with a delivery statement at relay 1",
    async () => {
      const base = `${stack.urls.relays[0]}/streams/${stack.streamId}`;
      const playlist = await (await fetch(`${base}/index.m3u8`)).text();
      const uri = playlist
        .split("\n")
        .filter((l) => l.endsWith(".ts"))
        .at(-1);
      if (!uri) return undefined;
      const res = await fetch(new URL(uri, `${base}/index.m3u8`));
      await res.arrayBuffer();
      const statement = res.headers.get("x-delivery-statement") as Hex | null;
      const hash = res.headers.get("x-segment-hash") as Hex | null;
      const sequence = Number(/(\d+)\.ts$/.exec(uri)?.[1]);
      return statement && hash && Number.isInteger(sequence)
        ? { sequence, hash, statement }
        : undefined;
    },
    60_000,
  );
}

before(async () => {
  stack = await startStack({
    logDir: path.join(REPO_ROOT, ".run/test-logs/attack-stack"),
    web: false,
    viewers: 1,
    // The tests below follow relay 1's earnings: its viewer must not be drawn to relay 2.
    viewerTier: 1,
    epochSeconds: 6,
  });
  chainId = stack.chain.chainId;
  coordinator = createCoordinatorClient({ baseUrl: stack.urls.coordinator });
  streamer = at(DEV_ROLES.streamer);
  attacker = at(ATTACKER);
});

after(() => stack?.stop());

test("pool hijack: no stream in another's name, no link to another's pool, no faster-than-real-time manifest", async () => {
  const poolBefore = await readPool(streamer, { poolId: stack.poolId });
  const victim = devAccount(DEV_ROLES.streamer).address;
  const thief = privateKeyToAccount(generatePrivateKey());
  const thiefOrigin = privateKeyToAccount(generatePrivateKey());

  // 1. A stream "owned" by the victim, signed by the attacker.
  const message = {
    salt: randomSalt(),
    originAddress: thiefOrigin.address,
    name: "not yours",
    maxBitrate: 8_000_000,
    deadline: Math.floor(Date.now() / 1000) + 600,
  };
  const forged = await signCreateStream(thief, { chainId, message });
  assert.equal(
    await coordinatorCode(() =>
      createStream(coordinator, { ...message, owner: victim, ownerSignature: forged }),
    ),
    "OWNER_SIGNATURE_INVALID",
  );

  // 2. The attacker's own stream, linked to the victim's pool with the attacker's signature.
  const own = await createOwnedStream(coordinator, thief, {
    chainId,
    name: "attacker",
    originAddress: thiefOrigin.address,
    maxBitrate: 1_000_000,
    now: Date.now(),
  });
  const linkCode = await coordinatorCode(() =>
    linkOwnedPool(coordinator, thief, {
      chainId,
      streamId: own.streamId,
      poolId: stack.poolId,
      now: Date.now(),
    }),
  );
  assert.ok(
    ["OWNER_SIGNATURE_INVALID", "POOL_OWNER_MISMATCH"].includes(linkCode),
    `link refused (${linkCode})`,
  );

  // 3. 20 entries of 4 GiB / 1 ms signed with the attacker's own origin key.
  const domain = relayStakingDomain(chainId, streamer.deployment.contracts.RelayStaking.address);
  const entries = await Promise.all(
    Array.from({ length: 20 }, async (_, sequence) => {
      const entry = {
        streamId: own.streamId,
        sequence,
        size: 0xffffffff,
        durationMs: 1,
        hash: keccak256(toHex(`fake ${sequence}`)),
      };
      const signature = await thiefOrigin.signTypedData({
        domain,
        types: manifestEntryTypes,
        primaryType: "ManifestEntry",
        message: { ...entry, sequence: BigInt(sequence) },
      });
      return { ...entry, signature };
    }),
  );
  assert.equal(
    await coordinatorCode(() => publishManifest(coordinator, { streamId: own.streamId, entries })),
    "MANIFEST_RATE_EXCEEDED",
  );

  const poolAfter = await readPool(streamer, { poolId: stack.poolId });
  assert.equal(poolAfter.balance, poolBefore.balance, "the victim's pool is untouched");
  const linked = (await (
    await fetch(`${stack.urls.coordinator}/v1/pools/${stack.poolId}`)
  ).json()) as { streams: string[] };
  assert.deepEqual(linked.streams, [stack.streamId], "the pool pays only the owner's stream");
});

test("slash griefing: the stream id cannot be squatted, and a report signed by another key is refused", async () => {
  const stakesBefore = await stakes();
  const grieferOrigin = privateKeyToAccount(generatePrivateKey());

  // Registering with the victim's salt yields the attacker's own id, not the victim's.
  const { streamId } = await registerStream(attacker, {
    salt: stack.streamSalt,
    originSigner: grieferOrigin.address,
  });
  assert.notEqual(streamId, stack.streamId);
  assert.equal(streamId, streamIdOf(attacker.account.address, stack.streamSalt));
  const { address, abi } = streamer.deployment.contracts.RelayStaking;
  const [owner, signer] = await streamer.public.readContract({
    address,
    abi,
    functionName: "streamOf",
    args: [stack.streamId],
  });
  assert.equal(owner.toLowerCase(), devAccount(DEV_ROLES.streamer).address.toLowerCase());
  assert.notEqual(signer.toLowerCase(), grieferOrigin.address.toLowerCase());

  // A contradicting entry signed by the griefer's key, against the relay's real statement.
  const served = await servedSegment();
  const domain = relayStakingDomain(chainId, address);
  const entry = {
    streamId: stack.streamId,
    sequence: BigInt(served.sequence),
    size: 1000,
    durationMs: 1000,
    hash: keccak256(toHex("forged")),
  };
  const originSignature = await grieferOrigin.signTypedData({
    domain,
    types: manifestEntryTypes,
    primaryType: "ManifestEntry",
    message: entry,
  });
  const reason = await revertOf(() =>
    attacker.public.simulateContract({
      address,
      abi,
      functionName: "reportTampering",
      args: [
        entry,
        originSignature,
        { streamId: stack.streamId, sequence: entry.sequence, hash: served.hash },
        served.statement,
      ],
      account: attacker.account,
    }),
  );
  assert.ok(/Origin/.test(reason), `refused as not the origin's signature (${reason})`);
  assert.deepEqual(await stakes(), stakesBefore, "stakes and the jailed set are unchanged");
});

test("a stolen relay key moves nothing: no stake, no payout, no re-authorization", async () => {
  const stakesBefore = await stakes();
  const relayKey = privateKeyToAccount(stack.secrets.relayKeys[0]);
  const thief = createChainClients({ rpcUrl: stack.chain.rpcUrl, chainId, account: relayKey });
  const { address, abi } = streamer.deployment.contracts.RelayStaking;
  const simulate = (
    functionName: "withdraw" | "requestUnstake" | "revokeRelayKey",
    args: unknown,
  ) =>
    revertOf(() =>
      thief.public.simulateContract({
        address,
        abi,
        functionName,
        args,
        account: relayKey,
      } as Parameters<typeof thief.public.simulateContract>[0]),
    );
  assert.equal(await simulate("requestUnstake", [1n]), "InsufficientBondedStake");
  assert.equal(await simulate("withdraw", []), "NothingToWithdraw");
  assert.equal(await simulate("revokeRelayKey", [relayKey.address]), "NotRelayKeyOperator");

  // The thief re-authorizes the key for its own wallet: one key, one operator.
  const block = await attacker.public.getBlock();
  const deadline = Number(block.timestamp) + 600;
  const relayKeySignature = await signRelayKeyAuthorization(relayKey, {
    chainId,
    stakingAddress: address,
    operator: attacker.account.address,
    deadline,
  });
  assert.equal(
    await revertOf(() =>
      attacker.public.simulateContract({
        address,
        abi,
        functionName: "authorizeRelayKey",
        args: [relayKey.address, BigInt(deadline), relayKeySignature],
        account: attacker.account,
      }),
    ),
    "RelayKeyTaken",
  );

  // Whatever the key earned is attested to, and claimable only for, the operator's wallet.
  const operator = stack.operators[0];
  const attestations = await until(
    "an attestation for relay 1's operator",
    async () => {
      const list = await getRelayAttestations(coordinator, { address: operator });
      return list.length > 0 ? list : undefined;
    },
    90_000,
  );
  assert.ok(attestations.every((a) => a.account.toLowerCase() === operator.toLowerCase()));
  assert.deepEqual(
    await getRelayAttestations(coordinator, { address: relayKey.address }),
    [],
    "nothing is attested to the hot key",
  );
  const token = streamer.deployment.contracts.TestToken!;
  const keyBalance = await thief.public.readContract({
    address: token.address,
    abi: token.abi,
    functionName: "balanceOf",
    args: [relayKey.address],
  });
  assert.equal(keyBalance, 0n, "the hot key holds no token");
  assert.deepEqual(await stakes(), stakesBefore);
});

test("free relaying by closing: no zero-notice pool, and closing mid-epoch still pays what was served", async () => {
  const token = streamer.deployment.contracts.TestToken!;
  assert.equal(
    await revertOf(() =>
      createPool(streamer, {
        token: token.address,
        ratePerGB: 1_000_000n,
        maxRatePerGB: 2_000_000n,
        epochBudget: 0n,
        noticePeriod: 0,
      }),
    ),
    "NoticePeriodTooShort",
  );

  const operator = stack.operators[0];
  const operatorClients = at(DEV_ROLES.operators[0]);
  const attested = async () =>
    (await getRelayAttestations(coordinator, { address: operator })).find(
      (a) => a.poolId === stack.poolId,
    );
  const beforeClose = await until("relay 1's attestation for the pool", attested, 90_000);
  await closePool(streamer, { poolId: stack.poolId });
  const closed = await readPool(streamer, { poolId: stack.poolId });
  assert.ok(closed.closesAt > 0, "the pool is closing");

  // Epochs that started before closesAt are still attested: the attested total keeps rising.
  const afterClose = await until(
    "an attestation that moved after the close",
    async () => {
      const latest = await attested();
      return latest && latest.cumulativeAmount > beforeClose.cumulativeAmount ? latest : undefined;
    },
    90_000,
  );
  const balanceBefore = await operatorClients.public.readContract({
    address: token.address,
    abi: token.abi,
    functionName: "balanceOf",
    args: [operator],
  });
  await claimAll(operatorClients, { attestations: [afterClose] });
  const balanceAfter = await operatorClients.public.readContract({
    address: token.address,
    abi: token.abi,
    functionName: "balanceOf",
    args: [operator],
  });
  assert.equal(
    balanceAfter - balanceBefore,
    afterClose.cumulativeAmount,
    "the notice period pays the full attested amount",
  );
});

test("origin equivocation: a report built from the streamer's second entry is disputed and never slashes", async () => {
  const stakesBefore = await stakes();
  const { address, abi } = streamer.deployment.contracts.RelayStaking;
  const origin = privateKeyToAccount(stack.secrets.originKey);
  const served = await servedSegment();
  const domain = relayStakingDomain(chainId, address);

  // The (malicious) streamer signs a second, different entry for a sequence already served.
  const second = {
    streamId: stack.streamId,
    sequence: BigInt(served.sequence),
    size: 1000,
    durationMs: 1000,
    hash: keccak256(toHex("second entry")),
  };
  const secondSignature = await origin.signTypedData({
    domain,
    types: manifestEntryTypes,
    primaryType: "ManifestEntry",
    message: second,
  });
  const statement = { streamId: stack.streamId, sequence: second.sequence, hash: served.hash };
  const { request, result: reportId } = await attacker.public.simulateContract({
    address,
    abi,
    functionName: "reportTampering",
    args: [second, secondSignature, statement, served.statement],
    account: attacker.account,
  });
  await attacker.public.waitForTransactionReceipt({
    hash: await attacker.wallet.writeContract(request),
  });

  // The origin's first entry (the one the relay verified) is public at the coordinator; anyone
  // shows it inside the challenge window.
  const manifest = (await (
    await fetch(
      `${stack.urls.coordinator}/v1/streams/${stack.streamId}/manifest?from=${served.sequence}&limit=1`,
    )
  ).json()) as {
    entries: { sequence: number; size: number; durationMs: number; hash: Hex; signature: Hex }[];
  };
  const first = manifest.entries[0]!;
  assert.equal(first.hash, served.hash);
  const disputer = at(DISPUTER);
  const disputed = await streamer.public.readContract({
    address,
    abi,
    functionName: "isEquivocated",
    args: [stack.streamId],
  });
  if (!disputed) {
    const { request: dispute } = await disputer.public.simulateContract({
      address,
      abi,
      functionName: "disputeTampering",
      args: [
        reportId,
        {
          streamId: stack.streamId,
          sequence: BigInt(first.sequence),
          size: first.size,
          durationMs: first.durationMs,
          hash: first.hash,
        },
        first.signature,
      ],
      account: disputer.account,
    });
    await disputer.public.waitForTransactionReceipt({
      hash: await disputer.wallet.writeContract(dispute),
    });
  }

  // Past the window, the report cannot be executed, and the stream takes no further reports.
  const { challengeWindow } = await streamer.public.readContract({
    address,
    abi,
    functionName: "parameters",
  });
  await rpc(stack.chain.rpcUrl, "evm_increaseTime", [challengeWindow + 1]);
  await rpc(stack.chain.rpcUrl, "evm_mine", []);
  const reason = await revertOf(() =>
    attacker.public.simulateContract({
      address,
      abi,
      functionName: "executeTampering",
      args: [reportId],
      account: attacker.account,
    }),
  );
  assert.equal(reason, "TamperReportNotFound");
  assert.equal(
    await revertOf(() =>
      attacker.public.simulateContract({
        address,
        abi,
        functionName: "reportTampering",
        args: [second, secondSignature, statement, served.statement],
        account: attacker.account,
      }),
    ),
    "StreamEquivocated",
  );
  assert.deepEqual(await stakes(), stakesBefore, "no stake taken, nobody jailed");
});
