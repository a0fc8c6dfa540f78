#!/usr/bin/env bash
# The crash loop: a plant under load, people's commands, SIGKILL at random moments, restart;
# after every kill the integrity check, the audit trail (chain and anchors), every answered
# command and the telemetry durability promise are checked (Tests/GembaEndToEndTests/CrashLoopTests.swift).
# Usage: Fuzz/crash-loop.sh [ROUNDS]   (default 100; CI runs 5 within `swift test`)
set -euo pipefail
cd "$(dirname "$0")/.."
GEMBA_CRASH_ROUNDS=${1:-100} swift test --filter CrashLoopTests 2>&1 | grep -E "crash loop:|✘|✔ Test run|error:"
