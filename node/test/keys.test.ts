import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Wallet, encryptKeystoreJson } from "ethers";
import { KeyLoadError, decryptKeystore, loadPrivateKey } from "../src/keys.ts";

const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const encrypt = (password: string) =>
  encryptKeystoreJson({ address: new Wallet(KEY).address, privateKey: KEY }, password, {
    scrypt: { N: 1024 },
  });

test("decrypts a v3 keystore written by ethers; a wrong password fails", async () => {
  const json = await encrypt("hunter2");
  assert.equal(decryptKeystore(json, "hunter2"), KEY);
  assert.throws(() => decryptKeystore(json, "wrong"), KeyLoadError);
});

test("loads from the env var first, then the keystore; never echoes the secret", async () => {
  assert.equal(
    await loadPrivateKey({
      name: "K",
      envValue: KEY.slice(2),
      keystore: undefined,
      password: undefined,
    }),
    KEY,
  );
  await assert.rejects(
    loadPrivateKey({ name: "K", envValue: "0xnothex", keystore: undefined, password: undefined }),
    (e: unknown) => e instanceof KeyLoadError && !e.message.includes("nothex"),
  );
  const dir = await mkdtemp(join(tmpdir(), "keys-test-"));
  const file = join(dir, "key.json");
  await writeFile(file, await encrypt("pw"));
  assert.equal(
    await loadPrivateKey({ name: "K", envValue: undefined, keystore: file, password: "pw" }),
    KEY,
  );
  await assert.rejects(
    loadPrivateKey({ name: "K", envValue: undefined, keystore: undefined, password: undefined }),
    KeyLoadError,
  );
});
