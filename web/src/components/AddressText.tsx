import { useAppChain } from "../hooks/useAppChain.ts";
import { explorerUrl } from "../lib/explorerUrl.ts";
import { shortAddress } from "../lib/shortAddress.ts";

/** A short address (full one in the tooltip), linked to the chain's explorer when it has one. */
export function AddressText({ address }: { address: string }) {
  const href = explorerUrl(useAppChain(), "address", address);
  if (href) {
    return (
      <a className="mono" href={href} target="_blank" rel="noreferrer" title={address}>
        {shortAddress(address)}
      </a>
    );
  }
  return (
    <span className="mono" title={address}>
      {shortAddress(address)}
    </span>
  );
}
