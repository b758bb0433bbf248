export * from "./eip712.ts";
export * from "./primitives.ts";
export * from "./api.ts";
export * from "./receipt.ts";
export * from "./attestation.ts";
export * from "./stream-id.ts";
export * from "./error-codes.ts";
export * from "./rejection-codes.ts";
