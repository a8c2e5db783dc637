// Exits 1 when branch coverage of contracts/ (mocks skipped in .solcover.js) is below the threshold.
const fs = require("fs");
const path = require("path");

const THRESHOLD = Number(process.env.COVERAGE_BRANCH_THRESHOLD || 95);
const summaryFile = path.join(__dirname, "..", "coverage", "coverage-summary.json");
const detailFile = path.join(__dirname, "..", "coverage.json");

function branchPercent() {
  if (fs.existsSync(summaryFile)) {
    return JSON.parse(fs.readFileSync(summaryFile, "utf8")).total.branches.pct;
  }
  if (fs.existsSync(detailFile)) {
    let covered = 0;
    let total = 0;
    for (const file of Object.values(JSON.parse(fs.readFileSync(detailFile, "utf8")))) {
      for (const hits of Object.values(file.b)) {
        total += hits.length;
        covered += hits.filter((h) => h > 0).length;
      }
    }
    return total === 0 ? 100 : (100 * covered) / total;
  }
  throw new Error("no coverage report: run `npm run coverage` first");
}

const pct = branchPercent();
console.log(`branch coverage: ${pct.toFixed(2)}% (threshold ${THRESHOLD}%)`);
if (pct < THRESHOLD) process.exit(1);
