import type { Hex } from "viem";
import { usePools } from "../hooks/usePools.ts";
import { PoolActions } from "./PoolActions.tsx";
import { PoolCard } from "./PoolCard.tsx";
import { WalletGate } from "./WalletGate.tsx";

/** The pools that pay this stream's relays, for a fan to top up (any wallet can fund a pool). */
export function SupportStream({ streamId }: { streamId: Hex }) {
  const pools = usePools().data?.filter((p) => p.streams.some((s) => s.toLowerCase() === streamId));
  return (
    <section className="card" aria-labelledby="support" data-testid="support-stream">
      <h2 id="support">Support this stream</h2>
      {pools === undefined || pools.length === 0 ? (
        <p className="muted">No reward pool pays this stream&apos;s relays yet.</p>
      ) : (
        <>
          <p className="muted">
            Top up a pool and the relays carrying this stream are paid from it, per verified byte.
          </p>
          <WalletGate why="fund this stream's pool">
            {(account, deployment) => (
              <div className="grid">
                {pools.map((p) => (
                  <PoolCard
                    key={p.poolId.toString()}
                    poolId={p.poolId}
                    summary={p}
                    actions={
                      <PoolActions deployment={deployment} poolId={p.poolId} account={account} />
                    }
                  />
                ))}
              </div>
            )}
          </WalletGate>
        </>
      )}
    </section>
  );
}
