import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useId, useMemo, useRef, useState } from "react";
import { useConfig, type Config } from "wagmi";
import type { Abi } from "viem";
import { describeError } from "../lib/describeError.ts";
import { useApp } from "./useApp.ts";
import { useToasts } from "./useToasts.ts";
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
 * explains failures with the deployed ABIs' custom errors, toasts each transaction (submitted,
 * confirmed) and every failure, and refreshes chain reads (history included) after.
 */
export function useTx<P, R>(action: TxAction<P, R>): TxState<P, R> {
  const config = useConfig();
  const queryClient = useQueryClient();
  const toasts = useToasts();
  const { deployment } = useApp();
  const [progress, setProgress] = useState<TxProgress>();
  const failures = useRef(0);
  const id = useId();
  const abis = useMemo<Abi[]>(
    () =>
      deployment
        ? [deployment.contracts.RewardPools.abi, deployment.contracts.RelayStaking.abi]
        : [],
    [deployment],
  );
  const onProgress = useCallback(
    (p: TxProgress) => {
      setProgress(p);
      if (!p.hash || p.phase === "wallet") return;
      const submitted = p.phase === "pending";
      toasts.show({
        id: p.hash,
        kind: submitted ? "submitted" : "confirmed",
        title: `${p.label}: ${submitted ? "submitted" : "confirmed"}`,
        hash: p.hash,
      });
    },
    [toasts],
  );
  const mutation = useMutation({
    mutationFn: (parameters: P) => {
      setProgress(undefined);
      return action(config, { ...parameters, onProgress });
    },
    onError: (error) => {
      failures.current += 1;
      toasts.show({
        id: `${id}-failed-${failures.current}`,
        kind: "failed",
        title: "Transaction failed",
        detail: describeError(error, abis),
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["chain"] }),
  });
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
