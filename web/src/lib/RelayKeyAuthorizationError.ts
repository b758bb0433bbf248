/** A pasted relay key authorization the contract would refuse, explained before the wallet opens. */
export class RelayKeyAuthorizationError extends Error {
  override name = "RelayKeyAuthorizationError";
}
