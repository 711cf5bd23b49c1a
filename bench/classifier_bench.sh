#!/usr/bin/env bash
# Builds the Node core (lib-node/) and prints the classifier/rules figures beside their targets.
set -euo pipefail
cd "$(dirname "$0")/.."
node node_modules/typescript/bin/tsc -p tsconfig.node.json
node bench/classifier_bench.js
