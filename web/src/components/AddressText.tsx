import { shortAddress } from "../lib/formatAmount.ts";

export function AddressText({ address }: { address: string }) {
  return (
    <span className="mono" title={address}>
      {shortAddress(address)}
    </span>
  );
}
