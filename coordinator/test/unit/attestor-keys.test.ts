import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { encryptKeystoreJsonSync } from "ethers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { defineConfig, redactedConfig } from "../../src/config.ts";
import {
  AttestorKeyError,
  decryptKeystore,
  loadAttestors,
} from "../../src/epochs/attestor-keys.ts";

describe("attestor keys", () => {
  const key = generatePrivateKey();
  // A light scrypt cost keeps the test fast; the format is what geth and ethers write.
  const keystore = encryptKeystoreJsonSync(
    { address: privateKeyToAccount(key).address, privateKey: key },
    "correct horse",
    { scrypt: { N: 1024 } },
  );

  it("decrypts a Web3 secret-storage v3 file, and refuses a wrong password", () => {
    assert.equal(decryptKeystore(keystore, "correct horse"), key);
    assert.throws(() => decryptKeystore(keystore, "wrong"), AttestorKeyError);
    assert.throws(() => decryptKeystore("{}", "x"), AttestorKeyError);
  });

  it("loads keys from ATTESTOR_PRIVATE_KEYS and ATTESTOR_KEYSTORE, never logging them", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "attestor-"));
    try {
      const file = path.join(dir, "key.json");
      await writeFile(file, keystore);
      const other = generatePrivateKey();
      const config = defineConfig({
        stakingAddress: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
        requireStake: false,
        attestorPrivateKeys: [other].join(","),
        attestorKeystore: file,
        attestorKeystorePassword: "correct horse",
      });
      const accounts = await loadAttestors(config);
      assert.deepEqual(
        accounts.map((a) => a.address),
        [privateKeyToAccount(other).address, privateKeyToAccount(key).address],
      );
      const logged = JSON.stringify(redactedConfig(config));
      assert.ok(!logged.includes(other.slice(2)) && !logged.includes("correct horse"));
      await assert.rejects(
        loadAttestors({
          attestorKeystore: path.join(dir, "missing.json"),
          attestorKeystorePassword: "x",
        }),
        AttestorKeyError,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("requires the keystore password with the keystore", () => {
    assert.throws(
      () =>
        defineConfig({
          stakingAddress: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
          requireStake: false,
          attestorKeystore: "/tmp/k.json",
        }),
      /ATTESTOR_KEYSTORE_PASSWORD/,
    );
  });
});
