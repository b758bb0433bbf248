/** SHA-256 of a segment's bytes via WebCrypto (browser and Node), as 0x-prefixed hex. */
export async function segmentHash(bytes: Uint8Array): Promise<`0x${string}`> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>),
  );
  let hex = "0x";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex as `0x${string}`;
}
