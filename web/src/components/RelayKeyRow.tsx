import type { Address } from "viem";
import { AddressText } from "./AddressText.tsx";

/** One relay key this wallet authorized: whether the coordinator hears from it, and Revoke. */
export function RelayKeyRow({
  relayKey,
  reporting,
  revoking,
  onRevoke,
}: {
  relayKey: Address;
  reporting: boolean;
  /** A revocation is in flight (this key's or another's). */
  revoking: boolean;
  onRevoke: (relayKey: Address) => void;
}) {
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
          disabled={revoking}
          onClick={() => onRevoke(relayKey)}
          data-testid="revoke-relay-key-button"
        >
          Revoke
        </button>
      </td>
    </tr>
  );
}
