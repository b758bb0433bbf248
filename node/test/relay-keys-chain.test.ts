/**
 * The relay key commands and the relay's dispute watcher against the real contracts on a local
 * Hardhat chain: keygen -> authorize (the relay key signs) -> the wallet sends -> operatorOf is
 * the wallet; revoke -> operatorOf is zero; clear errors for garbage flags and for the custom
 * errors an operator can cause; and a tamper report made with an equivocating origin's other
 * entry is disputed by the watcher before the window ends, so it never slashes.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pino } from "pino";
import { parseEther, parseUnits, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type LocalAccount } from "viem/accounts";
import type { ChainClients } from "@streamrp2p/client/chain/ChainClients";
import { authorizeRelayKey } from "@streamrp2p/client/chain/authorizeRelayKey";
import { createChainClients } from "@streamrp2p/client/chain/createChainClients";
import { executeTampering } from "@streamrp2p/client/chain/executeTampering";
import { mintTestToken } from "@streamrp2p/client/chain/mintTestToken";
import { readOperatorOf } from "@streamrp2p/client/chain/readOperatorOf";
import { readStake } from "@streamrp2p/client/chain/readStake";
import { registerStream } from "@streamrp2p/client/chain/registerStream";
import { reportTampering } from "@streamrp2p/client/chain/reportTampering";
import { stake } from "@streamrp2p/client/chain/stake";
import { revertReason } from "@streamrp2p/client/errors/revertReason";
import { decryptKeystore } from "@streamrp2p/client/keys/decryptKeystore";
import { encryptKeystore } from "@streamrp2p/client/keys/encryptKeystore";
import type { SignedManifestEntry } from "@streamrp2p/protocol/api";
import {
  deliveryStatementTypes,
  manifestEntryTypes,
  relayStakingDomain,
} from "@streamrp2p/protocol/eip712";
import { toDeliveryStatement, toManifestEntry } from "@streamrp2p/protocol/viewer/manifest-entry";
import { rpc, startChain, type LocalChain } from "../../scripts/lib/chain.ts";
import { deployLocal } from "../../scripts/lib/deploy-local.ts";
import { DEV_ROLES, devAccount, devPrivateKey } from "../../scripts/lib/dev-accounts.ts";
import { freePort } from "../../scripts/lib/service.ts";
import { ConfigError } from "../src/config.ts";
import { errorMessage } from "../src/operator/error-message.ts";
import { RelayKeyCommandError, signAuthorization } from "../src/operator/relay-key-actions.ts";
import { parseRelayKeyCommand, type RelayKeyCommand } from "../src/operator/relay-key-config.ts";
import { runRelayKeyCommand } from "../src/operator/run-relay-key-command.ts";
import { DisputeWatcher } from "../src/relay/dispute-watcher.ts";
import { originSignerReader } from "../src/relay/origin-signer-check.ts";
import { SignedEntryStore } from "../src/relay/signed-entry-store.ts";

const DEPLOYMENT_FILE = path.resolve(import.meta.dirname, "../../deployments/31337.json");
const CLI = path.resolve(import.meta.dirname, "../src/cli.ts");
const FAST = { n: 1024, r: 8, p: 1 };

describe("relay keys and disputes on a local chain", { timeout: 240_000 }, () => {
  let chain: LocalChain;
  let dir: string;
  let wallet: ChainClients;
  let walletKeystore: string;
  const deploymentBefore = readFileSync(DEPLOYMENT_FILE, "utf8");
  const at = (account: LocalAccount) =>
    createChainClients({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, account });

  /** Runs a relay key command in-process; stdout and stderr captured. */
  async function cli(command: RelayKeyCommand, argv: string[], env: NodeJS.ProcessEnv = {}) {
    let out = "";
    let said = "";
    const code = await runRelayKeyCommand(command, argv, {
      env: { CHAIN_ID: String(chain.chainId), CHAIN_RPC_URL: chain.rpcUrl, ...env },
      write: (text) => (out += text),
      say: (text) => (said += text),
      terminal: undefined,
      now: Date.now,
      scrypt: FAST,
    });
    return { code, out, said };
  }

  async function keygen(name: string): Promise<{ file: string; address: Address }> {
    const file = path.join(dir, name);
    const { code, out } = await cli("keygen", ["--keystore", file], {
      KEYSTORE_PASSWORD: "relay-password",
    });
    assert.equal(code, 0);
    return { file, address: out.trim() as Address };
  }

  before(async () => {
    chain = await startChain({ port: await freePort() });
    deployLocal({
      rpcUrl: chain.rpcUrl,
      attestors: [privateKeyToAccount(generatePrivateKey()).address],
    });
    writeFileSync(DEPLOYMENT_FILE, deploymentBefore); // deployLocal rewrites it; addresses are deterministic
    dir = await mkdtemp(path.join(tmpdir(), "relay-keys-"));
    wallet = at(devAccount(DEV_ROLES.operators[0]));
    walletKeystore = path.join(dir, "wallet.json");
    const { keystore } = encryptKeystore(devPrivateKey(DEV_ROLES.operators[0]), "wallet-pw", FAST);
    await writeFile(walletKeystore, JSON.stringify(keystore));
  });
  after(() => chain?.stop());

  test("keygen writes an encrypted keystore (0600) that decryptKeystore opens, and never overwrites it", async () => {
    const { file, address } = await keygen("relay-1.json");
    assert.match(address, /^0x[0-9a-fA-F]{40}$/);
    const json = await readFile(file, "utf8");
    assert.equal(privateKeyToAccount(decryptKeystore(json, "relay-password")).address, address);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    await assert.rejects(
      cli("keygen", ["--keystore", file], { KEYSTORE_PASSWORD: "relay-password" }),
      (e: Error) => e instanceof ConfigError && /exists: keygen never overwrites/.test(e.message),
    );
    assert.equal(await readFile(file, "utf8"), json, "the keystore is untouched");
    await assert.rejects(
      cli("keygen", ["--keystore", path.join(dir, "short.json")], { KEYSTORE_PASSWORD: "short" }),
      /at least 8 characters/,
    );
    await assert.rejects(
      cli("keygen", ["--keystore", path.join(dir, "none.json")]),
      /no relay keystore password: pass --password-file FILE, set KEYSTORE_PASSWORD, or run on a terminal/,
    );
    const passwordFile = path.join(dir, "pw.txt");
    await writeFile(passwordFile, "from-a-file-1\n");
    const viaFile = await cli("keygen", [
      "--keystore",
      path.join(dir, "relay-file.json"),
      "--password-file",
      passwordFile,
    ]);
    const json2 = await readFile(path.join(dir, "relay-file.json"), "utf8");
    assert.equal(
      privateKeyToAccount(decryptKeystore(json2, "from-a-file-1")).address,
      viaFile.out.trim(),
    );
  });

  test("keygen -> authorize (the relay key signs) -> the wallet sends -> operatorOf is the wallet; revoke -> zero", async () => {
    const { file, address: relayKey } = await keygen("relay-2.json");
    const { code, out, said } = await cli(
      "authorize",
      ["--keystore", file, "--operator", wallet.account.address, "--valid-for", "10m"],
      { KEYSTORE_PASSWORD: "relay-password" },
    );
    assert.equal(code, 0);
    const authorization = JSON.parse(out) as {
      relayKey: Address;
      operator: Address;
      deadline: number;
      signature: Hex;
      chainId: number;
      stakingAddress: Address;
    };
    assert.equal(authorization.relayKey, relayKey);
    assert.equal(authorization.operator, wallet.account.address);
    assert.equal(authorization.chainId, chain.chainId);
    assert.equal(authorization.stakingAddress, wallet.deployment.contracts.RelayStaking.address);
    assert.ok(Math.abs(authorization.deadline - (Date.now() / 1000 + 600)) < 5);
    assert.match(said, /send it from that wallet/);
    assert.ok(!out.includes("relay-password") && !said.includes("relay-password"));

    assert.equal(await readOperatorOf(wallet, relayKey), undefined);
    await authorizeRelayKey(wallet, {
      relayKey,
      deadline: authorization.deadline,
      relayKeySignature: authorization.signature,
    });
    assert.equal(await readOperatorOf(wallet, relayKey), wallet.account.address);

    const revoked = await cli(
      "revoke",
      ["--relay-key", relayKey, "--wallet-keystore", walletKeystore, "--yes"],
      { WALLET_KEYSTORE_PASSWORD: "wallet-pw" },
    );
    assert.equal(revoked.code, 0);
    assert.match(
      revoked.out,
      new RegExp(
        `revoked relay key ${relayKey} of ${wallet.account.address} in transaction 0x[0-9a-f]{64}`,
      ),
    );
    assert.match(revoked.said, /will send RelayStaking.revokeRelayKey/);
    assert.equal(await readOperatorOf(wallet, relayKey), undefined);
    await assert.rejects(
      cli("revoke", ["--relay-key", relayKey, "--wallet-keystore", walletKeystore, "--yes"], {
        WALLET_KEYSTORE_PASSWORD: "wallet-pw",
      }),
      (e: Error) =>
        e instanceof RelayKeyCommandError && /is not authorized: nothing to revoke/.test(e.message),
    );
  });

  test("authorize --wallet-keystore sends authorizeRelayKey itself (asks unless --yes)", async () => {
    const { file, address: relayKey } = await keygen("relay-3.json");
    const args = ["--keystore", file, "--wallet-keystore", walletKeystore];
    const env = { KEYSTORE_PASSWORD: "relay-password", WALLET_KEYSTORE_PASSWORD: "wallet-pw" };
    await assert.rejects(cli("authorize", args, env), /not a terminal: pass --yes/);
    assert.equal(await readOperatorOf(wallet, relayKey), undefined, "nothing was sent");
    const { out, said } = await cli("authorize", [...args, "--yes"], env);
    const sent = JSON.parse(out) as {
      transactionHash: Hex;
      operatorOf: Address;
      operator: Address;
    };
    assert.match(sent.transactionHash, /^0x[0-9a-f]{64}$/);
    assert.equal(sent.operator, wallet.account.address);
    assert.equal(sent.operatorOf, wallet.account.address);
    assert.match(said, /will send RelayStaking.authorizeRelayKey/);
    assert.equal(await readOperatorOf(wallet, relayKey), wallet.account.address);
    const again = JSON.parse((await cli("authorize", [...args, "--yes"], env)).out) as {
      transactionHash?: Hex;
    };
    assert.equal(again.transactionHash, undefined, "already authorized: nothing sent");
    await assert.rejects(
      cli(
        "authorize",
        [...args, "--yes", "--operator", devAccount(DEV_ROLES.operators[1]).address],
        env,
      ),
      /is not the --wallet-keystore's address/,
    );
  });

  test("garbage flags get clear errors; the real CLI exits 2 with one line", async () => {
    const fails = (
      command: RelayKeyCommand,
      argv: string[],
      re: RegExp,
      env: NodeJS.ProcessEnv = { CHAIN_ID: "31337" },
    ) =>
      assert.throws(
        () => parseRelayKeyCommand(command, argv, env),
        (e: Error) => e instanceof ConfigError && re.test(e.message),
      );
    fails("keygen", [], /--keystore: required/);
    fails("keygen", ["--keystore", "k.json", "--bogus"], /bogus[\s\S]*keygen --help/);
    fails("authorize", ["--keystore", "k.json"], /--operator: required/);
    fails("authorize", ["--operator", "0x1234"], /--operator: /);
    fails(
      "authorize",
      ["--operator", wallet.account.address, "--valid-for", "soon"],
      /--valid-for: expected a duration/,
    );
    fails(
      "authorize",
      ["--operator", wallet.account.address, "--deadline", "1", "--valid-for", "1h"],
      /give one of them/,
    );
    fails("authorize", ["--operator", wallet.account.address], /--chain-id: required/, {});
    fails("authorize", ["--wallet-keystore", "w.json"], /--rpc-url: required/);
    fails(
      "revoke",
      ["--relay-key", "nope"],
      /--wallet-keystore: required[\s\S]*--relay-key: expected a 20-byte address/,
    );
    await assert.rejects(
      cli("authorize", ["--operator", wallet.account.address, "--deadline", "1000"], {
        RELAY_PRIVATE_KEY: generatePrivateKey(),
      }),
      /--deadline 1000 is in the past/,
    );
    const run = spawnSync(process.execPath, [CLI, "authorize", "--operator", "0x12"], {
      encoding: "utf8",
      env: { ...process.env, CHAIN_ID: "31337" },
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^error: invalid arguments:\n {2}--operator: /);
    const help = spawnSync(process.execPath, [CLI, "authorize", "--help"], { encoding: "utf8" });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /usage: streamrp2p-node authorize[\s\S]*--valid-for DURATION/);
  });

  test("the contract's refusals come back decoded with what to do", async () => {
    const relay = privateKeyToAccount(generatePrivateKey());
    const other = at(devAccount(DEV_ROLES.operators[1]));
    const reason = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => assert.fail("should revert"),
        (e: unknown) => e,
      );
      return errorMessage(error);
    };
    const block = await wallet.public.getBlock();
    const expired = await signAuthorization(relay, {
      operator: wallet.account.address,
      deadline: Number(block.timestamp) - 1,
      chainId: chain.chainId,
    });
    assert.match(
      await reason(
        authorizeRelayKey(wallet, {
          relayKey: relay.address,
          deadline: expired.deadline,
          relayKeySignature: expired.signature,
        }),
      ),
      /the contract reverted: SignatureExpired\(.*\)\n {2}.*run authorize again/,
    );
    const forWallet = await signAuthorization(relay, {
      operator: wallet.account.address,
      deadline: Number(block.timestamp) + 600,
      chainId: chain.chainId,
    });
    assert.match(
      await reason(
        authorizeRelayKey(other, {
          relayKey: relay.address,
          deadline: forWallet.deadline,
          relayKeySignature: forWallet.signature,
        }),
      ),
      /InvalidRelayKeySignature\(.*\)\n {2}.*--operator set to the wallet that sends it/,
    );
    await authorizeRelayKey(wallet, {
      relayKey: relay.address,
      deadline: forWallet.deadline,
      relayKeySignature: forWallet.signature,
    });
    const forOther = await signAuthorization(relay, {
      operator: other.account.address,
      deadline: Number(block.timestamp) + 600,
      chainId: chain.chainId,
    });
    assert.match(
      await reason(
        authorizeRelayKey(other, {
          relayKey: relay.address,
          deadline: forOther.deadline,
          relayKeySignature: forOther.signature,
        }),
      ),
      /RelayKeyTaken\(.*\)\n {2}.*revoke it from that wallet, or run keygen/,
    );
  });

  test("a report made with an equivocating origin's other entry is disputed before the window ends: executeTampering reverts, the stake is unchanged", async () => {
    const unit = parseUnits("1", 6);
    await mintTestToken(wallet, { to: wallet.account.address, amount: 1000n * unit });
    await stake(wallet, { amount: 200n * unit });

    // The relay key, authorized by the wallet, without ETH at first.
    const relayKey = privateKeyToAccount(generatePrivateKey());
    const relay = at(relayKey);
    const auth = await signAuthorization(relayKey, {
      operator: wallet.account.address,
      deadline: Math.floor(Date.now() / 1000) + 600,
      chainId: chain.chainId,
    });
    await authorizeRelayKey(wallet, {
      relayKey: relayKey.address,
      deadline: auth.deadline,
      relayKeySignature: auth.signature,
    });

    // A stream whose origin signs two hashes for sequences 5 and 6 (and one for 7).
    const streamer = at(devAccount(DEV_ROLES.streamer));
    const origin = privateKeyToAccount(generatePrivateKey());
    const { streamId } = await registerStream(streamer, {
      salt: `0x${"77".repeat(32)}`,
      originSigner: origin.address,
    });
    const staking = wallet.deployment.contracts.RelayStaking.address;
    const domain = relayStakingDomain(chain.chainId, staking);
    const entry = async (sequence: number, fill: string): Promise<SignedManifestEntry> => {
      const unsigned = {
        streamId,
        sequence,
        size: 1000,
        durationMs: 1000,
        hash: `0x${fill.repeat(32)}` as Hex,
        signature: "0x" as Hex,
      };
      const signature = await origin.signTypedData({
        domain,
        types: manifestEntryTypes,
        primaryType: "ManifestEntry",
        message: toManifestEntry(unsigned),
      });
      return { ...unsigned, signature };
    };
    const statementOf = (e: SignedManifestEntry) =>
      relayKey.signTypedData({
        domain,
        types: deliveryStatementTypes,
        primaryType: "DeliveryStatement",
        message: toDeliveryStatement(e),
      });

    // The relay verified and served b5 (kept in its store), b6 (only the coordinator has it now)
    // and b7; the origin also signed a5 and a6, and a7 is the only entry for 7.
    const [a5, b5, a6, b6, a7] = await Promise.all([
      entry(5, "a5"),
      entry(5, "b5"),
      entry(6, "a6"),
      entry(6, "b6"),
      entry(7, "a7"),
    ]);
    const tampered7 = { ...a7, hash: `0x${"c7".repeat(32)}` as Hex };
    const entries = new SignedEntryStore({ maxEntries: 10 });
    entries.add(b5);

    const reporter = at(devAccount(DEV_ROLES.supporter));
    const report = async (reported: SignedManifestEntry, served: SignedManifestEntry) =>
      (
        await reportTampering(reporter, {
          entry: toManifestEntry(reported),
          originSignature: reported.signature as Hex,
          statement: toDeliveryStatement(served),
          relaySignature: await statementOf(served),
        })
      ).reportId;
    const report5 = await report(a5, b5);
    const report6 = await report(a6, b6);
    const report7 = await report(a7, tampered7);

    const logs: { msg: string; reportId?: string }[] = [];
    const logger = pino(
      { level: "info" },
      { write: (line: string) => void logs.push(JSON.parse(line)) },
    );
    const watcher = new DisputeWatcher({
      clients: relay,
      operator: () => wallet.account.address,
      entries,
      coordinatorEntry: async (_stream, sequence) => ({ 6: b6, 7: a7 })[sequence],
      originSignerAt: originSignerReader(relay.public, relay.deployment.contracts.RelayStaking),
      domain,
      logger,
      lookbackBlocks: 1000n,
    });

    const bondedBefore = (await readStake(wallet, { account: wallet.account.address })).bonded;
    await watcher.poll();
    assert.equal(watcher.stats.reports, 3);
    assert.equal(watcher.stats.disputed, 0);
    assert.ok(
      logs.some((l) => /relay key 0x[0-9a-fA-F]{40} has no ETH for gas/.test(l.msg)),
      "a relay key without ETH says so",
    );
    assert.equal(watcher.stats.undisputable, 1, "report 7 names a hash the origin never signed");

    const deployer = at(devAccount(DEV_ROLES.deployer));
    await deployer.public.waitForTransactionReceipt({
      hash: await deployer.wallet.sendTransaction({
        to: relayKey.address,
        value: parseEther("0.1"),
        chain: deployer.wallet.chain,
      }),
    });
    await watcher.poll();
    assert.equal(watcher.stats.disputed, 2);
    assert.equal(watcher.stats.pending, 0);
    const { abi, address } = wallet.deployment.contracts.RelayStaking;
    assert.equal(
      await wallet.public.readContract({
        address,
        abi,
        functionName: "isEquivocated",
        args: [streamId],
      }),
      true,
    );

    const { challengeWindow } = await wallet.public.readContract({
      address,
      abi,
      functionName: "parameters",
    });
    await rpc(chain.rpcUrl, "evm_increaseTime", [challengeWindow + 1]);
    await rpc(chain.rpcUrl, "evm_mine");
    for (const reportId of [report5, report6]) {
      const error = await executeTampering(reporter, { reportId }).then(
        () => assert.fail("disputed reports cannot execute"),
        (e: unknown) => e,
      );
      const decoded = revertReason(error);
      assert.equal(decoded?.type === "error" && decoded.name, "TamperReportNotFound");
    }
    const after = await readStake(wallet, { account: wallet.account.address });
    assert.equal(after.bonded, bondedBefore, "the stake is unchanged");
    assert.equal(after.jailed, false);

    // The undisputed report of a statement the origin never signed still executes.
    const { slashed } = await executeTampering(reporter, { reportId: report7 });
    assert.ok(slashed > 0n);
    assert.equal((await readStake(wallet, { account: wallet.account.address })).jailed, true);
  });
});
