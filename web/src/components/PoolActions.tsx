import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { formatDuration } from "../lib/formatDuration.ts";
import { useClosePoolTx } from "../hooks/useClosePoolTx.ts";
import { useNow } from "../hooks/useNow.ts";
import { usePool } from "../hooks/usePool.ts";
import { useReclaimPoolTx } from "../hooks/useReclaimPoolTx.ts";
import { useToken } from "../hooks/useToken.ts";
import { FundPoolForm } from "./FundPoolForm.tsx";
import { TxStatus } from "./TxStatus.tsx";

/** Fund / top up (anyone), close and reclaim (the owner) one pool. */
export function PoolActions({
  deployment,
  poolId,
  account,
}: {
  deployment: Deployment;
  poolId: bigint;
  account: Address;
}) {
  const pool = usePool(poolId).data;
  const token = useToken({
    token: pool?.token,
    account,
    spender: deployment.contracts.RewardPools.address,
  }).data;
  const close = useClosePoolTx();
  const reclaim = useReclaimPoolTx();
  const now = useNow();
  if (!pool || !token) return null;
  const isOwner = pool.owner.toLowerCase() === account.toLowerCase();
  const secondsLeft = Number(pool.closesAt) - now / 1000;
  const busy = close.status === "pending" || reclaim.status === "pending";
  return (
    <div className="form">
      <FundPoolForm deployment={deployment} poolId={poolId} account={account} disabled={busy} />
      {isOwner ? (
        <div className="row">
          {pool.closed ? (
            secondsLeft > 0 ? (
              <span className="muted">
                Claims pay for {formatDuration(secondsLeft)} more; then you can reclaim the rest.
              </span>
            ) : (
              <button
                type="button"
                className="button secondary"
                disabled={busy || pool.balance === 0n}
                onClick={() => reclaim.run({ deployment, poolId })}
                data-testid="reclaim-button"
              >
                Reclaim the balance
              </button>
            )
          ) : (
            <button
              type="button"
              className="button danger"
              disabled={busy}
              onClick={() => close.run({ deployment, poolId })}
              data-testid="close-pool-button"
            >
              Close pool
            </button>
          )}
        </div>
      ) : null}
      <TxStatus
        status={close.status}
        progress={close.progress}
        error={close.error}
        successText="Pool closed: the notice period has started"
      />
      <TxStatus
        status={reclaim.status}
        progress={reclaim.progress}
        error={reclaim.error}
        successText="Balance returned to you"
      />
    </div>
  );
}
