import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BaseError,
  CallExecutionError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  InvalidInputRpcError,
  RpcRequestError,
  encodeErrorResult,
  parseAbi,
} from "viem";
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

/** How viem reports a reverted eth_call that the node answered with -32000 and `{ message, data }`. */
function undecodedRpcRevert(data: unknown) {
  const message =
    "VM Exception while processing transaction: reverted with an unrecognized custom error";
  const rpc = new RpcRequestError({
    body: { method: "eth_call" },
    error: { code: -32000, message, data },
    url: "http://127.0.0.1:8545",
  });
  const call = new CallExecutionError(new InvalidInputRpcError(rpc), {});
  return new ContractFunctionExecutionError(call, { abi, functionName: "fund", args: [] });
}

test("revert data an RPC error carries although viem did not read it as a revert", () => {
  const pauseAbi = parseAbi(["error EnforcedPause()"]);
  const paused = encodeErrorResult({ abi: pauseAbi, errorName: "EnforcedPause" });
  const error = undecodedRpcRevert({ message: "reverted", data: paused });
  assert.deepEqual(revertReason(error, [abi, pauseAbi]), {
    type: "error",
    name: "EnforcedPause",
    args: [],
  });
  assert.deepEqual(revertReason(error), { type: "selector", selector: paused });
  assert.deepEqual(revertReason(undecodedRpcRevert(data), [abi]), {
    type: "error",
    name: "InsufficientBondedStake",
    args: ["5", "7"],
  });
  const stringAbi = parseAbi(["error Error(string)"]);
  const message = encodeErrorResult({ abi: stringAbi, errorName: "Error", args: ["nope"] });
  assert.deepEqual(revertReason(undecodedRpcRevert({ data: message })), {
    type: "reason",
    reason: "nope",
  });
  // No revert data: not a revert.
  assert.equal(revertReason(undecodedRpcRevert({ message: "reverted" })), undefined);
  assert.equal(revertReason(undecodedRpcRevert("0x")), undefined);
});
