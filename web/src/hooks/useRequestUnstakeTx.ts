import { requestUnstake } from "../actions/requestUnstake.ts";
import { useTx } from "./useTx.ts";

export function useRequestUnstakeTx() {
  return useTx(requestUnstake);
}
