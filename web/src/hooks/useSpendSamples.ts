import { useRef } from "react";
import type { SpendSample } from "../lib/spendRate.ts";

/**
 * The first and the latest value of a pool's attested total seen while the page is open (the
 * coordinator reports totals, not rates: the rate is measured between these two).
 */
export function useSpendSamples(
  total: bigint | undefined,
): { first: SpendSample; last: SpendSample } | undefined {
  const first = useRef<SpendSample | undefined>(undefined);
  const last = useRef<SpendSample | undefined>(undefined);
  if (total === undefined) return undefined;
  if (!first.current || total < first.current.total) first.current = { at: Date.now(), total };
  if (!last.current || last.current.total !== total) last.current = { at: Date.now(), total };
  return { first: first.current, last: last.current };
}
