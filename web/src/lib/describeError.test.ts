import { describe, expect, it } from "vitest";
import {
  BaseError,
  CallExecutionError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  InvalidInputRpcError,
  RpcRequestError,
  UserRejectedRequestError,
  encodeErrorResult,
  getAddress,
} from "viem";
import { relayStakingAbi, rewardPoolsAbi, ACCOUNT } from "../test/fixtures.ts";
import { describeError } from "./describeError.ts";
import { SignatureDeclinedError } from "./SignatureDeclinedError.ts";
import { AmountError, CoordinatorError } from "@streamrp2p/client";

function reverted(
  abi: typeof relayStakingAbi | typeof rewardPoolsAbi,
  data: `0x${string}`,
  functionName: string,
) {
  const cause = new ContractFunctionRevertedError({ abi, data, functionName });
  return new ContractFunctionExecutionError(cause, {
    abi,
    functionName,
    args: [],
    contractAddress: ACCOUNT,
  });
}

describe("describeError", () => {
  it("says the user rejected the request", () => {
    const error = new BaseError("wrapped", {
      cause: new UserRejectedRequestError(new Error("User denied")),
    });
    expect(describeError(error)).toBe("You rejected the request in your wallet");
  });
  it("says what a declined signature left undone", () => {
    const cause = new UserRejectedRequestError(new Error("User denied"));
    expect(
      describeError(
        new SignatureDeclinedError("You declined the signature; nothing was created", { cause }),
      ),
    ).toBe("You declined the signature; nothing was created");
  });
  it("decodes custom errors with their arguments", () => {
    const data = encodeErrorResult({
      abi: relayStakingAbi,
      errorName: "InsufficientBondedStake",
      args: [ACCOUNT, 5n, 10n],
    });
    expect(describeError(reverted(relayStakingAbi, data, "requestUnstake"))).toBe(
      `Insufficient bonded stake: InsufficientBondedStake(${getAddress(ACCOUNT)}, 5, 10)`,
    );
  });
  it("decodes a custom error of another deployed ABI when the call's ABI lacks it", () => {
    const data = encodeErrorResult({ abi: rewardPoolsAbi, errorName: "PoolNotFound", args: [7n] });
    const error = reverted(relayStakingAbi, data, "stake");
    expect(describeError(error, [relayStakingAbi, rewardPoolsAbi])).toBe(
      "Pool not found: PoolNotFound(7)",
    );
  });
  it("decodes a revert the node reported as -32000 with its data (Hardhat's untraced reverts)", () => {
    const data = encodeErrorResult({ abi: rewardPoolsAbi, errorName: "EnforcedPause" });
    const rpc = new RpcRequestError({
      body: { method: "eth_call" },
      error: { code: -32000, message: "VM Exception while processing transaction", data: { data } },
      url: "http://127.0.0.1:8545",
    });
    const error = new ContractFunctionExecutionError(
      new CallExecutionError(new InvalidInputRpcError(rpc), {}),
      { abi: rewardPoolsAbi, functionName: "fundWithPermit", args: [], contractAddress: ACCOUNT },
    );
    expect(describeError(error, [rewardPoolsAbi])).toBe("Enforced pause: EnforcedPause");
  });
  it("passes coordinator and input errors through", () => {
    expect(describeError(new CoordinatorError("down", { code: "UNREACHABLE", status: 0 }))).toBe(
      "down",
    );
    expect(describeError(new AmountError("Enter an amount"))).toBe("Enter an amount");
    expect(describeError("weird")).toBe("weird");
  });
});
