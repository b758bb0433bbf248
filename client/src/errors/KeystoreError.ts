/** A keystore that is malformed, or a wrong password. The message never holds a secret. */
export class KeystoreError extends Error {
  override readonly name = "KeystoreError";
}
