#!/usr/bin/env bash
# Prints the SHA-256 throughput (MB/s) on this machine of: the BCL's native hash (SHA256.HashData,
# IncrementalHash), OpenSslSha256 (with and without a state export + import every 4 MiB) and
# ManagedSha256, hashing one buffer in 64 KiB reads as a request body arrives. See docs/performance.md.
# Usage: scripts/bench-hash.sh [MiB per run, default 512] [runs, default 5]
# Builds tools/Registry.HashBench in Release into its own artifacts folder ($BENCH_ARTIFACTS,
# default /tmp/registry-bench-hash), so it never touches the solution's build outputs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="${BENCH_ARTIFACTS:-/tmp/registry-bench-hash}"
dotnet build "$root/tools/Registry.HashBench" -c Release --artifacts-path "$artifacts" -nologo -v quiet >&2
exec dotnet "$artifacts/bin/Registry.HashBench/release/Registry.HashBench.dll" "$@"
