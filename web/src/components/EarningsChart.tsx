import type { EpochEarnings } from "../actions/getRelayEarnings.ts";
import { formatBytes } from "../lib/formatBytes.ts";
import { formatAmount } from "@streamrp2p/client";

const WIDTH = 600;
const HEIGHT = 160;
const AXIS = 18;

/** Earnings per epoch as bars (the last 40 epochs). Plain SVG. */
export function EarningsChart({
  epochs,
  decimals,
  symbol,
}: {
  epochs: readonly EpochEarnings[];
  decimals: number;
  symbol?: string | undefined;
}) {
  if (epochs.length === 0) return <div className="state">No closed epochs yet.</div>;
  const shown = epochs.slice(-40);
  const max = shown.reduce((m, e) => (e.amount > m ? e.amount : m), 0n);
  const scale = (value: bigint) =>
    (max === 0n ? 0 : Number((value * 1_000_000n) / max) / 1_000_000) * (HEIGHT - AXIS - 4);
  const slot = WIDTH / shown.length;
  const bar = Math.max(2, slot * 0.7);
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label="Earnings per epoch"
      data-testid="earnings-chart"
      preserveAspectRatio="none"
    >
      {shown.map((epoch, i) => {
        const height = scale(epoch.amount);
        const x = i * slot + (slot - bar) / 2;
        return (
          <g key={epoch.epoch}>
            <title>{`Epoch ${epoch.epoch}: ${formatAmount(epoch.amount, decimals, symbol ? { symbol } : {})} for ${formatBytes(epoch.bytes)}`}</title>
            <rect x={x} y={HEIGHT - AXIS - height} width={bar} height={height} />
            {i % Math.ceil(shown.length / 8) === 0 ? (
              <text x={x} y={HEIGHT - 4}>
                {epoch.epoch}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
