/**
 * Money commands show what they will send and ask y/N unless --yes; without a terminal and
 * without --yes they refuse before loading a key or touching the chain.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { ConfigError } from "../src/config.ts";
import {
  confirmMoneyAction,
  isYes,
  NotConfirmedError,
  renderMoneyPlan,
  type MoneyPlan,
} from "../src/operator/confirm-money-action.ts";
import type { Terminal } from "../src/operator/terminal.ts";

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, "../src/cli.ts");

const plan: MoneyPlan = {
  action: "stake",
  chainId: 84532,
  rpcUrl: "https://sepolia.base.org",
  from: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  contract: { name: "RelayStaking", address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
  effects: ["stake 12.5 tUSD (with an ERC-2612 permit)", "bonded now: 0 tUSD"],
};

/** A terminal that answers `answer` and records the questions. */
function answering(answer: string): Terminal & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask: async (question) => (asked.push(question), answer),
    askHidden: async () => assert.fail("no hidden question expected"),
  };
}

test("isYes: y and yes in any case; anything else, including nothing, is no", () => {
  for (const answer of ["y", "Y", "yes", "YES", " yes "]) assert.equal(isYes(answer), true, answer);
  for (const answer of ["", "n", "no", "yep", "sure", "y y"])
    assert.equal(isYes(answer), false, answer);
});

test("renderMoneyPlan names the amounts, the wallet, the contract and the chain", () => {
  assert.equal(
    renderMoneyPlan(plan),
    [
      "stake:",
      "  stake 12.5 tUSD (with an ERC-2612 permit)",
      "  bonded now: 0 tUSD",
      "  from wallet  0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      "  contract     RelayStaking 0x5FbDB2315678afecb367f032d93F642f64180aa3",
      "  chain        84532 (https://sepolia.base.org)",
    ].join("\n"),
  );
});

test("confirmMoneyAction: shows the plan, asks, and sends only on yes", async () => {
  const said: string[] = [];
  const yes = answering("y");
  await confirmMoneyAction(plan, { yes: false, terminal: yes, say: (t) => said.push(t) });
  assert.deepEqual(yes.asked, ["send this transaction? [y/N] "]);
  assert.match(said.join(""), /RelayStaking 0x5FbDB/);

  await assert.rejects(
    confirmMoneyAction(plan, { yes: false, terminal: answering(""), say: () => {} }),
    (error) => error instanceof NotConfirmedError && /nothing was sent/.test(error.message),
  );

  const skipped = answering("n");
  await confirmMoneyAction(plan, { yes: true, terminal: skipped, say: () => {} });
  assert.deepEqual(skipped.asked, [], "--yes does not ask");

  await assert.rejects(
    confirmMoneyAction(plan, { yes: false, terminal: undefined, say: () => {} }),
    ConfigError,
  );
});

test("the CLI without a terminal refuses a money command without --yes, before any chain call", async () => {
  const env = {
    ...process.env,
    OPERATOR_PRIVATE_KEY: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    CHAIN_RPC_URL: "http://127.0.0.1:9",
    CHAIN_ID: "31337",
  };
  const refused = await exec(process.execPath, [CLI, "stake", "1"], { env }).then(
    () => assert.fail("stake must not run without --yes"),
    (error: { code: number; stderr: string }) => error,
  );
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /stdin is not a terminal to confirm it on: add --yes/);
  // With --yes the CLI sends against a real chain: test/e2e/payout.test.ts.
});
