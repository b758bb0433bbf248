import { shortAddress } from "../lib/shortAddress.ts";

export function AddressText({ address }: { address: string }) {
  return (
    <span className="mono" title={address}>
      {shortAddress(address)}
    </span>
  );
}
