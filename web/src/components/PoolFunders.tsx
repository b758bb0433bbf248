import { usePoolFunders } from "../hooks/usePoolFunders.ts";
import { useWallet } from "../hooks/useWallet.ts";
import { AddressText } from "./AddressText.tsx";
import { Amount } from "./Amount.tsx";

/** Who funded the pool and how much (from its `PoolFunded` events); the connected wallet is marked. */
export function PoolFunders({
  poolId,
  decimals,
  symbol,
}: {
  poolId: bigint;
  decimals: number;
  symbol: string;
}) {
  const you = useWallet().address;
  const funders = usePoolFunders(poolId).data;
  if (!funders || funders.length === 0) return null;
  return (
    <table data-testid="pool-funders">
      <thead>
        <tr>
          <th>Funded by</th>
          <th className="num">Amount</th>
        </tr>
      </thead>
      <tbody>
        {funders.map((f) => (
          <tr key={f.funder} data-testid={`pool-funder-${f.funder.toLowerCase()}`}>
            <td>
              <AddressText address={f.funder} />
              {you && f.funder.toLowerCase() === you.toLowerCase() ? " (you)" : ""}
            </td>
            <td className="num">
              <Amount value={f.amount} decimals={decimals} symbol={symbol} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
