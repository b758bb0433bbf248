import { formatAmount } from "@streamrp2p/client";

/** A token amount with its symbol; the exact value (all decimals) in the tooltip. */
export function Amount({
  value,
  decimals,
  symbol,
  maxFractionDigits,
}: {
  value: bigint;
  decimals: number;
  symbol?: string | undefined;
  maxFractionDigits?: number;
}) {
  const exact = formatAmount(value, decimals, {
    maxFractionDigits: decimals,
    ...(symbol ? { symbol } : {}),
  });
  return (
    <span className="mono" title={exact}>
      {formatAmount(value, decimals, {
        ...(maxFractionDigits === undefined ? {} : { maxFractionDigits }),
        ...(symbol ? { symbol } : {}),
      })}
    </span>
  );
}
