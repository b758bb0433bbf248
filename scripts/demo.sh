#!/usr/bin/env bash
# The README's demo command: installs what it needs (idempotent), then brings the whole system
# up locally. Ctrl-C stops everything it started. `bash scripts/demo.sh --help` for options.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup/env.sh
source scripts/setup/env.sh
exec node scripts/demo/launch.ts "$@"
