import type { CreateSessionResponse } from "@streamrp2p/protocol/api";
import { useEffect, useReducer, useState } from "react";
import type { Hex } from "viem";
import { describeError } from "../lib/describeError.ts";
import type { HlsLoaderSource } from "../player/createHlsLoaders.ts";
import { startWatching } from "../player/startWatching.ts";
import { emptyViewerStats, reduceViewerStats, type ViewerStats } from "../player/viewerStats.ts";
import { useApp } from "./useApp.ts";

export interface WatchState {
  readonly source: HlsLoaderSource | undefined;
  readonly session: CreateSessionResponse | undefined;
  readonly stats: ViewerStats;
  /** The last problem (failed session, no relay left); playback may recover by itself. */
  readonly error: string | undefined;
}

const RETRY_MS = 3_000;

/** Watches `streamId` for as long as the component is mounted; retries a failed start. */
export function useWatch(streamId: Hex): WatchState {
  const { app, deployment, fetch } = useApp();
  const [stats, dispatch] = useReducer(reduceViewerStats, emptyViewerStats);
  const [session, setSession] = useState<CreateSessionResponse>();
  const [source, setSource] = useState<HlsLoaderSource>();
  const [error, setError] = useState<string>();
  // bumped to start again after a failed start (coordinator down, no relay yet)
  const [attempt, setAttempt] = useState(0);
  const stakingAddress = deployment?.contracts.RelayStaking.address;

  useEffect(() => {
    if (!stakingAddress) {
      setError(
        `No contracts on chain ${app.chainId}: segments cannot be verified, so nothing plays.`,
      );
      return;
    }
    let cancelled = false;
    let stop: (() => Promise<void>) | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    startWatching(
      { coordinatorUrl: app.coordinatorUrl, chainId: app.chainId, stakingAddress, streamId, fetch },
      { onSession: setSession, onStats: dispatch, onError: (e) => setError(describeError(e)) },
    ).then(
      (watching) => {
        if (cancelled) return void watching.stop();
        stop = watching.stop;
        setError(undefined);
        setSource(watching.source);
      },
      (e: unknown) => {
        if (cancelled) return;
        setError(`Could not start watching: ${describeError(e)}. Retrying…`);
        retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(retry);
      void stop?.();
      setSource(undefined);
      setSession(undefined);
      dispatch({ type: "reset" });
    };
  }, [app.coordinatorUrl, app.chainId, stakingAddress, streamId, fetch, attempt]);

  return { source, session, stats, error };
}
