import { useState } from "react";
import { useConnect, useDisconnect } from "wagmi";
import { describeError } from "../lib/describeError.ts";
import { useWallet } from "../hooks/useWallet.ts";
import { AddressText } from "./AddressText.tsx";

/**
 * Connect (choosing among the EIP-6963 wallets, Base Account, MetaMask and, with a project id,
 * WalletConnect) or disconnect.
 */
export function ConnectButton({ testId = "connect-button" }: { testId?: string }) {
  const wallet = useWallet();
  const { connectors, connect, status, error, variables } = useConnect();
  const { disconnect } = useDisconnect();
  const [open, setOpen] = useState(false);

  if (wallet.address) {
    return (
      <div className="row">
        <span data-testid="connected-address">
          <AddressText address={wallet.address} />
        </span>
        <button
          type="button"
          className="button secondary"
          onClick={() => disconnect()}
          data-testid="disconnect-button"
        >
          Disconnect
        </button>
      </div>
    );
  }
  // EIP-6963 wallets announce themselves; the generic "Injected" one only matters when none did.
  const announced = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  const choices = connectors.filter((c) => c.id !== "injected" || announced.length === 0);
  return (
    <div className="row" style={{ position: "relative" }}>
      <button
        type="button"
        className="button"
        data-testid={testId}
        disabled={status === "pending"}
        aria-expanded={open}
        onClick={() =>
          choices.length === 1 && choices[0] ? connect({ connector: choices[0] }) : setOpen(!open)
        }
      >
        {status === "pending"
          ? `Connecting${variables?.connector && "name" in variables.connector ? ` to ${variables.connector.name}` : ""}…`
          : "Connect wallet"}
      </button>
      {open && choices.length > 1 ? (
        <ul
          className="card"
          role="menu"
          style={{
            position: "absolute",
            right: 0,
            top: "2.6rem",
            listStyle: "none",
            margin: 0,
            minWidth: 220,
            display: "grid",
            gap: 6,
          }}
        >
          {choices.map((connector) => (
            <li key={connector.uid}>
              <button
                type="button"
                role="menuitem"
                className="button secondary"
                style={{ width: "100%", display: "flex", gap: 8, alignItems: "center" }}
                data-testid={`connector-${connector.id}`}
                onClick={() => {
                  setOpen(false);
                  connect({ connector });
                }}
              >
                {connector.icon ? <img src={connector.icon} alt="" width={18} height={18} /> : null}
                {connector.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <span className="field-error" role="alert">
          {describeError(error)}
        </span>
      ) : null}
    </div>
  );
}
