#!/usr/bin/env bash
# The project's test command: mvn -B verify from the project root.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl clustering -am
# Run scripts/setup.sh once first (tests read the model files from models/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
exec mvn -B verify "$@"
