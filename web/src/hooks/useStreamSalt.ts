import { useMemo } from "react";
import type { Address, Hex } from "viem";
import { browserStorage, loadStreamSalt } from "../lib/streamSalts.ts";
import { useApp } from "./useApp.ts";

/** The salt this browser kept for `owner`'s stream `streamId` (to register it on-chain). */
export function useStreamSalt({ owner, streamId }: { owner: Address; streamId: Hex }) {
  const { app } = useApp();
  return useMemo(
    () => loadStreamSalt(browserStorage(), { chainId: app.chainId, owner, streamId }),
    [app.chainId, owner, streamId],
  );
}
