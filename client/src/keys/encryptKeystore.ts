/**
 * Writes a Web3 Secret Storage v3 keystore (scrypt, aes-128-ctr, keccak MAC: the format geth
 * and ethers write and `decryptKeystore` reads), for the relay keys `streamrp2p-node keygen`
 * creates. Node only (node:crypto): import it as `@streamrp2p/client/keys/encryptKeystore`.
 */
import { createCipheriv, randomBytes, randomUUID, scryptSync } from "node:crypto";
import { concatBytes, hexToBytes, keccak256, type Address, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { KeystoreError } from "../errors/KeystoreError.ts";

/** scrypt cost; geth's "standard" parameters (n = 2^18) by default. */
export interface ScryptParams {
  n: number;
  r: number;
  p: number;
}

export const STANDARD_SCRYPT: ScryptParams = { n: 262144, r: 8, p: 1 };

export interface KeystoreV3 {
  version: 3;
  id: string;
  /** The key's address, lowercase hex without 0x (as geth writes it). */
  address: string;
  crypto: {
    cipher: "aes-128-ctr";
    ciphertext: string;
    cipherparams: { iv: string };
    kdf: "scrypt";
    kdfparams: { dklen: 32; salt: string; n: number; r: number; p: number };
    mac: string;
  };
}

/** Encrypts `privateKey` with `password`; the result round-trips through decryptKeystore. */
export function encryptKeystore(
  privateKey: Hex,
  password: string,
  scrypt: ScryptParams = STANDARD_SCRYPT,
): { keystore: KeystoreV3; address: Address } {
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey))
    throw new KeystoreError("not a 32-byte hex private key");
  if (password.length === 0) throw new KeystoreError("the keystore password is empty");
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const derived = scryptSync(password.normalize("NFKC"), salt, 32, {
    N: scrypt.n,
    r: scrypt.r,
    p: scrypt.p,
    maxmem: 1024 * 1024 * 1024,
  });
  const cipher = createCipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(hexToBytes(privateKey)), cipher.final()]);
  const mac = keccak256(concatBytes([derived.subarray(16, 32), ciphertext]));
  const address = privateKeyToAddress(privateKey);
  return {
    address,
    keystore: {
      version: 3,
      id: randomUUID(),
      address: address.slice(2).toLowerCase(),
      crypto: {
        cipher: "aes-128-ctr",
        ciphertext: ciphertext.toString("hex"),
        cipherparams: { iv: iv.toString("hex") },
        kdf: "scrypt",
        kdfparams: { dklen: 32, salt: salt.toString("hex"), ...scrypt },
        mac: mac.slice(2),
      },
    },
  };
}
