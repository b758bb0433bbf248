import { fundPool } from "../actions/fundPool.ts";
import { useTx } from "./useTx.ts";

export function useFundPoolTx() {
  return useTx(fundPool);
}
