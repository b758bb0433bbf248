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
