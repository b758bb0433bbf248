/**
 * The wallet's user declined an EIP-712 signature the app asked for: `message` says what did
 * not happen because of it ("nothing was created"), `cause` is the wallet's error.
 */
export class SignatureDeclinedError extends Error {
  override name = "SignatureDeclinedError";
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}
