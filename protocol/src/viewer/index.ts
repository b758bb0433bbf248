export * from "./manifest-entry.ts";
export * from "./parse-playlist.ts";
export * from "./verify-segment.ts";
export * from "./viewer-client.ts";
export * from "./receipt-accumulator.ts";
