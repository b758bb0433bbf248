/** The deadline rule of owner signatures (CreateStream, LinkPool). */
import { ApiError } from "../errors.ts";

/** Refuses a signature whose deadline (s) has passed or lies more than `maxAheadSeconds` ahead. */
export function checkDeadline(deadline: number, nowMs: number, maxAheadSeconds: number): void {
  const now = Math.floor(nowMs / 1000);
  if (deadline < now)
    throw new ApiError("SIGNATURE_EXPIRED", `the signature expired at ${deadline} (now ${now})`);
  if (deadline > now + maxAheadSeconds)
    throw new ApiError(
      "SIGNATURE_EXPIRED",
      `the deadline ${deadline} is more than ${maxAheadSeconds} s ahead; sign a nearer one`,
    );
}
