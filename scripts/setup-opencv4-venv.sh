#!/usr/bin/env bash
# Creates (once) the cached venv for the Darknet converter's OpenCV cross-check:
# OpenCV 4.x is the last line with cv2.dnn.readNetFromDarknet (OpenCV 5 removed the Darknet
# importer), kept out of the project venv so it cannot shadow anything there.
# Idempotent: does nothing when the venv already imports cv2 with readNetFromDarknet.
# Prints the venv's python path on its last line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.cache/opencv4-venv"
PYTHON="${CONVERT_DOCTOR_PYTHON:-$(command -v python3.11 || command -v python3)}"
OPENCV_PIN="opencv-python-headless==4.13.0.92"
NUMPY_PIN="numpy==2.4.6"
CHECK='import cv2, sys; sys.exit(0 if hasattr(cv2.dnn, "readNetFromDarknet") else 1)'

if ! [ -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "$CHECK" 2>/dev/null; then
  echo "== Creating $VENV ($OPENCV_PIN, $NUMPY_PIN)" >&2
  rm -rf "$VENV"
  mkdir -p "$ROOT/.cache"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$OPENCV_PIN" "$NUMPY_PIN" >&2
  "$VENV/bin/python" -c "$CHECK"
fi
echo "$VENV/bin/python"
