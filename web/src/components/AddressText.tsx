import { useContext } from "react";
import { AppContext } from "../config/AppContext.ts";
import { useAppChain } from "../hooks/useAppChain.ts";
import { useEnsIdentity } from "../hooks/useEnsIdentity.ts";
import type { EnsIdentity } from "../lib/ens/ensIdentity.ts";
import { explorerUrl } from "../lib/explorerUrl.ts";
import { shortAddress } from "../lib/shortAddress.ts";

/**
 * An address: its ENS or basename name with its avatar when it has one (and VITE_ENS_RPC_URL
 * is set), else the short address; the full address in the tooltip, linked to the chain's
 * explorer when it has one. Outside the app's providers (display-only components) it never
 * looks a name up.
 */
export function AddressText({ address }: { address: string }) {
  const ensConfigured = useContext(AppContext)?.app.ensRpcUrl !== undefined;
  return ensConfigured ? <NamedAddress address={address} /> : <AddressLabel address={address} />;
}

function NamedAddress({ address }: { address: string }) {
  return <AddressLabel address={address} identity={useEnsIdentity(address).data} />;
}

function AddressLabel({ address, identity }: { address: string; identity?: EnsIdentity }) {
  const href = explorerUrl(useAppChain(), "address", address);
  const name = identity?.name ?? null;
  const content = (
    <>
      {identity?.avatar ? (
        <img
          className="avatar"
          src={identity.avatar}
          alt=""
          width={16}
          height={16}
          loading="lazy"
          referrerPolicy="no-referrer"
          data-testid="address-avatar"
        />
      ) : null}
      {name ?? shortAddress(address)}
    </>
  );
  const className = name ? "ens-name" : "mono";
  if (href) {
    return (
      <a className={className} href={href} target="_blank" rel="noreferrer" title={address}>
        {content}
      </a>
    );
  }
  return (
    <span className={className} title={address}>
      {content}
    </span>
  );
}
