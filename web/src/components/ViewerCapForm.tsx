import { useState } from "react";
import { MAX_VIEWER_CAP } from "@streamrp2p/protocol/api";
import { describeError } from "../lib/describeError.ts";
import { useSetViewerCap } from "../hooks/useSetViewerCap.ts";

/**
 * The pool's cap on paid viewers per epoch, and the owner's control to change it (the wallet
 * signs SetViewerCap: no transaction). Sessions past the cap earn the relays nothing.
 */
export function ViewerCapForm({
  poolId,
  maxViewers,
}: {
  poolId: bigint;
  /** The current cap (0 = none); undefined while the coordinator has not answered. */
  maxViewers: number | undefined;
}) {
  const set = useSetViewerCap();
  const [value, setValue] = useState("");
  const parsed = /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
  const valid = parsed !== undefined && parsed <= MAX_VIEWER_CAP;
  return (
    <div className="row">
      <span className="muted" data-testid="viewer-cap-current">
        Paid viewers per epoch:{" "}
        {maxViewers === undefined ? "…" : maxViewers === 0 ? "no limit" : maxViewers}
      </span>
      <input
        aria-label={`Most paid viewers per epoch for pool ${poolId} (0 = no limit)`}
        inputMode="numeric"
        placeholder="Max viewers (0 = no limit)"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        data-testid="viewer-cap-input"
      />
      <button
        type="button"
        className="button secondary"
        disabled={!valid || set.isPending}
        onClick={() => valid && set.mutate({ poolId, maxViewers: parsed })}
        data-testid="viewer-cap-button"
      >
        Set cap
      </button>
      {set.error ? (
        <span className="field-error" role="alert" data-testid="viewer-cap-error">
          {describeError(set.error)}
        </span>
      ) : null}
    </div>
  );
}
