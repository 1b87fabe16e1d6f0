#!/usr/bin/env bash
# The registry benchmark (docs/performance.md, "Benchmark"). In one run, on this machine:
#   ours       the local host (functions/Registry.WebHost, Release) on Azurite, authentication off
#   reference  CNCF Distribution (Debian's docker-registry) on the filesystem
#   raw        Azurite itself: the same bytes staged as the registry's 4 MiB blocks and downloaded
#              straight through the Blob API (tools/Registry.StorageBench): the storage limit
# Phases, each printing its figures:
#   a. a fresh random layer (BENCH_SIZE_MIB) packed as a single-layer OCI image (uncompressed tar)
#   b. raw Azurite: staging (1, 2, 4 blocks in flight) and download MB/s
#   c. skopeo push and pull MB/s, ours and reference (every byte checked after the pull), and the
#      layer GET with curl (straight from Azurite, and through each registry), to tell client from
#      registry costs
#   d. docker (a private dockerd) push and pull MB/s, ours and reference
#   e. manifest GET by tag and by digest under load (wrk): requests/s and p99, ours (auth off and
#      on) and reference
#   f. storage requests per push and pull of a 5-layer image (skopeo and docker), counted in the
#      debug log of a second Azurite, by billing class, and their cost at Azure list prices
#   g. peak RSS (VmHWM) of our host, the reference and Azurite after the pushes and pulls
# Ends with one markdown summary (also written to $BENCH_OUT when set) with MET/MISSED per target.
# Exit status non-zero when a phase fails; a missed target is not a failure.
#
# Usage: bash scripts/bench.sh [--smoke]    (as root: installs missing apt packages, runs dockerd)
#   --smoke   tiny sizes (16 MiB layer, 2 s load runs): every phase in about two minutes, for CI
# Settings (environment): BENCH_SIZE_MIB (1024), BENCH_WRK_SECONDS (10), BENCH_WRK_WARMUP_SECONDS (3),
#   BENCH_WRK_THREADS (2), BENCH_WRK_CONNECTIONS (32), BENCH_RAW_IN_FLIGHT (1,2,4), BENCH_RAW_RUNS (1),
#   BENCH_COUNT_LAYERS (5), BENCH_COUNT_LAYER_KIB (1024), BENCH_OUT (summary file),
#   BENCH_ARTIFACTS (build output, /tmp/bench-build), BENCH_DIR (work dir, default a new temp dir,
#   removed at exit unless BENCH_KEEP=1), ports BENCH_AZURITE_PORT (20000: blob, +1 queue, +2 table),
#   BENCH_COUNT_AZURITE_PORT (21000), BENCH_HOST_PORT (25000: ours; +1 reference, +2 ours with auth,
#   +3 ours on the counting Azurite), prices in USD per 10,000 operations BENCH_PRICE_BLOB_WRITE (0.05),
#   BENCH_PRICE_BLOB_LIST (0.05), BENCH_PRICE_BLOB_READ (0.004), BENCH_PRICE_BLOB_OTHER (0.004),
#   BENCH_PRICE_TABLE (0.00036).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_LIB_DIR="$root/scripts/bench"
# shellcheck source=scripts/bench/lib.sh
. "$BENCH_LIB_DIR/lib.sh"

smoke=0
case "${1:-}" in
  --smoke) smoke=1 ;;
  "") ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1' (usage: $0 [--smoke])" ;;
esac
if ((smoke)); then
  : "${BENCH_SIZE_MIB:=16}" "${BENCH_WRK_SECONDS:=2}" "${BENCH_WRK_WARMUP_SECONDS:=1}"
fi
size_mib="${BENCH_SIZE_MIB:-1024}"
wrk_seconds="${BENCH_WRK_SECONDS:-10}"
wrk_warmup="${BENCH_WRK_WARMUP_SECONDS:-3}"
wrk_threads="${BENCH_WRK_THREADS:-2}"
wrk_connections="${BENCH_WRK_CONNECTIONS:-32}"
raw_in_flight="${BENCH_RAW_IN_FLIGHT:-1,2,4}"
raw_runs="${BENCH_RAW_RUNS:-1}"
count_layers="${BENCH_COUNT_LAYERS:-5}"
count_layer_kib="${BENCH_COUNT_LAYER_KIB:-1024}"
artifacts="${BENCH_ARTIFACTS:-/tmp/bench-build}"
az_port="${BENCH_AZURITE_PORT:-20000}"
count_az_port="${BENCH_COUNT_AZURITE_PORT:-21000}"
host_port="${BENCH_HOST_PORT:-25000}"
ref_port=$((host_port + 1)) auth_port=$((host_port + 2)) count_port=$((host_port + 3))
price_write="${BENCH_PRICE_BLOB_WRITE:-0.05}" price_list="${BENCH_PRICE_BLOB_LIST:-0.05}"
price_read="${BENCH_PRICE_BLOB_READ:-0.004}" price_other="${BENCH_PRICE_BLOB_OTHER:-0.004}"
price_table="${BENCH_PRICE_TABLE:-0.00036}"
ours="127.0.0.1:$host_port" ref="127.0.0.1:$ref_port"
declare -A R=() # every figure, by name; the summary reads them

