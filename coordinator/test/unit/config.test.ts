import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ConfigError,
  configHelp,
  loadConfig,
  redactedConfig,
  VARIABLES,
} from "../../src/config.ts";

const STAKING = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

describe("loadConfig", () => {
  it("applies defaults and freezes", () => {
    const config = loadConfig({ STAKING_ADDRESS: STAKING, CHAIN_RPC_URL: "http://127.0.0.1:8545" });
    assert.equal(config.port, 8080);
    assert.equal(config.maxSessionsPerAddress, 5);
    assert.equal(config.requireStake, true);
    assert.equal(config.trustProxy, false);
    assert.ok(Object.isFrozen(config));
  });

  it("parses types and treats empty values as unset", () => {
    const config = loadConfig({
      STAKING_ADDRESS: STAKING.toUpperCase().replace("0X", "0x"),
      REQUIRE_STAKE: "false",
      COORDINATOR_PORT: "0",
      TRUST_PROXY: "1",
      CHAIN_RPC_URL: "",
    });
    assert.equal(config.port, 0);
    assert.equal(config.requireStake, false);
    assert.equal(config.trustProxy, 1);
    assert.equal(config.stakingAddress, STAKING);
    assert.equal(config.chainRpcUrl, undefined);
  });

  it("names each bad variable", () => {
    assert.throws(
      () =>
        loadConfig({ STAKING_ADDRESS: "0x12", COORDINATOR_PORT: "70000", REDIS_URL: "http://x" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /STAKING_ADDRESS/.test(error.message) &&
        /COORDINATOR_PORT/.test(error.message) &&
        /REDIS_URL/.test(error.message) &&
        /CHAIN_RPC_URL is required/.test(error.message),
    );
  });

  it("never logs the Redis password", () => {
    const config = loadConfig({
      STAKING_ADDRESS: STAKING,
      REQUIRE_STAKE: "false",
      REDIS_URL: "redis://:hunter2@127.0.0.1:6379/0",
    });
    assert.ok(!JSON.stringify(redactedConfig(config)).includes("hunter2"));
  });

  it("documents every variable in --help", () => {
    const help = configHelp();
    for (const v of VARIABLES) assert.match(help, new RegExp(v.env));
  });
});
