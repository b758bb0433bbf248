import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { useRevokeRelayKeyTx } from "../hooks/useRevokeRelayKeyTx.ts";
import { AddressText } from "./AddressText.tsx";
import { TxStatus } from "./TxStatus.tsx";

/** One relay key this wallet authorized: whether the coordinator hears from it, and Revoke. */
export function RelayKeyRow({
  deployment,
  relayKey,
  reporting,
}: {
  deployment: Deployment;
  relayKey: Address;
  reporting: boolean;
}) {
  const revoke = useRevokeRelayKeyTx();
  return (
    <tr data-testid={`relay-key-${relayKey.toLowerCase()}`}>
      <td>
        <AddressText address={relayKey} />
      </td>
      <td>
        {reporting ? (
          <span className="pill on">reporting</span>
        ) : (
          <span className="pill off">silent</span>
        )}
      </td>
      <td>
        <button
          type="button"
          className="button secondary"
          disabled={revoke.status === "pending" || revoke.status === "success"}
          onClick={() => revoke.run({ deployment, relayKey })}
          data-testid="revoke-relay-key-button"
        >
          Revoke
        </button>
        <TxStatus
          status={revoke.status}
          progress={revoke.progress}
          error={revoke.error}
          successText="Revoked: this key's statements and uploads count for nobody now"
        />
      </td>
    </tr>
  );
}
