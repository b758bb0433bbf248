import type { Address } from "viem";
import { EarningsPanel } from "../components/EarningsPanel.tsx";
import { FaucetButton } from "../components/FaucetButton.tsx";
import { HistoryTable } from "../components/HistoryTable.tsx";
import { QueryView } from "../components/QueryView.tsx";
import { RelayReportsPanel } from "../components/RelayReportsPanel.tsx";
import { RelayWizard } from "../components/RelayWizard.tsx";
import { StakePanel } from "../components/StakePanel.tsx";
import { WalletGate } from "../components/WalletGate.tsx";
import type { Deployment } from "../config/deployment.ts";
import { useAccountHistory } from "../hooks/useAccountHistory.ts";
import { useStakeState } from "../hooks/useStakeState.ts";
import { useToken } from "../hooks/useToken.ts";

function OperatorDashboard({ account, deployment }: { account: Address; deployment: Deployment }) {
  const history = useAccountHistory(account);
  const stakeToken = useToken({ token: useStakeState(account).data?.stakeToken }).data;
  return (
    <>
      <section className="card" aria-labelledby="setup">
        <h2 id="setup">Set up your relay</h2>
        <RelayWizard deployment={deployment} account={account} />
      </section>
      <div className="grid">
        <section className="card" aria-labelledby="stake">
          <h2 id="stake">Stake</h2>
          <StakePanel deployment={deployment} account={account} />
          <FaucetButton deployment={deployment} account={account} />
        </section>
        <section className="card" aria-labelledby="earnings">
          <h2 id="earnings">Earnings</h2>
          <EarningsPanel deployment={deployment} account={account} />
        </section>
      </div>
      <section className="card" aria-labelledby="relay-reports">
        <h2 id="relay-reports">Your relays&apos; last epoch</h2>
        <RelayReportsPanel account={account} />
      </section>
      <section className="card" aria-labelledby="history">
        <h2 id="history">Transaction history</h2>
        <QueryView query={history} what="your transactions">
          {(entries) =>
            stakeToken ? (
              <HistoryTable
                entries={entries}
                decimals={stakeToken.decimals}
                symbol={stakeToken.symbol}
              />
            ) : (
              <div className="state">Loading the token…</div>
            )
          }
        </QueryView>
      </section>
    </>
  );
}

/** The supporter / relay operator's page: set-up wizard, stake, earnings, claims, relay reports, history. */
export function OperatorPage() {
  return (
    <>
      <section className="card">
        <h1>Relay &amp; earn</h1>
        <p className="muted">
          Run a relay for the streamers you support: it serves their stream to viewers, and every
          byte your viewers sign for is paid from the streamer&apos;s pool. Stake keeps relays
          honest.
        </p>
      </section>
      <WalletGate why="run a relay, stake and claim">
        {(account, deployment) => <OperatorDashboard account={account} deployment={deployment} />}
      </WalletGate>
    </>
  );
}
