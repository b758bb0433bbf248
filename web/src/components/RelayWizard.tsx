import { useState } from "react";
import { isAddressEqual, type Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { authorizeCommand, keygenCommand } from "../lib/commands.ts";
import {
  defaultShell,
  detectRelayOs,
  mixedContentReason,
  relayDownload,
  relayShellCommand,
  type RelayOs,
  type Shell,
} from "../lib/relayInstall.ts";
import { reachabilityReason } from "../lib/reachabilityReason.ts";
import { parseRelayKeyAuthorization } from "../lib/parseRelayKeyAuthorization.ts";
import { shortAddress } from "../lib/shortAddress.ts";
import { useApp } from "../hooks/useApp.ts";
import { useAuthorizeRelayKeyTx } from "../hooks/useAuthorizeRelayKeyTx.ts";
import { useNow } from "../hooks/useNow.ts";
import { useRelayKeys } from "../hooks/useRelayKeys.ts";
import { useRelayProbe } from "../hooks/useRelayProbe.ts";
import { useRelays } from "../hooks/useRelays.ts";
import { useRevokeRelayKeyTx } from "../hooks/useRevokeRelayKeyTx.ts";
import { useStakeState } from "../hooks/useStakeState.ts";
import { CopyField } from "./CopyField.tsx";
import { FormField } from "./FormField.tsx";
import { RelayKeyRow } from "./RelayKeyRow.tsx";
import { TxStatus } from "./TxStatus.tsx";

/** The relay key's keystore on the relay machine, in every command. */
const RELAY_KEYSTORE = "./relay-key.json";
/** How long the relay key's consent stays valid: time to copy it over and confirm. */
const AUTHORIZATION_TTL_SECONDS = 24 * 3600;

function Check({
  ok,
  pending,
  children,
  testId,
  reason,
}: {
  ok: boolean;
  pending?: boolean;
  children: string;
  testId: string;
  /** Why it fails, shown while it does. */
  reason?: string;
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
      {!ok && !pending && reason ? (
        <div className="muted" data-testid={`${testId}-reason`}>
          {reason}
        </div>
      ) : null}
    </li>
  );
}

/**
 * Set up a relay with a hot/cold split: a relay key made on the relay machine signs its consent,
 * this wallet authorizes it on-chain (and can revoke it), the relay runs with that key; then
 * live checks that the key is authorized, the relay reports and answers, and the wallet is staked.
 */
export function RelayWizard({ deployment, account }: { deployment: Deployment; account: Address }) {
  const { app } = useApp();
  const now = useNow();
  const [publicUrl, setPublicUrl] = useState("http://127.0.0.1:8090");
  const [upstream, setUpstream] = useState("http://127.0.0.1:8081");
  const [pasted, setPasted] = useState("");
  const [deadline] = useState(() => Math.floor(Date.now() / 1000) + AUTHORIZATION_TTL_SECONDS);
  const relays = useRelays();
  const keys = useRelayKeys(account);
  const stake = useStakeState(account);
  const authorize = useAuthorizeRelayKeyTx();
  // here, not in the key's row: the row leaves the list when the revocation confirms
  const revoke = useRevokeRelayKeyTx();
  const mine = (relays.data ?? []).filter(
    (r) => r.operator !== null && isAddressEqual(r.operator, account),
  );
  const reporting = mine.find((r) => r.live);
  const probe = useRelayProbe(reporting ? `${reporting.url}/status` : undefined);
  const [os, setOs] = useState<RelayOs>(
    () =>
      detectRelayOs({ userAgent: navigator.userAgent, platform: navigator.platform }) ??
      "linux-x64",
  );
  const [shell, setShell] = useState<Shell>(() => defaultShell(os));
  const download = relayDownload(os);
  const relayUrl = reporting?.url ?? publicUrl;
  const mixedContent = mixedContentReason(window.location.protocol, relayUrl);
  const parsed =
    pasted.trim() === ""
      ? undefined
      : parseRelayKeyAuthorization(pasted.trim(), {
          operator: account,
          nowSeconds: Math.floor(now / 1000),
        });
  const alreadyAuthorized =
    parsed?.ok === true && (keys.data ?? []).some((k) => isAddressEqual(k, parsed.value.relayKey));
  return (
    <ol className="steps">
      <li>
        <div className="form">
          <strong>Make a relay key on the relay machine</strong>
          <CopyField
            value={keygenCommand(RELAY_KEYSTORE)}
            label="keygen command"
            testId="keygen-command"
          />
          <span className="muted">
            It prints the relay key&apos;s address. The key stays on that machine and only signs for
            the relay; your stake and earnings stay with this wallet ({shortAddress(account)}),
            whose key never leaves it.
          </span>
        </div>
      </li>
      <li>
        <div className="form">
          <strong>Let the relay key consent to work for this wallet</strong>
          <CopyField
            value={authorizeCommand({
              keystore: RELAY_KEYSTORE,
              operator: account,
              deadline,
              chainId: app.chainId,
              rpcUrl: app.rpcUrl,
            })}
            label="authorize command"
            testId="authorize-command"
          />
          <span className="muted">It prints one line of JSON: paste it below.</span>
        </div>
      </li>
      <li>
        <div className="form">
          <FormField
            id="relay-authorization"
            label="What authorize printed"
            hint="{ relayKey, operator, deadline, signature }"
          >
            <textarea
              id="relay-authorization"
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
              rows={3}
              spellCheck={false}
              className="mono"
              data-testid="relay-authorization-input"
            />
          </FormField>
          {parsed?.ok === false ? (
            <span className="field-error" role="alert" data-testid="relay-authorization-error">
              {parsed.error}
            </span>
          ) : null}
          <div className="row">
            <button
              type="button"
              className="button"
              disabled={parsed?.ok !== true || alreadyAuthorized || authorize.status === "pending"}
              onClick={() => {
                if (parsed?.ok) authorize.run({ deployment, authorization: parsed.value });
              }}
              data-testid="authorize-relay-key-button"
            >
              {parsed?.ok
                ? `Authorize relay key ${shortAddress(parsed.value.relayKey)}`
                : "Authorize relay key"}
            </button>
            {alreadyAuthorized ? (
              <span className="muted">This key is already authorized for this wallet.</span>
            ) : null}
          </div>
          <TxStatus
            status={authorize.status}
            progress={authorize.progress}
            error={authorize.error}
            successText="Authorized: the relay's work now counts for this wallet"
          />
          {keys.data && keys.data.length > 0 ? (
            <table data-testid="relay-keys">
              <thead>
                <tr>
                  <th>Your relay keys</th>
                  <th>Coordinator</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {keys.data.map((key) => (
                  <RelayKeyRow
                    key={key}
                    relayKey={key}
                    reporting={mine.some((r) => r.live && isAddressEqual(r.address, key))}
                    revoking={revoke.status === "pending"}
                    onRevoke={(relayKey) => revoke.run({ deployment, relayKey })}
                  />
                ))}
              </tbody>
            </table>
          ) : keys.data ? (
            <span className="muted" data-testid="no-relay-keys">
              No relay key is authorized for this wallet yet.
            </span>
          ) : null}
          <div data-testid="revoke-status">
            <TxStatus
              status={revoke.status}
              progress={revoke.progress}
              error={revoke.error}
              successText="Revoked: that key's statements and uploads count for nobody now"
            />
          </div>
        </div>
      </li>
      <li>
        <div className="form">
          <strong>Run the relay with its key</strong>
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
          <FormField id="relay-os" label="Your relay machine" hint="Detected from this browser">
            <select
              id="relay-os"
              value={os}
              onChange={(e) => {
                const next = e.target.value as RelayOs;
                setOs(next);
                setShell(defaultShell(next));
              }}
            >
              {(["linux-x64", "linux-arm64", "win-x64", "darwin-x64", "darwin-arm64"] as const).map(
                (o) => (
                  <option key={o} value={o}>
                    {relayDownload(o).label}
                  </option>
                ),
              )}
            </select>
          </FormField>
          <span data-testid="relay-download">
            Download <code>{download.file}</code> (single file, nothing else to install; check it
            against SHA256SUMS)
            {download.packageCommand ? (
              <>
                {" "}
                or use <code>{download.packageCommand}</code>
              </>
            ) : null}
            {download.note ? <span className="muted"> — {download.note}</span> : null}
          </span>
          <div role="tablist" aria-label="shell">
            {(["bash", "powershell", "cmd"] as const).map((s) => (
              <button
                key={s}
                type="button"
                role="tab"
                aria-selected={shell === s}
                data-testid={`shell-${s}`}
                onClick={() => setShell(s)}
              >
                {s === "bash" ? "bash" : s === "powershell" ? "PowerShell" : "cmd"}
              </button>
            ))}
          </div>
          <CopyField
            value={relayShellCommand(shell, os, {
              coordinatorUrl: app.coordinatorUrl,
              chainId: app.chainId,
              stakingAddress: deployment.contracts.RelayStaking.address,
              rpcUrl: app.rpcUrl,
              upstream,
              publicUrl,
              keystore: RELAY_KEYSTORE,
            })}
            label="relay command"
            testId="relay-command"
          />
          <span className="muted">
            --auto-update installs releases signed by the project&apos;s release key and rolls back
            one that does not start; the relay checks each stream&apos;s origin key on-chain through
            --rpc-url.
          </span>
        </div>
      </li>
      <Check
        ok={(keys.data?.length ?? 0) > 0}
        pending={keys.isPending}
        testId="check-authorized"
        reason="No relay key is authorized by this wallet: make one (keygen) and authorize it above."
      >
        A relay key works for this wallet
      </Check>
      <Check
        ok={reporting !== undefined}
        pending={relays.isPending}
        testId="check-reporting"
        reason={`No recent heartbeat from a relay key of this wallet: is the relay running, with --coordinator ${app.coordinatorUrl}? Its log says why it cannot sign in.`}
      >
        The coordinator hears from your relay
      </Check>
      <Check
        ok={reporting?.reachability.listed === true}
        pending={relays.isPending}
        testId="check-probed"
        reason={
          reporting
            ? reachabilityReason(reporting)
            : "Checked once the coordinator hears from your relay."
        }
      >
        The coordinator reaches your relay from the internet and gives it viewers
      </Check>
      <Check
        ok={probe.data === true}
        pending={reporting !== undefined && probe.isPending}
        testId="check-reachable"
        reason={
          mixedContent ??
          (reporting
            ? `This browser cannot fetch ${reporting.url}/status: forward the port on your router or firewall, and make --public-url the address the internet reaches.`
            : "Checked once the coordinator hears from your relay.")
        }
      >
        Your relay answers from this browser
      </Check>
      <Check
        ok={stake.data?.active === true}
        pending={stake.isPending}
        testId="check-staked"
        reason="This wallet's bonded stake is below the minimum (or jailed): stake on the Stake panel."
      >
        Staked enough to be assigned viewers
      </Check>
    </ol>
  );
}
