import type { Address } from "viem";
import { CreatePoolForm } from "../components/CreatePoolForm.tsx";
import { CreateStreamForm } from "../components/CreateStreamForm.tsx";
import { FaucetButton } from "../components/FaucetButton.tsx";
import { PoolActions } from "../components/PoolActions.tsx";
import { PoolCard } from "../components/PoolCard.tsx";
import { QueryView } from "../components/QueryView.tsx";
import { RelaysTable } from "../components/RelaysTable.tsx";
import { StreamRow } from "../components/StreamRow.tsx";
import { ViewerCapForm } from "../components/ViewerCapForm.tsx";
import { WalletGate } from "../components/WalletGate.tsx";
import type { Deployment } from "../config/deployment.ts";
import { useLeaderboard } from "../hooks/useLeaderboard.ts";
import { useOwnedPoolIds } from "../hooks/useOwnedPoolIds.ts";
import { usePools } from "../hooks/usePools.ts";
import { useRelays } from "../hooks/useRelays.ts";
import { useStreams } from "../hooks/useStreams.ts";
import { useToken } from "../hooks/useToken.ts";

function StreamerDashboard({ account, deployment }: { account: Address; deployment: Deployment }) {
  const streams = useStreams();
  const relays = useRelays();
  const poolIds = useOwnedPoolIds(account);
  const summaries = usePools();
  const leaderboard = useLeaderboard("earnings", "all");
  const token = useToken({ token: deployment.contracts.TestToken?.address }).data;
  const earnings =
    leaderboard.data && token
      ? {
          byAddress: new Map(
            leaderboard.data.entries.map((e) => [e.address.toLowerCase(), e.value]),
          ),
          decimals: token.decimals,
          symbol: token.symbol,
        }
      : undefined;
  const mine = (streams.data ?? []).filter(
    (s) => s.ownerAddress?.toLowerCase() === account.toLowerCase(),
  );
  const myIds = new Set(mine.map((s) => s.streamId.toLowerCase()));
  return (
    <>
      <div className="grid">
        <section className="card" aria-labelledby="new-stream">
          <h2 id="new-stream">New stream</h2>
          <CreateStreamForm />
        </section>
        <section className="card" aria-labelledby="new-pool">
          <h2 id="new-pool">New reward pool</h2>
          <p className="muted">
            Relays that carry your stream are paid from it, per GB they prove they delivered.
          </p>
          <CreatePoolForm deployment={deployment} />
          <FaucetButton deployment={deployment} account={account} />
        </section>
      </div>
      <section className="card" aria-labelledby="my-streams">
        <h2 id="my-streams">Your streams</h2>
        <QueryView query={streams} what="your streams">
          {() =>
            mine.length === 0 ? (
              <div className="state">No streams owned by this wallet yet.</div>
            ) : (
              <table data-testid="my-streams">
                <thead>
                  <tr>
                    <th>Stream</th>
                    <th>Status</th>
                    <th>Last segment</th>
                    <th>On-chain</th>
                    <th>Paid from</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((stream) => (
                    <StreamRow
                      key={stream.streamId}
                      stream={stream}
                      owner={account}
                      deployment={deployment}
                      ownedPoolIds={poolIds.data ?? []}
                      linkedPoolId={
                        summaries.data?.find((p) =>
                          p.streams.some(
                            (id) => id.toLowerCase() === stream.streamId.toLowerCase(),
                          ),
                        )?.poolId
                      }
                    />
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryView>
      </section>
      <section className="card" aria-labelledby="supporters">
        <h2 id="supporters">Supporter relays</h2>
        <QueryView query={relays} what="relays">
          {(list) => (
            <RelaysTable
              relays={list.filter((r) => r.streams.some((id) => myIds.has(id.toLowerCase())))}
              testId="supporter-relays"
              earnings={earnings}
            />
          )}
        </QueryView>
      </section>
      <section aria-labelledby="my-pools" style={{ display: "grid", gap: "1rem" }}>
        <h2 id="my-pools">Your pools</h2>
        <QueryView query={poolIds} what="your pools">
          {(ids) =>
            ids.length === 0 ? (
              <div className="state">You have no pools yet.</div>
            ) : (
              <div className="grid">
                {ids.map((id) => {
                  const summary = summaries.data?.find((s) => s.poolId === id);
                  return (
                    <PoolCard
                      key={id.toString()}
                      poolId={id}
                      summary={summary}
                      actions={
                        <>
                          <PoolActions deployment={deployment} poolId={id} account={account} />
                          <ViewerCapForm poolId={id} maxViewers={summary?.maxViewers} />
                        </>
                      }
                    />
                  );
                })}
              </div>
            )
          }
        </QueryView>
      </section>
    </>
  );
}

/** The streamer's page: streams (key + RTMP URL for OBS), pools, supporters and spend. */
export function StreamerPage() {
  return (
    <>
      <section className="card">
        <h1>Stream</h1>
        <p className="muted">
          Create a stream, paste its key into OBS, and fund a pool that pays the supporters who
          relay it.
        </p>
      </section>
      <WalletGate why="create streams and pools">
        {(account, deployment) => <StreamerDashboard account={account} deployment={deployment} />}
      </WalletGate>
    </>
  );
}
