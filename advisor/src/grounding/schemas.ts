/** zod schemas shared by the grounding answers (the tools' output schemas). */
import { z } from "zod";

export const decimalString = z.string().regex(/^[0-9]+$/, "expected a decimal string");
export const hexAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed address");
export const receiptCounts = z.object({
  credited: z.number(),
  withheld: z.number(),
  rejected: z.number(),
  ignored: z.number(),
});
export const reasonRow = z.object({
  code: z.string(),
  receipts: z.number(),
  bytes: z.number(),
  lastMessage: z.string(),
});
