/** zod schemas for the primitive values that cross every boundary. */
import { z } from "zod";

export const hex32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "expected 32 bytes as 0x-prefixed hex")
  .transform((s) => s.toLowerCase() as `0x${string}`);

export const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "expected a 20-byte address as 0x-prefixed hex")
  .transform((s) => s.toLowerCase() as `0x${string}`);

export const signature = z
  .string()
  .regex(/^0x[0-9a-fA-F]{130}$/, "expected a 65-byte signature as 0x-prefixed hex")
  .transform((s) => s.toLowerCase() as `0x${string}`);

/** Decimal string of a non-negative integer (JSON cannot carry bigints). */
export const uintString = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,77})$/, "expected a non-negative integer as a decimal string");

export const httpUrl = z.url({ protocol: /^https?$/ });
