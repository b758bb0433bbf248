import type { Chain } from "viem";

/**
 * The block explorer's page for a transaction or an address on `chain`, or undefined on a
 * chain without an explorer (the local chain).
 */
export function explorerUrl(
  chain: Pick<Chain, "blockExplorers"> | undefined,
  kind: "tx" | "address" | "token",
  value: string,
): string | undefined {
  const base = chain?.blockExplorers?.default.url;
  if (!base) return undefined;
  return `${base.replace(/\/+$/, "")}/${kind}/${value}`;
}
