/** A pool's notice period as people type it: a number of seconds, minutes, hours or days. */

export const NOTICE_UNITS = [
  { label: "seconds", seconds: 1 },
  { label: "minutes", seconds: 60 },
  { label: "hours", seconds: 3_600 },
  { label: "days", seconds: 86_400 },
] as const;

/** RewardPools stores the notice period as a uint32 of seconds. */
const MAX_NOTICE_SECONDS = 2 ** 32 - 1;

/** `seconds` in the largest unit that writes it exactly (60 -> 1 minute, 86400 -> 1 day). */
export function toNoticeUnits(seconds: number): { value: string; unit: number } {
  const unit = [...NOTICE_UNITS].reverse().find((u) => seconds % u.seconds === 0 && seconds > 0);
  const size = unit?.seconds ?? 1;
  return { value: String(seconds / size), unit: size };
}

/** Why `text` x `unit` is not a notice period the contract accepts, or undefined if it is. */
export function noticePeriodError(
  text: string,
  unit: number,
  minimumSeconds: number,
): string | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return "A number, like 2 or 1.5";
  const seconds = Number(trimmed) * unit;
  if (!Number.isInteger(seconds)) return "Whole seconds only";
  if (seconds < minimumSeconds) {
    const min = toNoticeUnits(minimumSeconds);
    const label = NOTICE_UNITS.find((u) => u.seconds === min.unit)?.label ?? "seconds";
    const unitText = min.value === "1" ? label.slice(0, -1) : label;
    return `At least ${min.value} ${unitText}: the contract's minimum notice period`;
  }
  if (seconds > MAX_NOTICE_SECONDS) return "Too long: at most about 136 years";
  return undefined;
}
