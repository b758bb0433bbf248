/** Why a typed token amount was not accepted; the message says how to write it instead. */
export class AmountError extends Error {
  override readonly name = "AmountError";
}
