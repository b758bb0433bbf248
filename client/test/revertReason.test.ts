import assert from "node:assert/strict";
import { test } from "node:test";
import { BaseError, ContractFunctionRevertedError, encodeErrorResult, parseAbi } from "viem";
import { formatRevert, revertReason } from "../src/errors/revertReason.ts";

const abi = parseAbi(["error InsufficientBondedStake(uint256 bonded, uint256 requested)"]);
const data = encodeErrorResult({ abi, errorName: "InsufficientBondedStake", args: [5n, 7n] });

test("a custom error viem decoded: its name and arguments", () => {
  const reverted = new ContractFunctionRevertedError({ abi, data, functionName: "requestUnstake" });
  const reason = revertReason(new BaseError("call failed", { cause: reverted }));
  assert.deepEqual(reason, { type: "error", name: "InsufficientBondedStake", args: ["5", "7"] });
  assert.equal(formatRevert(reason!), "InsufficientBondedStake(5, 7)");
});

test("raw revert data viem could not decode: decoded with the ABIs given", () => {
  const reverted = new ContractFunctionRevertedError({ abi: [], data, functionName: "x" });
  assert.equal(revertReason(reverted)?.type, "selector");
  assert.deepEqual(revertReason(reverted, [abi]), {
    type: "error",
    name: "InsufficientBondedStake",
    args: ["5", "7"],
  });
});

test("revert strings, argument-less errors and non-reverts", () => {
  const stringAbi = parseAbi(["error Error(string)"]);
  const message = new ContractFunctionRevertedError({
    abi: stringAbi,
    data: encodeErrorResult({ abi: stringAbi, errorName: "Error", args: ["nope"] }),
    functionName: "x",
  });
  assert.equal(formatRevert(revertReason(message)!), "Error(nope)");
  assert.equal(formatRevert({ type: "reason", reason: "nope" }), "Error(nope)");
  assert.equal(
    formatRevert({ type: "error", name: "NothingToWithdraw", args: [] }),
    "NothingToWithdraw",
  );
  assert.equal(revertReason(new Error("plain")), undefined);
  assert.equal(revertReason(new BaseError("not a revert")), undefined);
});
