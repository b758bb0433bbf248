import { PoolActions } from "../components/PoolActions.tsx";
import { PoolCard } from "../components/PoolCard.tsx";
import { QueryView } from "../components/QueryView.tsx";
import { RelaysTable } from "../components/RelaysTable.tsx";
import { useApp } from "../hooks/useApp.ts";
import { usePoolIds } from "../hooks/usePoolIds.ts";
import { usePools } from "../hooks/usePools.ts";
import { useRelays } from "../hooks/useRelays.ts";
import { useWallet } from "../hooks/useWallet.ts";

/** The public view: every relay the coordinator sees and every pool on-chain (anyone connected can fund one). */
export function ExplorePage() {
  const relays = useRelays();
  const poolIds = usePoolIds();
  const summaries = usePools();
  const { deployment, app } = useApp();
  const account = useWallet().address;
  return (
    <>
      <section className="card" aria-labelledby="relays-heading">
        <h1 id="relays-heading">Relays</h1>
        <QueryView query={relays} what="relays">
          {(list) => <RelaysTable relays={list} />}
        </QueryView>
      </section>
      <section aria-labelledby="pools-heading" style={{ display: "grid", gap: "1rem" }}>
        <h1 id="pools-heading">Reward pools</h1>
        {deployment ? (
          <QueryView query={poolIds} what="pools">
            {(ids) =>
              ids.length === 0 ? (
                <div className="state">No pools yet.</div>
              ) : (
                <div className="grid">
                  {ids.map((id) => (
                    <PoolCard
                      key={id.toString()}
                      poolId={id}
                      summary={summaries.data?.find((s) => s.poolId === id)}
                      actions={
                        account ? (
                          <PoolActions deployment={deployment} poolId={id} account={account} />
                        ) : null
                      }
                    />
                  ))}
                </div>
              )
            }
          </QueryView>
        ) : (
          <div className="state">No contracts on chain {app.chainId}: no pools to show.</div>
        )}
      </section>
    </>
  );
}
