import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { useConfig, type Config } from "wagmi";
import type { Abi } from "viem";
import { describeError } from "../lib/describeError.ts";
import { useApp } from "./useApp.ts";
import { type OnTxProgress, type TxProgress } from "@streamrp2p/client";

export type TxAction<P, R> = (
  config: Config,
  parameters: P & { onProgress?: OnTxProgress },
) => Promise<R>;

export interface TxState<P, R> {
  run: (parameters: P) => void;
  runAsync: (parameters: P) => Promise<R>;
  reset: () => void;
  status: "idle" | "pending" | "success" | "error";
  progress: TxProgress | undefined;
  /** A readable reason when status is "error". */
  error: string | undefined;
  result: R | undefined;
}

/**
 * Runs a transaction action as a mutation, tracks its progress (wallet, pending, confirmed),
 * explains failures with the deployed ABIs' custom errors, and refreshes chain reads after.
 */
export function useTx<P, R>(action: TxAction<P, R>): TxState<P, R> {
  const config = useConfig();
  const queryClient = useQueryClient();
  const { deployment } = useApp();
  const [progress, setProgress] = useState<TxProgress>();
  const mutation = useMutation({
    mutationFn: (parameters: P) => {
      setProgress(undefined);
      return action(config, { ...parameters, onProgress: setProgress });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["chain"] }),
  });
  const abis = useMemo<Abi[]>(
    () =>
      deployment
        ? [deployment.contracts.RewardPools.abi, deployment.contracts.RelayStaking.abi]
        : [],
    [deployment],
  );
  const { reset: resetMutation } = mutation;
  const reset = useCallback(() => {
    setProgress(undefined);
    resetMutation();
  }, [resetMutation]);
  return {
    run: mutation.mutate,
    runAsync: mutation.mutateAsync,
    reset,
    status: mutation.status,
    progress,
    error: mutation.error ? describeError(mutation.error, abis) : undefined,
    result: mutation.data,
  };
}
