import { formatUnits } from "viem";

export interface FormatAmountOptions {
  /** Most fraction digits to show (truncated, never rounded up). Default 4. */
  readonly maxFractionDigits?: number;
  readonly symbol?: string;
}

function group(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A token amount for people: exact decimal (formatUnits, never scientific notation), the
 * integer part grouped by thousands, the fraction truncated to `maxFractionDigits`.
 */
export function formatAmount(
  value: bigint,
  decimals: number,
  options: FormatAmountOptions = {},
): string {
  const maxFractionDigits = options.maxFractionDigits ?? 4;
  const negative = value < 0n;
  const [integer = "0", fraction = ""] = formatUnits(negative ? -value : value, decimals).split(
    ".",
  );
  const shown = fraction.slice(0, maxFractionDigits).replace(/0+$/, "");
  let text = group(integer) + (shown ? `.${shown}` : "");
  if (text === "0" && value !== 0n)
    text = `<${maxFractionDigits === 0 ? "1" : `0.${"0".repeat(maxFractionDigits - 1)}1`}`;
  if (negative) text = `-${text}`;
  return options.symbol ? `${text} ${options.symbol}` : text;
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/** Bytes in decimal units (1 GB = 10^9 B, as pool rates are priced per GB). */
export function formatBytes(bytes: number | bigint): string {
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** A duration in seconds as "2d 3h", "4h 5m", "6m 7s" or "8s". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${sec}s`;
  return `${sec}s`;
}

/** 0x1234…abcd */
export function shortAddress(address: string): string {
  return address.length <= 12 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`;
}
