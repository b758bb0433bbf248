import { stake } from "../actions/stake.ts";
import { useTx } from "./useTx.ts";

export function useStakeTx() {
  return useTx(stake);
}
