/** The tolerances of the fraud checks: validated once at start-up, then frozen. */
import { z } from "zod";

export const fraudPolicySchema = z.strictObject({
  /** Relative tolerance on bytes over what the stream produced (container overhead, retries). */
  byteTolerance: z.number().min(0).max(1).default(0.02),
  /** Absolute tolerance in bytes on top of `byteTolerance`. */
  byteSlack: z.number().int().min(0).default(65_536),
  /** Media time a player may buffer ahead of wall-clock time (the live window it starts with). */
  realtimeSlackMs: z.number().int().min(0).default(10_000),
  /** Relative tolerance on wall-clock time (clock drift, rounding of segment durations). */
  realtimeTolerance: z.number().min(0).max(1).default(0.05),
  /** How far a receipt's timestamp may run ahead of the coordinator's clock. */
  maxClockSkewMs: z.number().int().min(0).default(30_000),
  /** Sessions one viewer network address may hold in the counting window. */
  maxSessionsPerAddress: z.number().int().min(1).default(8),
  /**
   * Development only: a viewer on a loopback address shares it with every relay on the same
   * machine, so the shared address is not taken as self-dealing (the wallet check still runs).
   */
  allowLoopbackViewers: z.boolean().default(false),
});

export type FraudPolicy = Readonly<z.infer<typeof fraudPolicySchema>>;

export function parseFraudPolicy(input: unknown): FraudPolicy {
  return Object.freeze(fraudPolicySchema.parse(input ?? {}));
}
