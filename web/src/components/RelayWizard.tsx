import { useState } from "react";
import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { relayCommand } from "../lib/commands.ts";
import { useApp } from "../hooks/useApp.ts";
import { useRelayProbe } from "../hooks/useRelayProbe.ts";
import { useRelays } from "../hooks/useRelays.ts";
import { useStakeState } from "../hooks/useStakeState.ts";
import { CopyField } from "./CopyField.tsx";
import { FormField } from "./FormField.tsx";

function Check({
  ok,
  pending,
  children,
  testId,
}: {
  ok: boolean;
  pending?: boolean;
  children: string;
  testId: string;
}) {
  return (
    <li className={ok ? "done" : undefined} data-testid={testId} data-ok={ok}>
      <span>
        {children}:{" "}
        {pending ? (
          <span className="muted">checking…</span>
        ) : ok ? (
          <span className="ok">yes</span>
        ) : (
          <span className="bad">not yet</span>
        )}
      </span>
    </li>
  );
}

/** Set up a relay: the exact command to run, then live checks that it reports, answers and is staked. */
export function RelayWizard({ deployment, account }: { deployment: Deployment; account: Address }) {
  const { app } = useApp();
  const [publicUrl, setPublicUrl] = useState("http://127.0.0.1:8090");
  const [upstream, setUpstream] = useState("http://127.0.0.1:8081");
  const relays = useRelays();
  const stake = useStakeState(account);
  const mine = relays.data?.find((r) => r.address.toLowerCase() === account.toLowerCase());
  const probe = useRelayProbe(mine ? `${mine.url}/status` : undefined);
  const command = relayCommand({
    coordinatorUrl: app.coordinatorUrl,
    chainId: app.chainId,
    stakingAddress: deployment.contracts.RelayStaking.address,
    upstream,
    publicUrl,
    keystore: "./operator-keystore.json",
  });
  return (
    <ol className="steps">
      <li>
        <div className="form">
          <strong>Run the relay</strong>
          <div className="grid" style={{ gap: "0.7rem" }}>
            <FormField
              id="relay-public-url"
              label="Public URL of your relay"
              hint="Where viewers reach it (open the port in your router or firewall)"
            >
              <input
                id="relay-public-url"
                value={publicUrl}
                onChange={(e) => setPublicUrl(e.target.value.trim())}
              />
            </FormField>
            <FormField
              id="relay-upstream"
              label="Upstream"
              hint="The origin's URL, or a tier-1 relay's"
            >
              <input
                id="relay-upstream"
                value={upstream}
                onChange={(e) => setUpstream(e.target.value.trim())}
              />
            </FormField>
          </div>
          <CopyField value={command} label="relay command" testId="relay-command" />
          <span className="muted">
            The keystore must hold the key of {account} (this wallet): receipts and payouts are tied
            to it. Run it from a checkout of the repository (Node 24).
          </span>
        </div>
      </li>
      <Check ok={Boolean(mine?.live)} pending={relays.isPending} testId="check-reporting">
        The coordinator hears from your relay
      </Check>
      <Check
        ok={probe.data === true}
        pending={Boolean(mine) && probe.isPending}
        testId="check-reachable"
      >
        Your relay answers from this browser
      </Check>
      <Check ok={stake.data?.active === true} pending={stake.isPending} testId="check-staked">
        Staked enough to be assigned viewers
      </Check>
    </ol>
  );
}
