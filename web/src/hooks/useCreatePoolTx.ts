import { createPool } from "../actions/createPool.ts";
import { useTx } from "./useTx.ts";

export function useCreatePoolTx() {
  return useTx(createPool);
}
