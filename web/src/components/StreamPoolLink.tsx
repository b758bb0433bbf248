import { useState } from "react";
import type { Hex } from "viem";
import { describeError } from "../lib/describeError.ts";
import { useLinkStreamPool } from "../hooks/useLinkStreamPool.ts";

/**
 * Which of the streamer's pools pays this stream's relays, and the control to change it (the
 * wallet signs LinkPool: no transaction).
 */
export function StreamPoolLink({
  streamId,
  linkedPoolId,
  ownedPoolIds,
}: {
  streamId: Hex;
  linkedPoolId: bigint | undefined;
  ownedPoolIds: readonly bigint[];
}) {
  const link = useLinkStreamPool();
  const [choice, setChoice] = useState("");
  const selected = choice || (ownedPoolIds[0]?.toString() ?? "");
  if (ownedPoolIds.length === 0) return <span className="muted">Create a pool first</span>;
  return (
    <div className="row">
      {linkedPoolId !== undefined ? (
        <span className="pill on">pool #{linkedPoolId.toString()}</span>
      ) : null}
      <select
        aria-label="Pool that pays this stream's relays"
        value={selected}
        onChange={(e) => setChoice(e.target.value)}
        data-testid="link-pool-select"
      >
        {ownedPoolIds.map((id) => (
          <option key={id.toString()} value={id.toString()}>
            #{id.toString()}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button secondary"
        disabled={link.isPending || selected === ""}
        onClick={() => link.mutate({ streamId, poolId: BigInt(selected) })}
        data-testid="link-pool-button"
      >
        {linkedPoolId === undefined ? "Pay relays from it" : "Switch"}
      </button>
      {link.error ? (
        <span className="field-error" role="alert" data-testid="link-pool-error">
          {describeError(link.error)}
        </span>
      ) : null}
    </div>
  );
}
