# shellcheck shell=bash
# shellcheck disable=SC2034 # ELAPSED, CPU_USED, IMAGE_DIGEST, CONFIG_DIGEST, LAYER_* are bench.sh's to read
# Helpers of scripts/bench.sh: logging, the processes the benchmark starts (and only those: every
# one is stopped by its pid at exit), timing a client command, hand-built OCI images with fresh
# random layers, wrk output, Azurite debug-log request counts. Source it; it sets nothing up itself.

# BENCH_SECRETS: strings log() masks (a bearer token on a logged command line).
BENCH_SECRETS=()
log() {
  local text="$*" secret
  for secret in "${BENCH_SECRETS[@]}"; do text="${text//"$secret"/***}"; done
  printf '[bench %s] %s\n' "$(date +%T)" "$text" >&2
}
die() { log "FAIL: $*"; exit 1; }
# Figures go to stdout (and into the summary); everything else to stderr.
say() { printf '%s\n' "$*"; }

# True when something accepts TCP connections on 127.0.0.1:$1 (bash /dev/tcp: no nc needed).
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- processes ---------------------------------------------------------------------------------
# "pid name" of every process started here, stopped in reverse order by stop_started.
BENCH_STARTED=()
started() { BENCH_STARTED+=("$1 $2"); }
# alive PID: the process exists and is not a zombie (a child that exited but was not reaped yet).
alive() {
  local state
  state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [[ -n "$state" && "$state" != Z ]]
}
# stop PID NAME: SIGTERM, up to 15 s to exit, then SIGKILL; reaps it when it is our child.
stop() {
  local pid="$1" name="$2"
  alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do alive "$pid" || break; sleep 0.25; done
  if alive "$pid"; then
    log "$name (pid $pid) ignored SIGTERM for 15 s: SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
# stop_named NAME: stops the started process called NAME (and forgets it).
stop_named() {
  local i entry kept=()
  for ((i = ${#BENCH_STARTED[@]} - 1; i >= 0; i--)); do
    entry="${BENCH_STARTED[$i]}"
    if [[ "${entry#* }" == "$1" ]]; then stop "${entry%% *}" "$1"; fi
  done
  for entry in "${BENCH_STARTED[@]}"; do [[ "${entry#* }" == "$1" ]] || kept+=("$entry"); done
  BENCH_STARTED=("${kept[@]}")
}
stop_started() {
  local i entry
  for ((i = ${#BENCH_STARTED[@]} - 1; i >= 0; i--)); do
    entry="${BENCH_STARTED[$i]}"
    stop "${entry%% *}" "${entry#* }"
  done
  BENCH_STARTED=()
}
pid_of() {
  local entry
  for entry in "${BENCH_STARTED[@]}"; do [[ "${entry#* }" != "$1" ]] || { echo "${entry%% *}"; return 0; }; done
  return 1
}

# wait_listening PORT PID NAME LOG: until PORT accepts connections; fails if PID exits first.
wait_listening() {
  local port="$1" pid="$2" name="$3" logfile="$4"
  for _ in $(seq 1 240); do
    listening "$port" && return 0
    alive "$pid" || { tail -n 30 "$logfile" >&2; die "$name exited before listening on $port"; }
    sleep 0.25
  done
  tail -n 30 "$logfile" >&2
  die "$name not listening on $port after 60 s"
}

# wait_http URL: until GET URL answers 200 or 401 (an API that is up), for up to 60 s.
wait_http() {
  local code
  for _ in $(seq 1 240); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null || true)"
    [[ "$code" == 200 || "$code" == 401 ]] && return 0
    sleep 0.25
  done
  die "$1 did not answer 200/401 within 60 s (last: $code)"
}

# peak_rss_mib PID / rss_mib PID: VmHWM / VmRSS of a process, in MiB (one decimal).
peak_rss_mib() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# --- timing ------------------------------------------------------------------------------------
# cpu_seconds PID: user + system CPU time PID has used so far. cpu_seconds_children: the same for
# the children this shell has waited for (a client command run by `timed`).
BENCH_TICKS="$(getconf CLK_TCK)"
cpu_seconds() { sed 's/.*) //' "/proc/$1/stat" | awk -v hz="$BENCH_TICKS" '{ printf "%.2f", ($12 + $13) / hz }'; }
cpu_seconds_children() { sed 's/.*) //' "/proc/$$/stat" | awk -v hz="$BENCH_TICKS" '{ printf "%.2f", ($14 + $15) / hz }'; }

# timed NAME CMD...: runs CMD with its output in $BENCH_LOGS/NAME.log and sets ELAPSED to its wall
# time in seconds: only the command is timed, nothing around it. A failed command fails the run.
# CPU_WATCH=("name pid" ...) lists server processes whose CPU time the command's run is charged
# with: timed sets CPU_USED[name] (seconds) for each, and CPU_USED[client] for CMD itself.
CPU_WATCH=()
declare -A CPU_USED=()
timed() {
  local name="$1" t0 t1 rc=0 entry before=() client_before i
  shift
  log "+ $*"
  for entry in "${CPU_WATCH[@]}"; do before+=("$(cpu_seconds "${entry#* }")"); done
  # No dirty pages of earlier phases (1 GiB written to Azurite or a registry's disk) may be written
  # back during this command and charged to it.
  sync
  client_before="$(cpu_seconds_children)"
  t0="$(date +%s.%N)"
  "$@" >"$BENCH_LOGS/$name.log" 2>&1 || rc=$?
  t1="$(date +%s.%N)"
  if ((rc != 0)); then
    tail -n 30 "$BENCH_LOGS/$name.log" >&2
    die "$name failed (exit $rc): $*"
  fi
  ELAPSED="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
  CPU_USED=([client]="$(awk -v a="$client_before" -v b="$(cpu_seconds_children)" 'BEGIN { printf "%.1f", b - a }')")
  for i in "${!CPU_WATCH[@]}"; do
    entry="${CPU_WATCH[$i]}"
    CPU_USED[${entry%% *}]="$(awk -v a="${before[$i]}" -v b="$(cpu_seconds "${entry#* }")" 'BEGIN { printf "%.1f", b - a }')"
  done
}
# mb_per_s BYTES SECONDS: MB/s with MB = 10^6 bytes.
mb_per_s() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / s / 1e6 }'; }
# ratio A B: A/B with two decimals ("n/a" when either is missing or B is 0).
ratio() { awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
# at_least A B FACTOR: MET when A >= FACTOR x B, else MISSED.
at_least() { awk -v a="${1:-0}" -v b="${2:-0}" -v f="$3" 'BEGIN { print (a + 0 >= f * b) ? "MET" : "MISSED" }'; }

# --- images ------------------------------------------------------------------------------------
sha256_hex() { sha256sum "$1" | cut -d' ' -f1; }
# Move FILE into layout DIR's blob store; print "sha256:<hex> <size>".
add_blob() {
  local hex size
  hex="$(sha256_hex "$2")"
  size="$(stat -c %s "$2")"
  mkdir -p "$1/blobs/sha256"
  mv "$2" "$1/blobs/sha256/$hex"
  echo "sha256:$hex $size"
}

# make_image DIR TAG LAYERS BYTES
# Adds to the OCI layout DIR an image TAG of LAYERS uncompressed tar layers
# (application/vnd.oci.image.layer.v1.tar), each holding one file of BYTES fresh random bytes
# (clients cache blobs by digest: reused bytes could let a push "succeed" without an upload).
# Sets IMAGE_DIGEST, CONFIG_DIGEST, LAYER_DIGESTS and LAYER_SIZES (arrays). Call it directly, not in $(...).
make_image() {
  local dir="$1" tag="$2" layers="$3" bytes="$4" i tmp d s cfg cs man diff_ids descriptors
  mkdir -p "$dir/blobs/sha256"
  tmp="$(mktemp -d "$dir/.build.XXXXXX")"
  LAYER_DIGESTS=() LAYER_SIZES=()
  for ((i = 1; i <= layers; i++)); do
    mkdir -p "$tmp/root$i"
    head -c "$bytes" /dev/urandom >"$tmp/root$i/layer$i.bin"
    tar --numeric-owner --owner=0 --group=0 --mtime=@0 -C "$tmp/root$i" -cf "$tmp/layer$i.tar" "layer$i.bin"
    rm -rf "$tmp/root$i"
    read -r d s <<<"$(add_blob "$dir" "$tmp/layer$i.tar")"
    LAYER_DIGESTS+=("$d") LAYER_SIZES+=("$s")
  done
  diff_ids="$(printf '%s\n' "${LAYER_DIGESTS[@]}" | jq -R . | jq -s .)"
  descriptors="$(for ((i = 0; i < layers; i++)); do
    jq -n --arg d "${LAYER_DIGESTS[$i]}" --argjson s "${LAYER_SIZES[$i]}" \
      '{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: $d, size: $s }'
  done | jq -s .)"
  cfg="$tmp/config.json"
  jq -n --argjson diff_ids "$diff_ids" --arg created "$(date -u +%FT%TZ)" --arg nonce "$RANDOM$RANDOM" '{
      created: $created, architecture: "amd64", os: "linux",
      config: { Env: ["PATH=/usr/bin:/bin"], Cmd: ["/bin/sh"], Labels: { "org.example.bench": $nonce } },
      rootfs: { type: "layers", diff_ids: $diff_ids } }' >"$cfg"
  read -r CONFIG_DIGEST cs <<<"$(add_blob "$dir" "$cfg")"
  man="$tmp/manifest.json"
  jq -n --arg cd "$CONFIG_DIGEST" --argjson cs "$cs" --argjson layers "$descriptors" '{
      schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs },
      layers: $layers }' >"$man"
  local size
  read -r IMAGE_DIGEST size <<<"$(add_blob "$dir" "$man")"
  [[ -f "$dir/index.json" ]] || echo '{"schemaVersion":2,"manifests":[]}' >"$dir/index.json"
  jq --arg d "$IMAGE_DIGEST" --argjson s "$size" --arg tag "$tag" '
      .manifests = ([.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] != $tag)]
        + [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s,
             annotations: { "org.opencontainers.image.ref.name": $tag } }])' "$dir/index.json" >"$dir/index.json.new"
  mv "$dir/index.json.new" "$dir/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
  rm -rf "$tmp"
}

# blob_status REGISTRY REPO DIGEST: HTTP status of HEAD /v2/REPO/blobs/DIGEST (open registries only).
blob_status() { curl -s -o /dev/null -I -w '%{http_code}' "http://$1/v2/$2/blobs/$3"; }

# verify_pulled_layout DIR: every layer blob named in the pulled layout's manifest is present and
# hashes to its digest with its size; prints the bytes of all layers.
verify_pulled_layout() {
  local dir="$1" manifest total=0 d s f
  manifest="$dir/blobs/sha256/$(jq -er '.manifests[0].digest' "$dir/index.json" | cut -d: -f2)"
  while read -r d s; do
    f="$dir/blobs/sha256/${d#sha256:}"
    [[ -f "$f" ]] || die "pulled layout $dir lacks layer $d"
    [[ "$(stat -c %s "$f")" == "$s" ]] || die "pulled layer $d has $(stat -c %s "$f") bytes, not $s"
    [[ "sha256:$(sha256_hex "$f")" == "$d" ]] || die "pulled layer $d does not hash to its digest"
    total=$((total + s))
  done < <(jq -r '.layers[] | "\(.digest) \(.size)"' "$manifest")
  echo "$total"
}

# --- wrk ---------------------------------------------------------------------------------------
# wrk_parse FILE: "requests/s p99_ms requests non2xx socket_errors" from `wrk --latency` output.
wrk_parse() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /^ +99%/ { p99 = ms($2) }
    / requests in / { n = $1 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) errs += $i + 0 }
    /^Requests\/sec:/ { rps = $2 }
    END { printf "%.0f %.2f %d %d %d\n", rps, p99, n, bad, errs }' "$1"
}

# --- Azurite debug log ---------------------------------------------------------------------------
# log_quiet FILE: waits until FILE stops growing for a second (Azurite writes its log asynchronously),
# then prints its size in bytes: a mark between two client commands.
log_quiet() {
  local before after
  after="$(stat -c %s "$1")"
  for _ in $(seq 1 60); do
    before="$after"
    sleep 1
    after="$(stat -c %s "$1")"
    [[ "$before" != "$after" ]] || break
  done
  echo "$after"
}
# requests_between FILE FROM TO: the requests logged between two marks, one line each (azurite-requests.awk).
requests_between() {
  # head first: it stops reading at TO, so nothing in the pipe dies of SIGPIPE (pipefail).
  head -c "$3" "$1" | tail -c +"$(($2 + 1))" | awk -f "$BENCH_LIB_DIR/azurite-requests.awk"
}
