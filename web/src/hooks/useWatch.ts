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

/** Watches `streamId` for as long as the component is mounted. */
export function useWatch(streamId: Hex): WatchState {
  const { app, deployment, fetch } = useApp();
  const [stats, dispatch] = useReducer(reduceViewerStats, emptyViewerStats);
  const [session, setSession] = useState<CreateSessionResponse>();
  const [source, setSource] = useState<HlsLoaderSource>();
  const [error, setError] = useState<string>();
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
    setError(undefined);
    startWatching(
      { coordinatorUrl: app.coordinatorUrl, chainId: app.chainId, stakingAddress, streamId, fetch },
      { onSession: setSession, onStats: dispatch, onError: (e) => setError(describeError(e)) },
    ).then(
      (watching) => {
        if (cancelled) return void watching.stop();
        stop = watching.stop;
        setSource(watching.source);
      },
      (e: unknown) => !cancelled && setError(`Could not start watching: ${describeError(e)}`),
    );
    return () => {
      cancelled = true;
      void stop?.();
      setSource(undefined);
      setSession(undefined);
      dispatch({ type: "reset" });
    };
  }, [app.coordinatorUrl, app.chainId, stakingAddress, streamId, fetch]);

  return { source, session, stats, error };
}