# --- work dir, cleanup -------------------------------------------------------------------------------
work="${BENCH_DIR:-$(mktemp -d /tmp/registry-bench.XXXXXX)}"
mkdir -p "$work"
BENCH_LOGS="$work/logs"
mkdir -p "$BENCH_LOGS"
docker_exec_root="/tmp/rb$$" # dockerd's exec-root and socket must have short paths
# skopeo reads and writes credentials only here (there are none: every registry here is open).
export REGISTRY_AUTH_FILE="$work/containers-auth.json"
echo '{"auths":{}}' >"$REGISTRY_AUTH_FILE"
cleanup() {
  local rc=$?
  set +e
  stop_started
  # dockerd's storage driver may leave mounts behind: unmount ours before removing the dir.
  awk -v w="$work" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf "$docker_exec_root" "$docker_exec_root.sock"
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
    log "kept $work"
  else
    # A failed run keeps its logs (small), not its data (gigabytes).
    ((rc == 0)) || { rm -rf "$work-logs" && mv "$BENCH_LOGS" "$work-logs" && BENCH_LOGS="$work-logs"; }
    rm -rf "$work"
  fi
  ((rc == 0)) || log "FAILED (exit $rc); logs in $BENCH_LOGS"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# --- 0. what the benchmark needs ----------------------------------------------------------------------
install_missing() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK (dotnet) is needed"
  local -A package_of=([skopeo]=skopeo [dockerd]=docker.io [docker]=docker.io [docker-registry]=docker-registry
    [wrk]=wrk [jq]=jq [curl]=curl [node]=nodejs [npm]=npm)
  local missing=() tool
  for tool in "${!package_of[@]}"; do
    command -v "$tool" >/dev/null || missing+=("${package_of[$tool]}")
  done
  ((${#missing[@]})) || return 0
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  ((EUID == 0)) || die "missing ${missing[*]}: run as root, or install them with apt-get"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "${missing[@]}" >"$BENCH_LOGS/apt.log" 2>&1 ||
    { apt-get update >>"$BENCH_LOGS/apt.log" 2>&1 && apt-get install -y "${missing[@]}" >>"$BENCH_LOGS/apt.log" 2>&1; } ||
    { tail -n 20 "$BENCH_LOGS/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
}

build() {
  # npm ci wipes node_modules: only when Azurite is not installed at all (others may run it).
  if [[ ! -f "$root/node_modules/azurite/dist/src/azurite.js" ]]; then
    log "installing Azurite (npm ci)"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) >"$BENCH_LOGS/npm.log" 2>&1 ||
      { tail -n 20 "$BENCH_LOGS/npm.log" >&2; die "npm ci failed"; }
  fi
  log "building the host and tools/Registry.StorageBench in Release into $artifacts"
  local project
  for project in functions/Registry.WebHost tools/Registry.StorageBench; do
    dotnet build "$root/$project" -c Release --artifacts-path "$artifacts" -nologo -v quiet \
      >"$BENCH_LOGS/build-$(basename "$project").log" 2>&1 ||
      { tail -n 30 "$BENCH_LOGS/build-$(basename "$project").log" >&2; die "build of $project failed"; }
  done
  host_dll="$artifacts/bin/Registry.WebHost/release/Registry.WebHost.dll"
  storage_bench_dll="$artifacts/bin/Registry.StorageBench/release/Registry.StorageBench.dll"
  [[ -f "$host_dll" && -f "$storage_bench_dll" ]] || die "build output missing under $artifacts"
}

check_ports() {
  local port
  for port in "$az_port" $((az_port + 1)) $((az_port + 2)) "$count_az_port" $((count_az_port + 1)) \
    $((count_az_port + 2)) "$host_port" "$ref_port" "$auth_port" "$count_port"; do
    ! listening "$port" || die "port $port is in use: set BENCH_AZURITE_PORT / BENCH_COUNT_AZURITE_PORT / BENCH_HOST_PORT"
  done
}

# --- the processes -----------------------------------------------------------------------------------------
# start_azurite NAME BLOB_PORT [DEBUG_LOG]: Azurite on BLOB_PORT (+1 queue, +2 table), data on disk
# under $work/NAME. Without a debug log unless asked: it slows Azurite down.
start_azurite() {
  local name="$1" port="$2" debug=() dir="$work/$1"
  mkdir -p "$dir"
  [[ -z "${3:-}" ]] || debug=(--debug "$3")
  node "$root/node_modules/azurite/dist/src/azurite.js" --blobHost 127.0.0.1 --blobPort "$port" \
    --queueHost 127.0.0.1 --queuePort $((port + 1)) --tableHost 127.0.0.1 --tablePort $((port + 2)) \
    --location "$dir" --skipApiVersionCheck --disableTelemetry --loose "${debug[@]}" \
    >"$BENCH_LOGS/$name.log" 2>&1 </dev/null &
  started $! "$name"
  wait_listening "$port" $! "$name" "$BENCH_LOGS/$name.log"
  wait_listening $((port + 2)) $! "$name" "$BENCH_LOGS/$name.log"
}
# azurite_connection BLOB_PORT: connection string of Azurite's well-known development account.
azurite_connection() {
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%s;BlobEndpoint=http://127.0.0.1:%s/devstoreaccount1;QueueEndpoint=http://127.0.0.1:%s/devstoreaccount1;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' \
    "$key" "$1" $(($1 + 1)) $(($1 + 2))
}
# start_host NAME PORT AZURITE_BLOB_PORT AUTH(true|false): the built host, from its output folder
# (it reads its appsettings.json there), as the tests start it.
start_host() {
  local name="$1" port="$2" storage
  storage="$(azurite_connection "$3")"
  (cd "$(dirname "$host_dll")" && exec env AzureWebJobsStorage="$storage" Registry__Auth__Enabled="$4" \
    Registry__Auth__AdminUser=bench Registry__Auth__AdminPassword="$admin_password" \
    Registry__Auth__SigningKey="$signing_key" \
    dotnet "$host_dll" --urls "http://127.0.0.1:$port") >"$BENCH_LOGS/$name.log" 2>&1 </dev/null &
  started $! "$name"
  wait_listening "$port" $! "$name" "$BENCH_LOGS/$name.log"
  wait_http "http://127.0.0.1:$port/v2/"
}
start_reference() {
  mkdir -p "$work/reference"
  cat >"$work/reference.yml" <<YML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/reference
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $ref
YML
  # distribution reads REGISTRY_<SECTION>_<KEY> variables as configuration (REGISTRY_AUTH_FILE, set
  # above for skopeo, would become auth.file): none may reach it.
  local unset_registry=()
  mapfile -t unset_registry < <(compgen -e | grep '^REGISTRY_' | sed 's/^/--unset=/')
  env "${unset_registry[@]}" docker-registry serve "$work/reference.yml" >"$BENCH_LOGS/reference.log" 2>&1 </dev/null &
  started $! reference
  wait_listening "$ref_port" $! reference "$BENCH_LOGS/reference.log"
  wait_http "http://$ref/v2/"
}
start_dockerd() {
  export DOCKER_HOST="unix://$docker_exec_root.sock" DOCKER_CONFIG="$work/docker-config"
  mkdir -p "$DOCKER_CONFIG"
  echo '{}' >"$work/daemon.json"
  local driver
  for driver in overlay2 vfs; do
    rm -rf "$work/docker"
    dockerd --config-file "$work/daemon.json" --storage-driver "$driver" --data-root "$work/docker" \
      --exec-root "$docker_exec_root" -H "$DOCKER_HOST" --pidfile "$work/dockerd.pid" \
      --iptables=false --ip6tables=false --ip-masq=false --bridge=none --userland-proxy=false \
      >"$BENCH_LOGS/dockerd-$driver.log" 2>&1 </dev/null &
    started $! dockerd
    for _ in $(seq 1 60); do
      docker version >/dev/null 2>&1 && { R[docker_driver]="$driver"; return 0; }
      alive "$(pid_of dockerd)" || break
      sleep 0.5
    done
    log "dockerd with $driver did not start (see $BENCH_LOGS/dockerd-$driver.log)"
    stop_named dockerd
  done
  die "dockerd did not start"
}

# --- a. layer data -----------------------------------------------------------------------------------------
phase_layer() {
  log "a. a fresh ${size_mib} MiB random layer as a single-layer OCI image"
  make_image "$work/oci" big 1 $((size_mib * 1048576))
  big_layer="${LAYER_DIGESTS[0]}" big_size="${LAYER_SIZES[0]}" big_config="$CONFIG_DIGEST"
  big_file="$work/oci/blobs/sha256/${big_layer#sha256:}"
  R[layer_bytes]="$big_size"
  say "layer: $big_size bytes, $big_layer (uncompressed tar, one file of fresh random bytes)"
}

# --- b. raw Azurite ----------------------------------------------------------------------------------------
phase_raw() {
  log "b. raw Azurite: Put Block x N + Put Block List, then Get Blob (tools/Registry.StorageBench)"
  AzureWebJobsStorage="$(azurite_connection "$az_port")" \
    dotnet "$storage_bench_dll" "$big_file" "$raw_in_flight" "$raw_runs" >"$BENCH_LOGS/raw.log" 2>&1 ||
    { tail -n 30 "$BENCH_LOGS/raw.log" >&2; die "Registry.StorageBench failed"; }
  grep -v '^result ' "$BENCH_LOGS/raw.log"
  local name value
  while read -r _ name value; do R[raw_$name]="$value"; done < <(grep '^result ' "$BENCH_LOGS/raw.log")
  [[ -n "${R[raw_stage]:-}" && -n "${R[raw_download]:-}" ]] || die "no figures from Registry.StorageBench"
}

# --- c. skopeo -----------------------------------------------------------------------------------------------
phase_skopeo() {
  log "c. skopeo push and pull of the ${size_mib} MiB image"
  local target addr status pulled
  for target in ours ref; do
    addr="${!target}"
    watch_cpu "$target"
    status="$(blob_status "$addr" bench/skopeo "$big_layer")"
    [[ "$status" == 404 ]] || die "$target already has the fresh layer (HEAD $status): the push would not upload it"
    timed "skopeo-push-$target" skopeo copy --preserve-digests --dest-tls-verify=false \
      "oci:$work/oci:big" "docker://$addr/bench/skopeo:1"
    status="$(blob_status "$addr" bench/skopeo "$big_layer")"
    [[ "$status" == 200 ]] || die "$target does not hold the layer after the push (HEAD $status)"
    keep_transfer "skopeo_push_$target"
  done
  for target in ours ref; do
    addr="${!target}"
    watch_cpu "$target"
    rm -rf "$work/pull"
    timed "skopeo-pull-$target" skopeo copy --preserve-digests --src-tls-verify=false \
      --dest-oci-accept-uncompressed-layers "docker://$addr/bench/skopeo:1" "oci:$work/pull:1"
    pulled="$(verify_pulled_layout "$work/pull")"
    [[ "$pulled" == "$big_size" ]] || die "skopeo pulled $pulled layer bytes from $target, not $big_size"
    rm -rf "$work/pull"
    keep_transfer "skopeo_pull_$target" "(sha256 checked)"
  done
  # The same layer with a plain HTTP client: straight from Azurite (the SAS URL our blob GET redirects
  # to, fetched without the registry), then through each registry (curl follows our 307, as clients
  # do). The pull without skopeo's own work, to tell the client's share from the registry's.
  local location
  location="$(curl -s -o /dev/null -w '%{redirect_url}' "http://$ours/v2/bench/skopeo/blobs/$big_layer")"
  [[ "$location" == "http://127.0.0.1:$az_port/"* ]] || die "our blob GET did not redirect to Azurite: '$location'"
  BENCH_SECRETS+=("$location")
  CPU_WATCH=("azurite $(pid_of azurite)")
  timed curl-pull-raw curl -fsS -o "$work/blob" "$location"
  [[ "sha256:$(sha256_hex "$work/blob")" == "$big_layer" ]] || die "curl got other bytes from Azurite"
  rm -f "$work/blob"
  R[curl_pull_raw]="$(mb_per_s "$big_size" "$ELAPSED")"
  R[cpu_curl_pull_raw]="client ${CPU_USED[client]}, Azurite ${CPU_USED[azurite]}"
  say "curl pull raw (the SAS URL, straight from Azurite): $big_size bytes in $ELAPSED s = ${R[curl_pull_raw]} MB/s (sha256 checked); CPU s: ${R[cpu_curl_pull_raw]}"
  for target in ours ref; do
    addr="${!target}"
    watch_cpu "$target"
    timed "curl-pull-$target" curl -fsS -L -o "$work/blob" "http://$addr/v2/bench/skopeo/blobs/$big_layer"
    [[ "sha256:$(sha256_hex "$work/blob")" == "$big_layer" ]] || die "curl got other bytes from $target"
    rm -f "$work/blob"
    keep_transfer "curl_pull_$target" "(sha256 checked)"
  done
  CPU_WATCH=()
}
# watch_cpu ours|ref: the server processes the next timed command is charged with.
watch_cpu() {
  case "$1" in
    ours) CPU_WATCH=("registry $(pid_of host)" "azurite $(pid_of azurite)") ;;
    ref) CPU_WATCH=("registry $(pid_of reference)") ;;
  esac
  ! pid_of dockerd >/dev/null || CPU_WATCH+=("dockerd $(pid_of dockerd)")
}
# keep_transfer NAME [NOTE]: MB/s of the layer over the last timed command, and the CPU it cost.
keep_transfer() {
  local name="$1" cpu
  R[$name]="$(mb_per_s "$big_size" "$ELAPSED")"
  R[cpu_$name]="client ${CPU_USED[client]}$([[ -z "${CPU_USED[dockerd]:-}" ]] || echo " + dockerd ${CPU_USED[dockerd]}"), registry ${CPU_USED[registry]}$([[ -z "${CPU_USED[azurite]:-}" ]] || echo ", Azurite ${CPU_USED[azurite]}")"
  cpu="${R[cpu_$name]}"
  say "${name//_/ }: $big_size bytes in $ELAPSED s = ${R[$name]} MB/s ${2:-}; CPU s: $cpu"
}

# --- d. docker -------------------------------------------------------------------------------------------------
phase_docker() {
  log "d. docker push and pull of the ${size_mib} MiB image (private dockerd)"
  start_dockerd
  R[docker_version]="$(docker version --format '{{.Server.Version}}')"
  run_quiet docker-archive skopeo copy "oci:$work/oci:big" "docker-archive:$work/big.tar:bench/big:1"
  run_quiet docker-load docker load -i "$work/big.tar"
  rm -f "$work/big.tar"
  [[ "$(docker image inspect --format '{{.Id}}' bench/big:1)" == "$big_config" ]] || die "docker loaded another image"
  local target addr
  for target in ours ref; do
    addr="${!target}"
    run_quiet "docker-tag-$target" docker tag bench/big:1 "$addr/bench/docker:1"
    # docker compresses the layer (gzip) as it pushes: a blob neither registry has seen.
    watch_cpu "$target"
    timed "docker-push-$target" docker push "$addr/bench/docker:1"
    keep_transfer "docker_push_$target" "(layer bytes; gzip on the wire)"
  done
  run_quiet docker-rmi docker rmi bench/big:1 "$ours/bench/docker:1" "$ref/bench/docker:1"
  ! docker image inspect "$big_config" >/dev/null 2>&1 || die "the image is still in dockerd after rmi"
  for target in ours ref; do
    addr="${!target}"
    watch_cpu "$target"
    timed "docker-pull-$target" docker pull "$addr/bench/docker:1"
    [[ "$(docker image inspect --format '{{.Id}}' "$addr/bench/docker:1")" == "$big_config" ]] ||
      die "docker pulled another image from $target"
    ! grep -q 'Already exists' "$BENCH_LOGS/docker-pull-$target.log" || die "docker reused a local layer pulling from $target"
    keep_transfer "docker_pull_$target" "(layer bytes)"
    run_quiet "docker-rmi-$target" docker rmi "$addr/bench/docker:1"
  done
  CPU_WATCH=()
}
# run_quiet NAME CMD...: untimed setup step, output in the logs.
run_quiet() {
  local name="$1"
  shift
  "$@" >"$BENCH_LOGS/$name.log" 2>&1 || { tail -n 20 "$BENCH_LOGS/$name.log" >&2; die "$name failed: $*"; }
}

# --- g. peak RSS ---------------------------------------------------------------------------------------------------
record_rss() {
  local when="$1" name
  for name in host reference azurite; do
    R[rss_${when}_$name]="$(peak_rss_mib "$(pid_of "$name")")"
  done
  say "peak RSS (VmHWM) $when: host ${R[rss_${when}_host]} MiB, reference ${R[rss_${when}_reference]} MiB, Azurite ${R[rss_${when}_azurite]} MiB"
}

# --- e. manifest GETs under load --------------------------------------------------------------------------------------
phase_manifests() {
  log "e. manifest GET by tag and by digest under load (wrk -t$wrk_threads -c$wrk_connections -d${wrk_seconds}s)"
  make_image "$work/oci-small" small 1 65536
  local digest="$IMAGE_DIGEST" target addr
  for target in ours ref; do
    run_quiet "small-push-$target" skopeo copy --preserve-digests --dest-tls-verify=false \
      "oci:$work/oci-small:small" "docker://${!target}/bench/small:1"
  done
  start_host host-auth "$auth_port" "$az_port" true
  local token
  token="$(bearer_token "127.0.0.1:$auth_port" "repository:bench/small:pull")"
  BENCH_SECRETS+=("$token")
  local accept="Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json"
  local kind ref_path auth
  for target in ours ref auth; do
    case "$target" in
      ours) addr="$ours" auth=() ;;
      ref) addr="$ref" auth=() ;;
      auth) addr="127.0.0.1:$auth_port" auth=(-H "Authorization: Bearer $token") ;;
    esac
    for kind in tag digest; do
      ref_path="1"
      [[ "$kind" == tag ]] || ref_path="$digest"
      local url="http://$addr/v2/bench/small/manifests/$ref_path"
      # The registry must answer 200 with the right bytes before it is loaded.
      curl -fsS -H "$accept" "${auth[@]}" -o "$work/manifest.json" "$url" || die "GET $url failed"
      [[ "sha256:$(sha256_hex "$work/manifest.json")" == "$digest" ]] || die "GET $url served other bytes"
      wrk -t"$wrk_threads" -c"$wrk_connections" -d"${wrk_warmup}s" -H "$accept" "${auth[@]}" "$url" >"$BENCH_LOGS/wrk-warmup-$target-$kind.log" 2>&1 ||
        die "wrk failed on $url"
      case "$target" in
        auth) CPU_WATCH=("registry $(pid_of host-auth)" "azurite $(pid_of azurite)") ;;
        *) watch_cpu "$target" ;;
      esac
      timed "wrk-$target-$kind" wrk -t"$wrk_threads" -c"$wrk_connections" -d"${wrk_seconds}s" --latency -H "$accept" "${auth[@]}" "$url"
      local rps p99 n bad errs
      read -r rps p99 n bad errs <<<"$(wrk_parse "$BENCH_LOGS/wrk-$target-$kind.log")"
      ((n > 0)) || die "wrk made no request to $url"
      ((bad == 0)) || die "$bad of $n responses from $url were not 2xx/3xx"
      ((errs == 0)) || die "$errs socket errors loading $url"
      R[rps_${target}_$kind]="$rps" R[p99_${target}_$kind]="$p99"
      # Server CPU per request (registry + Azurite): what a request costs, however busy the machine.
      R[cpu_ms_${target}_$kind]="$(awk -v r="${CPU_USED[registry]}" -v a="${CPU_USED[azurite]:-0}" -v n="$n" 'BEGIN { printf "%.3f", (r + a) * 1000 / n }')"
      say "manifest GET by $kind, $target: $rps requests/s, p99 $p99 ms ($n requests, all 2xx); server CPU ${R[cpu_ms_${target}_$kind]} ms per request (registry ${CPU_USED[registry]} s, Azurite ${CPU_USED[azurite]:-0} s)"
    done
  done
  CPU_WATCH=()
  stop_named host-auth
}
# bearer_token HOST:PORT SCOPE: a token from the realm of GET /v2/'s challenge, as the administrator.
bearer_token() {
  local challenge realm service
  challenge="$(curl -s -o /dev/null -D - "http://$1/v2/" | grep -i '^www-authenticate:' | tr -d '\r')"
  realm="$(sed -n 's/.*realm="\([^"]*\)".*/\1/p' <<<"$challenge")"
  service="$(sed -n 's/.*service="\([^"]*\)".*/\1/p' <<<"$challenge")"
  [[ -n "$realm" ]] || die "no Bearer challenge from http://$1/v2/: $challenge"
  # The password goes to curl on stdin, not on its command line.
  curl -fsS -K - -G --data-urlencode "service=$service" --data-urlencode "scope=$2" "$realm" \
    <<<"user = \"bench:$admin_password\"" | jq -er '.token // .access_token'
}

# --- f. storage requests per push and pull ------------------------------------------------------------------------------
phase_counts() {
  log "f. storage requests per push and pull of a ${count_layers}-layer image (Azurite debug log)"
  local debug_log="$work/azurite-count-debug.log"
  start_azurite azurite-count "$count_az_port" "$debug_log"
  start_host host-count "$count_port" "$count_az_port" false
  local addr="127.0.0.1:$count_port" bytes=$((count_layer_kib * 1024)) m0 m1 m2 m3 m4 m4b m5
  # Warm-up, not counted: the host's first requests (startup creates the container and tables).
  make_image "$work/oci-count" warmup 1 1024
  run_quiet count-warmup-push skopeo copy --preserve-digests --dest-tls-verify=false "oci:$work/oci-count:warmup" "docker://$addr/bench/warmup:1"
  run_quiet count-warmup-pull skopeo copy --preserve-digests --src-tls-verify=false --dest-oci-accept-uncompressed-layers "docker://$addr/bench/warmup:1" "oci:$work/pull-warmup:1"

  make_image "$work/oci-count" skopeo "$count_layers" "$bytes"
  m0="$(log_quiet "$debug_log")"
  run_quiet count-skopeo-push skopeo copy --preserve-digests --dest-tls-verify=false "oci:$work/oci-count:skopeo" "docker://$addr/bench/count-skopeo:1"
  m1="$(log_quiet "$debug_log")"
  run_quiet count-skopeo-pull skopeo copy --preserve-digests --src-tls-verify=false --dest-oci-accept-uncompressed-layers "docker://$addr/bench/count-skopeo:1" "oci:$work/pull-count:1"
  m2="$(log_quiet "$debug_log")"
  [[ "$(verify_pulled_layout "$work/pull-count")" == $((count_layers * LAYER_SIZES[0])) ]] || die "the counted skopeo pull lacks bytes"

  make_image "$work/oci-count" docker "$count_layers" "$bytes"
  run_quiet count-docker-archive skopeo copy "oci:$work/oci-count:docker" "docker-archive:$work/count.tar:bench/count:1"
  run_quiet count-docker-load docker load -i "$work/count.tar"
  rm -f "$work/count.tar"
  run_quiet count-docker-tag docker tag bench/count:1 "$addr/bench/count-docker:1"
  m3="$(log_quiet "$debug_log")"
  run_quiet count-docker-push docker push "$addr/bench/count-docker:1"
  m4="$(log_quiet "$debug_log")"
  run_quiet count-docker-rmi docker rmi bench/count:1 "$addr/bench/count-docker:1"
  m4b="$(log_quiet "$debug_log")"
  run_quiet count-docker-pull docker pull "$addr/bench/count-docker:1"
  m5="$(log_quiet "$debug_log")"
  [[ "$(docker image inspect --format '{{.Id}}' "$addr/bench/count-docker:1")" == "$CONFIG_DIGEST" ]] || die "the counted docker pull got another image"
  [[ "$m4b" == "$m4" ]] || die "storage requests while docker removed a local image: the counts would be off"

  count_window skopeo_push "$debug_log" "$m0" "$m1"
  count_window skopeo_pull "$debug_log" "$m1" "$m2"
  count_window docker_push "$debug_log" "$m3" "$m4"
  count_window docker_pull "$debug_log" "$m4" "$m5"
  stop_named host-count
  stop_named azurite-count
}
# count_window NAME DEBUG_LOG FROM TO: the storage requests between two marks, by billing class and
# operation, and their cost per 1,000 at the prices above.
count_window() {
  local name="$1" lines="$BENCH_LOGS/requests-$1.tsv" c
  requests_between "$2" "$3" "$4" >"$lines"
  [[ -s "$lines" ]] || die "no storage request logged for $name"
  # 404s are expected (lookups of rows that do not exist yet: the blob before its upload); anything
  # else that failed is worth a look. All are billed, so all are counted.
  R[req_${name}_404]="$(awk -F'\t' '$4 == "404"' "$lines" | wc -l)"
  ! awk -F'\t' '$4 !~ /^([23]|404)/' "$lines" | grep -q . ||
    log "note: $name had storage requests answered 4xx/5xx other than 404 (counted; see $lines)"
  for c in blob-write blob-list blob-read blob-other blob-free table unbilled; do
    R[req_${name}_$c]="$(awk -F'\t' -v c="$c" '$1 == c' "$lines" | wc -l)"
  done
  R[req_${name}_total]="$(wc -l <"$lines")"
  R[req_${name}_sas]="$(awk -F'\t' '$5 == "sas"' "$lines" | wc -l)"
  # "Operation [failed status] (class) xN" in first-seen order: Blob_* and Table_* names are Azurite's.
  R[req_${name}_ops]="$(awk -F'\t' '{ k = $3 ($4 ~ /^[23]/ ? "" : " " $4) " (" $1 ")"; if (!(k in n)) o[++m] = k; n[k]++ }
    END { for (i = 1; i <= m; i++) printf "%s%s x%d", (i > 1 ? ", " : ""), o[i], n[o[i]] }' "$lines")"
  R[cost_$name]="$(awk -v w="${R[req_${name}_blob-write]}" -v l="${R[req_${name}_blob-list]}" -v r="${R[req_${name}_blob-read]}" \
    -v o="${R[req_${name}_blob-other]}" -v t="${R[req_${name}_table]}" -v pw="$price_write" -v pl="$price_list" \
    -v pr="$price_read" -v po="$price_other" -v pt="$price_table" \
    'BEGIN { printf "%.4f", (w * pw + l * pl + r * pr + o * po + t * pt) / 10 }')"
  say "storage requests per $name (${count_layers} x ${count_layer_kib} KiB layers): ${R[req_${name}_total]}: blob write ${R[req_${name}_blob-write]}, list/create ${R[req_${name}_blob-list]}, read ${R[req_${name}_blob-read]} (${R[req_${name}_sas]} by SAS), other ${R[req_${name}_blob-other]}, delete ${R[req_${name}_blob-free]}, table ${R[req_${name}_table]} (${R[req_${name}_404]} answered 404); \$${R[cost_$name]} per 1,000"
  say "  ${R[req_${name}_ops]}"
}

# --- summary ------------------------------------------------------------------------------------------------------------------
summary() {
  local out="$work/summary.md" v="${R[layer_bytes]}"
  local push_ratio pull_ratio digest_ratio
  push_ratio="$(ratio "${R[skopeo_push_ours]}" "${R[raw_stage]}")"
  pull_ratio="$(ratio "${R[skopeo_pull_ours]}" "${R[raw_download]}")"
  digest_ratio="$(ratio "${R[rps_ours_digest]}" "${R[rps_ref_digest]}")"
  {
    echo "### Registry benchmark $(date -u +%FT%TZ)$( ((smoke)) && echo ' (smoke)')"
    echo
    echo "Machine: $(. /etc/os-release && echo "$PRETTY_NAME"), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average (1 min) ${R[load_start]} at the start, ${R[load_end]} at the end."
    echo "Versions: .NET SDK $(dotnet --version), Azurite ${R[azurite_version]}, Node $(node --version), $(docker-registry --version 2>/dev/null | awk '{ print "distribution " $3 }'), skopeo $(skopeo --version | awk '{ print $3 }'), dockerd ${R[docker_version]} (${R[docker_driver]}), wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')."
    echo "Layer: $v bytes, one uncompressed tar layer of fresh random bytes. MB = 10^6 bytes; MB/s = layer bytes / wall time of the client command."
    echo
    echo "| figure | ours (host + Azurite) | reference (distribution, filesystem) | raw Azurite (storage limit) | ratio | target |"
    echo "| --- | --- | --- | --- | --- | --- |"
    echo "| skopeo push, MB/s | ${R[skopeo_push_ours]} | ${R[skopeo_push_ref]} | ${R[raw_stage]} (staging, best) | ours/raw $push_ratio | ours >= 0.9 x raw: $(at_least "${R[skopeo_push_ours]}" "${R[raw_stage]}" 0.9) |"
    echo "| skopeo pull, MB/s | ${R[skopeo_pull_ours]} | ${R[skopeo_pull_ref]} | ${R[raw_download]} (download, best) | ours/raw $pull_ratio | ours >= 0.9 x raw: $(at_least "${R[skopeo_pull_ours]}" "${R[raw_download]}" 0.9) |"
    echo "| layer GET with curl (ours: -L through the 307; raw: the SAS URL itself), MB/s | ${R[curl_pull_ours]} | ${R[curl_pull_ref]} | ${R[curl_pull_raw]} | ours/raw $(ratio "${R[curl_pull_ours]}" "${R[curl_pull_raw]}") | |"
    echo "| docker push, MB/s | ${R[docker_push_ours]} | ${R[docker_push_ref]} | | ours/ref $(ratio "${R[docker_push_ours]}" "${R[docker_push_ref]}") | |"
    echo "| docker pull, MB/s | ${R[docker_pull_ours]} | ${R[docker_pull_ref]} | | ours/ref $(ratio "${R[docker_pull_ours]}" "${R[docker_pull_ref]}") | |"
    echo "| manifest GET by tag, requests/s | ${R[rps_ours_tag]} | ${R[rps_ref_tag]} | | ours/ref $(ratio "${R[rps_ours_tag]}" "${R[rps_ref_tag]}") | |"
    echo "| manifest GET by tag, p99 ms | ${R[p99_ours_tag]} | ${R[p99_ref_tag]} | | | |"
    echo "| manifest GET by tag, server CPU ms per request | ${R[cpu_ms_ours_tag]} | ${R[cpu_ms_ref_tag]} | | | |"
    echo "| manifest GET by digest, requests/s | ${R[rps_ours_digest]} | ${R[rps_ref_digest]} | | ours/ref $digest_ratio | ours >= ref: $(at_least "${R[rps_ours_digest]}" "${R[rps_ref_digest]}" 1) |"
    echo "| manifest GET by digest, p99 ms | ${R[p99_ours_digest]} | ${R[p99_ref_digest]} | | | |"
    echo "| manifest GET by digest, server CPU ms per request | ${R[cpu_ms_ours_digest]} | ${R[cpu_ms_ref_digest]} | | | |"
    echo "| manifest GET by tag, auth on: requests/s, p99 ms, CPU ms | ${R[rps_auth_tag]}, ${R[p99_auth_tag]}, ${R[cpu_ms_auth_tag]} | | | | |"
    echo "| manifest GET by digest, auth on: requests/s, p99 ms, CPU ms | ${R[rps_auth_digest]}, ${R[p99_auth_digest]}, ${R[cpu_ms_auth_digest]} | | | | |"
    echo "| peak RSS after the pushes and pulls, MiB | ${R[rss_transfers_host]} (idle ${R[rss_idle_host]}) | ${R[rss_transfers_reference]} | ${R[rss_transfers_azurite]} (Azurite) | | |"
    echo "| peak RSS at the end of the run, MiB | ${R[rss_end_host]} | ${R[rss_end_reference]} | ${R[rss_end_azurite]} (Azurite) | | |"
    echo
    echo "Raw Azurite, MB/s: $(for n in ${raw_in_flight//,/ }; do printf 'staging %s in flight %s; ' "$n" "${R[raw_stage-$n]}"; done)download as one stream ${R[raw_download-stream]}, as 4 ranges in flight ${R[raw_download-ranges]}."
    echo "CPU seconds used during each transfer: $(for w in skopeo_push skopeo_pull curl_pull docker_push docker_pull; do printf '%s ours: %s; ref: %s. ' "${w/_/ }" "${R[cpu_${w}_ours]}" "${R[cpu_${w}_ref]}"; done)curl pull raw: ${R[cpu_curl_pull_raw]}."
    echo "Manifest load: wrk -t$wrk_threads -c$wrk_connections -d${wrk_seconds}s --latency after ${wrk_warmup} s of warm-up; every response 2xx; server CPU = CPU time of the registry (and Azurite, for ours) during the run / requests; 'auth on' is a second host on the same Azurite with a Bearer token."
    echo
    echo "Storage requests per push and pull of a $count_layers-layer image (${count_layer_kib} KiB per layer), counted in Azurite's debug log (host warm), and their cost at USD $price_write (write) / $price_list (list, create container) / $price_read (read) / $price_other (other) per 10,000 blob operations and $price_table per 10,000 table transactions:"
    echo
    echo "| client | requests | blob write | blob list/create | blob read (by SAS) | blob other | blob delete (free) | table | USD per 1,000 |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    local w
    for w in skopeo_push skopeo_pull docker_push docker_pull; do
      echo "| ${w/_/ } | ${R[req_${w}_total]} | ${R[req_${w}_blob-write]} | ${R[req_${w}_blob-list]} | ${R[req_${w}_blob-read]} (${R[req_${w}_sas]}) | ${R[req_${w}_blob-other]} | ${R[req_${w}_blob-free]} | ${R[req_${w}_table]} | ${R[cost_$w]} |"
    done
    echo
    for w in skopeo_push skopeo_pull docker_push docker_pull; do
      echo "- ${w/_/ }: ${R[req_${w}_ops]}"
    done
  } >"$out"
  echo
  cat "$out"
  if [[ -n "${BENCH_OUT:-}" ]]; then cp "$out" "$BENCH_OUT" && log "summary written to $BENCH_OUT"; fi
}

# --- the run ----------------------------------------------------------------------------------------------------------------------
install_missing
build
check_ports
R[load_start]="$(cut -d' ' -f1 /proc/loadavg)"
R[azurite_version]="$(jq -r .version "$root/node_modules/azurite/package.json")"
admin_password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
signing_key="$(head -c 32 /dev/urandom | base64)"
log "work dir $work; ours $ours, reference $ref, Azurite 127.0.0.1:$az_port-$((az_port + 2)); load average $(cut -d' ' -f1-3 /proc/loadavg)"

start_azurite azurite "$az_port"
start_host host "$host_port" "$az_port" false
start_reference
R[rss_idle_host]="$(rss_mib "$(pid_of host)")"

phase_layer
phase_raw
phase_skopeo
phase_docker
record_rss transfers
phase_counts
stop_named dockerd
phase_manifests
record_rss end
R[load_end]="$(cut -d' ' -f1 /proc/loadavg)"
summary
