#!/usr/bin/env bash
# Creates (once) the cached venv for the Darknet converter's OpenCV cross-check:
# OpenCV 4.x is the last line with cv2.dnn.readNetFromDarknet (OpenCV 5 removed the Darknet
# importer), kept out of the project venv so it cannot shadow anything there.
# Idempotent: does nothing when the venv already imports cv2 with readNetFromDarknet (its
# ready check; no stamp, scripts/venv-lib.sh). Prints the venv's python path on its last line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=venv-lib.sh
source "$ROOT/scripts/venv-lib.sh"
VENV="${CONVERT_DOCTOR_OPENCV4_VENV:-$ROOT/.cache/opencv4-venv}"
PYTHON="${CONVERT_DOCTOR_PYTHON:-$(command -v python3.11 || command -v python3)}"
OPENCV_PIN="opencv-python-headless==4.13.0.92"
NUMPY_PIN="numpy==2.4.6"
CHECK='import cv2, sys; sys.exit(0 if hasattr(cv2.dnn, "readNetFromDarknet") else 1)'

populate() {
  venv_pip "$OPENCV_PIN" "$NUMPY_PIN"
}

ensure_venv "OpenCV 4" "$VENV" "$PYTHON" "" populate "$CHECK"
echo "$VENV_PYTHON"
