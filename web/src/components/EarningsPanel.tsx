import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { useClaimable } from "../hooks/useClaimable.ts";
import { useClaimAllTx } from "../hooks/useClaimAllTx.ts";
import { useRelayEarnings } from "../hooks/useRelayEarnings.ts";
import { useToken } from "../hooks/useToken.ts";
import { ClaimablePoolRow } from "./ClaimablePoolRow.tsx";
import { EarningsChart } from "./EarningsChart.tsx";
import { QueryView } from "./QueryView.tsx";
import { TxStatus } from "./TxStatus.tsx";

/** Earnings per epoch, what is claimable now per pool, and one-click claim of all of it. */
export function EarningsPanel({
  deployment,
  account,
}: {
  deployment: Deployment;
  account: Address;
}) {
  const earnings = useRelayEarnings(account);
  const claimable = useClaimable(account);
  const claim = useClaimAllTx();
  const chartToken = useToken({ token: deployment.contracts.TestToken?.address }).data;
  const items = claimable.data ?? [];
  return (
    <div className="form">
      <h3>Per epoch</h3>
      <QueryView query={earnings} what="your earnings">
        {(epochs) =>
          chartToken ? (
            <EarningsChart
              epochs={epochs}
              decimals={chartToken.decimals}
              symbol={chartToken.symbol}
            />
          ) : (
            <div className="state">Loading the token…</div>
          )
        }
      </QueryView>
      <h3>Claimable now</h3>
      <QueryView query={claimable} what="your claimable earnings">
        {(list) =>
          list.length === 0 ? (
            <div className="state" data-testid="nothing-to-claim">
              Nothing to claim right now.
            </div>
          ) : (
            <table data-testid="claimable-table">
              <thead>
                <tr>
                  <th>Pool</th>
                  <th className="num">Delivered</th>
                  <th className="num">Claimed</th>
                  <th className="num">Claimable</th>
                </tr>
              </thead>
              <tbody>
                {list.map((item) => (
                  <ClaimablePoolRow key={item.attestation.poolId.toString()} item={item} />
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
      <div className="row">
        <button
          type="button"
          className="button"
          disabled={items.length === 0 || claim.status === "pending"}
          onClick={() => claim.run({ deployment, attestations: items.map((i) => i.attestation) })}
          data-testid="claim-all-button"
        >
          {items.length > 1 ? `Claim all (${items.length} pools, one transaction)` : "Claim"}
        </button>
      </div>
      <TxStatus
        status={claim.status}
        progress={claim.progress}
        error={claim.error}
        successText="Claimed: the tokens are in your wallet"
      />
    </div>
  );
}
