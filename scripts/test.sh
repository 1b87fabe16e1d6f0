#!/usr/bin/env bash
# Run every test: unit, integration (against Azurite) and real-client end-to-end tests.
# Works on a fresh Debian machine as root with the .NET 10 SDK and Node installed: it installs the
# container clients the end-to-end tests drive, starts Azurite on a fresh temp dir, builds in
# Release, runs `dotnet test` on the solution and ends with one line `N passed, N failed, N skipped`
# (CI reads it). Exit code non-zero if the build or any test failed, or if no test ran.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# --- 1. the real clients the end-to-end tests drive (tests/e2e/*.sh) -------------------------------
# uidmap/fuse-overlayfs: podman/buildah storage setup; curl/jq: the scripts' own HTTP checks;
# and the linter tests/Registry.Infra.Tests runs on the deployment scripts (package shellcheck).
packages=(skopeo podman buildah docker.io containerd jq uidmap fuse-overlayfs curl shellcheck)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y "${missing[@]}"
fi

# --- 2. Azurite on a fresh data dir, stopped at exit --------------------------------------------------
# npm ci wipes node_modules: skip it when npm's own record of the install (node_modules/.package-lock.json)
# is newer than package.json/package-lock.json, so an Azurite already running from it is not disturbed.
if [[ ! node_modules/.package-lock.json -nt package-lock.json || ! node_modules/.package-lock.json -nt package.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
azurite_dir="$(mktemp -d /tmp/registry-test-azurite.XXXXXX)"
cleanup() {
  bash "$root/scripts/azurite.sh" stop "$azurite_dir" >/dev/null 2>&1 || true
  rm -rf "$azurite_dir"
}
trap cleanup EXIT
bash scripts/azurite.sh start "$azurite_dir"

export REGISTRY_TEST_STORAGE="UseDevelopmentStorage=true" # integration + e2e tests reach Azurite
export REGISTRY_E2E=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# --- 3. build, then test ---------------------------------------------------------------------------
results="$root/TestResults/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"
rc=0
if dotnet build Registry.Functions.sln -c Release; then
  dotnet test Registry.Functions.sln -c Release --no-build \
    --logger "trx;LogFilePrefix=r" --logger "console;verbosity=normal" \
    --results-directory "$results" || rc=$?
else
  rc=$?
  echo "test.sh: build failed (exit $rc)"
fi

# --- 4. one summary line from the .trx files (one per test project) ---------------------------------
# <Counters total=.. passed=.. failed=.. error=.. timeout=.. aborted=.. notExecuted=.. />
# xunit reports skipped tests as notExecuted; error/timeout/aborted count as failures.
passed=0 failed=0 skipped=0
counter() { grep -o "<Counters [^>]*" "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0; }
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  passed=$((passed + $(counter passed "$trx")))
  failed=$((failed + $(counter failed "$trx") + $(counter error "$trx") + $(counter timeout "$trx") + $(counter aborted "$trx")))
  skipped=$((skipped + $(counter notExecuted "$trx")))
done
echo "test.sh: ${#trx_files[@]} result file(s) in $results"
((rc == 0)) || echo "test.sh: dotnet exited with $rc"
((failed == 0)) || rc=1
((passed + failed > 0)) || { echo "test.sh: no test ran"; rc=1; }
cleanup
trap - EXIT
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
