module.exports = {
  skipFiles: ["mocks/"],
  configureYulOptimizer: true,
  istanbulReporter: ["html", "json-summary", "text", "lcov"],
};
