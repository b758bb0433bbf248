import { formatUnits } from "viem";

/** Fills an amount input with all of `value` (every decimal, so nothing is left behind). */
export function MaxButton({
  value,
  decimals,
  onMax,
  testId,
}: {
  value: bigint;
  decimals: number;
  onMax: (text: string) => void;
  testId: string;
}) {
  return (
    <button
      type="button"
      className="button secondary small"
      disabled={value === 0n}
      onClick={() => onMax(formatUnits(value, decimals))}
      data-testid={testId}
    >
      Max
    </button>
  );
}
