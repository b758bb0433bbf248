/**
 * How long a pool's balance lasts at its recent spend: seconds, or undefined when it is not
 * spending (no spend or unknown epoch length).
 */
export function poolRunwaySeconds(
  balance: bigint,
  spendPerEpoch: bigint,
  epochSeconds: number,
): number | undefined {
  if (spendPerEpoch <= 0n || epochSeconds <= 0) return undefined;
  const epochs = balance / spendPerEpoch;
  return Number(epochs) * epochSeconds;
}
