import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  encodeErrorResult,
  parseAbi,
} from "viem";
import { ConfigError } from "../src/config.ts";
import { errorMessage } from "../src/operator/error-message.ts";
import { formatDuration } from "../src/operator/format-duration.ts";
import {
  operatorHelp,
  parseOperatorCommand,
  OPERATOR_COMMANDS,
} from "../src/operator/operator-config.ts";
import { renderClaim, renderStatus, toJson } from "../src/operator/render-result.ts";

const env = { CHAIN_RPC_URL: "http://127.0.0.1:8545", CHAIN_ID: "31337" };
const token = { address: `0x${"11".repeat(20)}` as const, symbol: "tUSD", decimals: 6 };

test("formatDuration: largest units first, zero parts left out", () => {
  assert.equal(formatDuration(90061), "1d 1h 1m 1s");
  assert.equal(formatDuration(0), "0s");
});

test("parseOperatorCommand: flags over env, amounts positional, --json, --help", () => {
  const stake = parseOperatorCommand("stake", ["100", "--json"], env).config!;
  assert.equal(stake.amount, "100");
  assert.equal(stake.json, true);
  assert.equal(stake.chainId, 31337);
  assert.equal(stake.coordinatorUrl, undefined);
  const claim = parseOperatorCommand(
    "claim",
    ["--coordinator", "http://127.0.0.1:8080/", "--rpc-url", "http://127.0.0.1:9999"],
    env,
  ).config!;
  assert.equal(claim.coordinatorUrl, "http://127.0.0.1:8080");
  assert.equal(claim.rpcUrl, "http://127.0.0.1:9999");
  assert.equal(claim.json, false);
  assert.equal(parseOperatorCommand("status", ["--help"], {}).help, true);
  assert.equal(parseOperatorCommand("status", [], env).config!.coordinatorUrl, undefined);
});

test("parseOperatorCommand: clear errors for missing and bad arguments", () => {
  const fails = (
    command: (typeof OPERATOR_COMMANDS)[number],
    argv: string[],
    e: object,
    re: RegExp,
  ) =>
    assert.throws(
      () => parseOperatorCommand(command, argv, e as NodeJS.ProcessEnv),
      (error: Error) => error instanceof ConfigError && re.test(error.message),
    );
  fails("stake", [], env, /usage: stake <amount>/);
  fails("stake", ["1", "2"], env, /usage: stake <amount>/);
  fails("withdraw", ["5"], env, /no positional argument/);
  fails("claim", [], env, /--coordinator: required/);
  fails("status", [], {}, /--rpc-url: required[\s\S]*--chain-id: required/);
  fails("status", ["--chain-id", "x"], { CHAIN_RPC_URL: "http://x" }, /--chain-id/);
  fails("status", ["--bogus"], env, /bogus/);
});

test("every command has --help text naming its options and the key sources", () => {
  for (const command of OPERATOR_COMMANDS) {
    const help = operatorHelp(command);
    assert.match(help, new RegExp(`usage: node node/src/cli.ts ${command}`));
    assert.match(help, /--rpc-url URL .*\[CHAIN_RPC_URL\]/);
    assert.match(help, /--json/);
    assert.match(help, /OPERATOR_PRIVATE_KEY/);
  }
  assert.match(operatorHelp("claim"), /--coordinator URL .*\(required\)/);
  assert.doesNotMatch(operatorHelp("stake"), /--coordinator/);
});

test("errorMessage: a decoded revert, an unreachable RPC, a plain error", () => {
  const abi = parseAbi(["error InsufficientBondedStake(uint256 bonded, uint256 requested)"]);
  const data = encodeErrorResult({ abi, errorName: "InsufficientBondedStake", args: [5n, 7n] });
  const reverted = new ContractFunctionRevertedError({ abi, data, functionName: "requestUnstake" });
  const wrapped = new BaseError("call failed", { cause: reverted });
  assert.equal(errorMessage(wrapped), "the contract reverted: InsufficientBondedStake(5, 7)");
  assert.equal(errorMessage(new Error("plain")), "plain");
  const unreachable = new BaseError("call failed", {
    cause: new HttpRequestError({ url: "http://127.0.0.1:1/", details: "fetch failed" }),
  });
  assert.equal(errorMessage(unreachable), "cannot reach http://127.0.0.1:1/: fetch failed");
});

test("rendering: amounts with decimals and symbols, JSON with decimal strings", () => {
  const payout = { poolId: 1n, token, amount: 1_234_567n, cumulativeBytes: 5_000_000n, epoch: 3 };
  const hash = `0x${"ab".repeat(32)}` as const;
  const text = renderClaim({ operator: token.address, hash, payouts: [payout] });
  assert.match(text, new RegExp(`claimed 1 pool in one transaction ${hash}`));
  assert.match(text, /pool #1: 1.234567 tUSD/);
  assert.match(
    renderClaim({ operator: token.address, hash: undefined, payouts: [] }),
    /nothing to claim/,
  );
  const json = JSON.parse(toJson({ hash, payouts: [payout] })) as { payouts: { amount: string }[] };
  assert.equal(json.payouts[0]!.amount, "1234567");
  const status = renderStatus({
    operator: token.address,
    chainId: 31337,
    token,
    balance: 10n ** 12n,
    bonded: 100_000_000n,
    unbonding: 5_000_000n,
    releaseTime: 1_800_000_000n,
    unbondingSecondsLeft: 3661,
    active: true,
    jailed: false,
    minStake: 10_000_000n,
    claimable: [payout],
    balances: [],
    relays: undefined,
  });
  assert.match(status, /balance {4}1,000,000 tUSD/);
  assert.match(status, /bonded {5}100 tUSD \(minimum 10 tUSD\)/);
  assert.match(status, /withdrawable in 1h 1m 1s/);
  assert.match(status, /state {6}active/);
  assert.match(status, /relays {5}unknown \(pass --coordinator/);
});
