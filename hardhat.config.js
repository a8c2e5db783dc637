require("@nomicfoundation/hardhat-toolbox");
const path = require("path");
const { subtask } = require("hardhat/config");
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names");

// Offline: serve the npm "solc" package (solcjs) instead of downloading a native compiler.
const SOLC_VERSION = require("solc/package.json").version;

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args, hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  const compilerPath = path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js");
  return { compilerPath, isSolcJs: true, version: SOLC_VERSION, longVersion: require("solc").version() };
});

const deployerKey = process.env.DEPLOYER_PRIVATE_KEY;

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  solidity: {
    version: SOLC_VERSION,
    settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun", viaIR: true },
  },
  networks: {
    hardhat: { chainId: 31337 },
    devchain: { url: process.env.CHAIN_RPC_URL || "http://127.0.0.1:8545" },
    sepolia: { url: process.env.SEPOLIA_RPC_URL || "", accounts: deployerKey ? [deployerKey] : [] },
  },
  gasReporter: { enabled: Boolean(process.env.REPORT_GAS) },
};
