#!/usr/bin/env bash
# The README's test command: installs what it needs (idempotent), then runs every test suite.
#   bash scripts/test.sh            all suites
#   bash scripts/test.sh --help     list the stages
#   bash scripts/test.sh contracts  only the named stages (space separated)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

STAGES_ALL=(static contracts coverage deployments units e2e attack packaging web browser)
usage() {
  cat <<USAGE
usage: bash scripts/test.sh [stage ...]

Runs every test of the project after installing what it needs (Node 24, npm packages, Debian
packages: redis-server, ffmpeg, chromium, nginx-light, wrk, openssl, iptables,
miniupnpd-iptables). Stages, in order:
  static       typecheck (tsc), solhint, prettier --check
  contracts    Hardhat mocha tests, Solidity fuzz/invariant tests, gas snapshot check
  coverage     contract coverage (fails under 95% of lines or branches of contracts/)
  deployments  redeploys to an in-process chain; fails if deployments/ would change
  units        node --test suites of protocol/, coordinator/ (and its pipeline suites again on a
               local Redis Cluster), client/, node/ and advisor/
  e2e          end-to-end tests with real Redis, ffmpeg and a local chain (test/e2e)
  attack       the money-safety, sybil, self-dealing and flood attacks run as an attacker would
               against the real stack (test/attack)
  packaging    the linux-x64 single-file binary (built, run alone with no Node on PATH,
               relaying a live stream), the win-x64, darwin-x64 and linux-arm64 binaries
               (built, checksummed, format checked), the npm package, the Debian package
               (installed with dpkg when run as root) (test/packaging)
  web          web component tests (vitest) and a production build
  browser      Chromium + playwright-core against the real local stack (test/browser)
Logs go to .run/test-logs/. The last line reads "tests: N passed, N failed". A stage that runs
longer than STAGE_TIMEOUT_S seconds (default 1500) is stopped and fails.
USAGE
}
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then usage; exit 0; fi
STAGES=("$@")
[ "${#STAGES[@]}" -eq 0 ] && STAGES=("${STAGES_ALL[@]}")
for s in "${STAGES[@]}"; do
  [[ " ${STAGES_ALL[*]} " == *" $s "* ]] || { echo "unknown stage: $s (see --help)" >&2; exit 2; }
done

# shellcheck source=scripts/setup/env.sh
source scripts/setup/env.sh

LOG_DIR=.run/test-logs
mkdir -p "$LOG_DIR"
passed=0
failed=0
failed_stages=()

# Sums the numbers a pattern captures in a log (0 when it matches nothing).
sum() {
  { sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -aoE "$2" || true; } |
    awk '{ if (match($0, /[0-9]+/)) s += substr($0, RSTART, RLENGTH) } END { print s + 0 }'
}

# Adds the counts a runner printed in its log to the totals.
count() {
  local log=$1 p f
  # node --test: "# pass N" (TAP) or "ℹ pass N" (spec reporter)
  p=$(sum "$log" '^(#|ℹ) pass [0-9]+')
  f=$(sum "$log" '^(#|ℹ) fail [0-9]+')
  # mocha and Hardhat's Solidity runner: "N passing" / "N failing"
  p=$((p + $(sum "$log" '^ *[0-9]+ passing')))
  f=$((f + $(sum "$log" '^ *[0-9]+ failing')))
  # vitest: "Tests  N passed (N)"
  p=$((p + $(sum "$log" 'Tests +[0-9]+ passed')))
  f=$((f + $(sum "$log" 'Tests +[0-9]+ failed')))
  passed=$((passed + p))
  failed=$((failed + f))
}

run_stage() {
  local name=$1
  shift
  local log="$LOG_DIR/$name.log"
  printf '\n\033[1m== %s\033[0m\n' "$name"
  local start=$SECONDS
  # A stage that hangs fails after STAGE_TIMEOUT_S (default 25 min) instead of stalling the run;
  # every test also has a 10-minute --test-timeout, so a hang names its test first.
  if timeout --kill-after=30 "${STAGE_TIMEOUT_S:-1500}" bash -c "$(declare -f); $1" 2>&1 |
    tee "$log"; then
    printf '\033[32m== %s ok (%ss)\033[0m\n' "$name" "$((SECONDS - start))"
  else
    printf '\033[31m== %s FAILED (%ss), log: %s\033[0m\n' "$name" "$((SECONDS - start))" "$log"
    failed_stages+=("$name")
  fi
  # Coverage re-runs the contract tests: count them once.
  [ "$name" = coverage ] || count "$log"
}

# Stages run as `if` conditions, where errexit does not apply: each command's failure is
# collected explicitly, and every command of a stage still runs.
stage_static() {
  local rc=0
  npx hardhat build --quiet || rc=1 # also generates the typechain types the contract tests use
  npx tsc -p tsconfig.json || rc=1
  npx tsc -p test/contracts/tsconfig.json || rc=1
  npx tsc -p web/tsconfig.json || rc=1
  npx solhint 'contracts/**/*.sol' || rc=1
  npx prettier --check . --log-level warn || rc=1
  return $rc
}
stage_contracts() {
  local rc=0
  npx hardhat build --quiet || return 1
  npx hardhat test mocha || rc=1
  npx hardhat test solidity --snapshot-check || rc=1
  return $rc
}
# The top-level suites: one file at a time, each test and hook at most 10 minutes.
node_tests() { node --test --test-force-exit --test-timeout=600000 --test-concurrency=1 "$1"; }
stage_coverage() { node scripts/coverage-check.ts; }
stage_deployments() { node scripts/deploy/check-generated.ts; }
stage_units() {
  local rc=0
  npm test --workspace @streamrp2p/protocol || rc=1
  npm test --workspace @streamrp2p/coordinator || rc=1
  npm run test:cluster --workspace @streamrp2p/coordinator || rc=1
  npm test --workspace @streamrp2p/client || rc=1
  npm test --workspace @streamrp2p/node || rc=1
  npm test --workspace @streamrp2p/advisor || rc=1
  return $rc
}
stage_e2e() { node_tests 'test/e2e/**/*.test.ts'; }
stage_attack() { node_tests 'test/attack/**/*.test.ts'; }
stage_packaging() { node_tests 'test/packaging/**/*.test.ts'; }
stage_web() {
  local rc=0
  npm test --workspace @streamrp2p/web || rc=1
  npm run build --workspace @streamrp2p/web || rc=1
  return $rc
}
stage_browser() { node_tests 'test/browser/**/*.test.ts'; }

for s in "${STAGES[@]}"; do run_stage "$s" "stage_$s"; done

echo
if [ "${#failed_stages[@]}" -gt 0 ]; then
  echo "failed stages: ${failed_stages[*]}"
  [ "$failed" -eq 0 ] && failed=${#failed_stages[@]}
fi
echo "tests: $passed passed, $failed failed"
[ "${#failed_stages[@]}" -eq 0 ]
