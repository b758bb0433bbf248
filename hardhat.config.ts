import { createRequire } from "node:module";
import hardhatKeystore from "@nomicfoundation/hardhat-keystore";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";
import type { HttpNetworkUserConfig } from "hardhat/types/config";

const require = createRequire(import.meta.url);

const SOLC = require.resolve("solc/soljson.js");
const LEGACY = { optimizer: { enabled: true, runs: 1_000 }, evmVersion: "cancun" };
/**
 * Set by scripts/coverage-check.ts: coverage builds its instrumented contracts into coverage/,
 * so artifacts/ keeps the real, deployable build and needs no (minutes-long) rebuild after it.
 */
const COVERAGE_BUILD = process.env.STREAMRP2P_COVERAGE_BUILD === "1";
/** Sources compiled with viaIR (each one a root file of its own compilation job). */
const VIA_IR = [
  "contracts/RewardPools.sol",
  "test/contracts/RewardPoolsFuzz.t.sol",
  "test/contracts/RewardPoolsGas.t.sol",
  "test/contracts/RewardPoolsInvariant.t.sol",
];

/** Public testnets: RPC URL from a configuration variable, deployer key from the keystore. */
function testnet(rpcVariable: string, chainType: "op" | "generic"): HttpNetworkUserConfig {
  return {
    type: "http",
    chainType,
    url: configVariable(rpcVariable),
    accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
  };
}

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatKeystore],
  solidity: {
    // The solc npm package's wasm build: nothing downloads a compiler. 1,000 runs keeps both
    // contracts under the 24 KiB code limit (legacy codegen at 10,000 runs put RewardPools at
    // 25.1 KiB).
    compilers: [{ version: "0.8.30", path: SOLC, settings: LEGACY }],
    // RewardPools (and the Solidity tests that build it) go through the IR pipeline: it inlines
    // the claim path's helpers and saves ~800 gas per claim (net of its linear selector switch,
    // argotorg/solidity#12688), and 1,000,000 runs ~200 more at 16.6 KiB of code; only these
    // few files pay its slower solcjs compile (viaIR everywhere would take minutes).
    overrides: Object.fromEntries(
      VIA_IR.map((file) => [
        file,
        {
          version: "0.8.30",
          path: SOLC,
          settings: { ...LEGACY, optimizer: { enabled: true, runs: 1_000_000 }, viaIR: true },
        },
      ]),
    ),
  },
  paths: {
    tests: { mocha: "test/contracts", solidity: "test/contracts" },
    ignition: "scripts/deploy/ignition",
    ...(COVERAGE_BUILD ? { artifacts: "coverage/artifacts", cache: "coverage/cache" } : {}),
  },
  networks: {
    /** In-process chain with OP semantics: receipts carry the L1 data fee. */
    hardhatOp: { type: "edr-simulated", chainType: "op" },
    /** A `hardhat node --chain-type op` (the demo starts one on 127.0.0.1:8545). */
    localhost: {
      type: "http",
      chainType: "op",
      url: process.env.LOCAL_CHAIN_URL ?? "http://127.0.0.1:8545",
    },
    opSepolia: testnet("OP_SEPOLIA_RPC_URL", "op"),
    baseSepolia: testnet("BASE_SEPOLIA_RPC_URL", "op"),
    arbitrumSepolia: testnet("ARBITRUM_SEPOLIA_RPC_URL", "generic"),
  },
  /**
   * Source verification (hardhat-verify, in the toolbox): one Etherscan V2 key covers Base,
   * OP and Arbitrum Sepolia (`npx hardhat keystore set ETHERSCAN_API_KEY`); Blockscout needs
   * none. Run with `npx hardhat ignition verify chain-<chainId>` after a deploy.
   */
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
    blockscout: { enabled: true },
  },
});
