import assert from "node:assert/strict";
import { test } from "node:test";
import { decryptKeystoreJson as ethersDecrypt } from "ethers";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { decryptKeystore } from "../src/keys/decryptKeystore.ts";
import { encryptKeystore } from "../src/keys/encryptKeystore.ts";
import { KeystoreError } from "../src/errors/KeystoreError.ts";

const FAST = { n: 1024, r: 8, p: 1 };

test("encryptKeystore round-trips through decryptKeystore; a wrong password fails", () => {
  const key = generatePrivateKey();
  const { keystore, address } = encryptKeystore(key, "correct horse", FAST);
  assert.equal(address, privateKeyToAddress(key));
  assert.equal(keystore.address, address.slice(2).toLowerCase());
  const json = JSON.stringify(keystore);
  assert.ok(!json.includes(key.slice(2)), "the key is not in the file in clear");
  assert.equal(decryptKeystore(json, "correct horse"), key);
  assert.throws(() => decryptKeystore(json, "wrong"), KeystoreError);
});

test("encryptKeystore writes what ethers (geth's format) reads", async () => {
  const key = generatePrivateKey();
  const { keystore } = encryptKeystore(key, "pw", FAST);
  const account = await ethersDecrypt(JSON.stringify(keystore), "pw");
  assert.equal(account.privateKey, key);
});

test("encryptKeystore refuses a malformed key and an empty password", () => {
  assert.throws(() => encryptKeystore("0x1234", "pw", FAST), KeystoreError);
  assert.throws(() => encryptKeystore(generatePrivateKey(), "", FAST), KeystoreError);
});
