#!/usr/bin/env bash
# README command 2 (and CI's .ci/run): set everything up from nothing, then run every test tier.
# Each tier writes JUnit XML under .cache/reports/; the run ends with one "N passed, N failed" line.
set -euo pipefail
export CONVERT_DOCTOR_NEED_BROWSER=1
# Sourced with errexit on and not as the left side of `||`, which would turn errexit off inside it:
# any failing set-up command ends the run here.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# From here each tier reports its own failure and the run goes on to the summary.
set +e

export REPORTS="$ROOT/.cache/reports"
rm -rf "$REPORTS"; mkdir -p "$REPORTS"
failed_tiers=()

tier() {
  local name="$1"; shift
  step "Tier: $name"
  local start=$SECONDS
  if "$@"; then
    echo "-- $name: ok ($((SECONDS - start)) s)"
  else
    echo "-- $name: FAILED ($((SECONDS - start)) s)"
    failed_tiers+=("$name")
  fi
}

export JEST_JUNIT_OUTPUT_DIR="$REPORTS"
# Heavy environments, each in its own cached venv under .cache/ (idempotent; instant when built).
tier "setup: heavy kernel venv (tensorflow-cpu, torch, onnx)" bash scripts/setup-heavy-kernel.sh
tier "setup: Colab-like kernel venv (Python 3.13, IPython 7.34, ipykernel 6.17.1)" bash scripts/setup-colab-kernel.sh
tier "setup: OpenCV 4 venv" bash scripts/setup-opencv4-venv.sh
tier "setup: recipe venvs (pinned lanes, Python 3.10 to 3.13)" python scripts/setup-recipe-venvs.py
tier "lint" jlpm lint:check
tier "jest units" env JEST_JUNIT_OUTPUT_NAME=jest-units.xml \
  jlpm jest --ci --reporters=default --reporters=jest-junit
tier "pytest" python -m pytest -q --junitxml="$REPORTS/pytest.xml"
tier "integration (real kernels)" env JEST_JUNIT_OUTPUT_NAME=jest-integration.xml \
  jlpm test:integration --ci --reporters=default --reporters=jest-junit
tier "ui-tests (Galata, Chromium)" bash scripts/ui-tests.sh

step "Summary"
# Every test tier must have written its report: a tier that died before its runner wrote one
# would otherwise read as "0 failed".
python scripts/summarize_reports.py "$REPORTS" \
  --expect jest-units --expect pytest --expect jest-integration --expect ui-tests
summary_rc=$?
if [ ${#failed_tiers[@]} -gt 0 ]; then
  echo "failed tiers: ${failed_tiers[*]}"
  exit 1
fi
exit $summary_rc
