/**
 * Why a receipt earned nothing: a stable code (stored, shown in dashboards; the codes and their
 * explanations live in protocol's rejection-codes.ts) plus a human message with the numbers.
 */
import type { RejectionCode } from "@streamrp2p/protocol/rejection-codes";

export { REJECTION_CODES, type RejectionCode } from "@streamrp2p/protocol/rejection-codes";

export interface Rejection {
  code: RejectionCode;
  message: string;
}

export function rejection(code: RejectionCode, message: string): Rejection {
  return { code, message };
}
