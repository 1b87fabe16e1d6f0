# shellcheck shell=bash
# Helpers shared by the real-client end-to-end scripts. Source it: `. "$(dirname "$0")/lib.sh"`.
# Every script gets: REGISTRY (host:port, plain HTTP), the credentials REGISTRY_USER/REGISTRY_PASSWORD
# (empty: an open registry, nothing is sent), a private temp dir $WORK removed at exit, `on_exit CMD`
# to register cleanup, images built by hand (no internet, so no base images to pull), and curl-based
# checks that read back what the registry stored and hash it, with bearer tokens like any client.
set -euo pipefail

: "${REGISTRY:?set REGISTRY=host:port of the registry under test}"
REGISTRY_USER="${REGISTRY_USER:-}"
REGISTRY_PASSWORD="${REGISTRY_PASSWORD:-}"
# Strings never to print (run() masks them in the commands it logs): the password, and any secret a
# script adds (E2E_SECRETS+=("$secret")).
E2E_SECRETS=("$REGISTRY_PASSWORD")
E2E_NAME="$(basename "$0" .sh)"
# Size of the random layer of each test image. Random data: clients cache blobs by digest, so
# reused content would let a push "succeed" without the registry ever receiving the bytes.
E2E_LAYER_BYTES="${E2E_LAYER_BYTES:-3145728}"

log() { echo "[$E2E_NAME $(date +%T)] $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }
# Print a command (secrets masked), then run it, so the test output shows exactly what each client
# was asked to do.
run() { log "+ $(mask "$*")"; "$@"; }
mask() {
  local text="$1" secret
  for secret in "${E2E_SECRETS[@]}"; do
    [[ -z "$secret" ]] || text="${text//"$secret"/"***"}"
  done
  printf '%s\n' "$text"
}

need() {
  local c
  for c in "$@"; do command -v "$c" >/dev/null || fail "required client '$c' not found on PATH"; done
}
need curl jq sha256sum tar gzip

# --- cleanup: commands run in reverse order of registration, then $WORK is removed ----------------
_CLEANUP=()
on_exit() { _CLEANUP+=("$*"); }
_run_cleanup() {
  local rc=$? i
  set +e
  for ((i = ${#_CLEANUP[@]} - 1; i >= 0; i--)); do eval "${_CLEANUP[$i]}" >/dev/null 2>&1; done
  # Storage drivers (overlay, containerd snapshots) may leave mounts behind: unmount before rm.
  if [[ -n "${WORK:-}" && -d "$WORK" ]]; then
    awk -v w="$WORK" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
    rm -rf "$WORK"
  fi
  if ((rc == 0)); then log "PASS"; else log "FAILED (exit $rc)"; fi
  exit "$rc"
}
trap _run_cleanup EXIT
# A timeout (TERM) or Ctrl-C must still run the cleanup, and report failure, not PASS.
trap 'exit 143' TERM
trap 'exit 130' INT
WORK="$(mktemp -d "/tmp/e2e-$E2E_NAME.XXXXXX")"
log "registry $REGISTRY, work dir $WORK, $(if [[ -n "$REGISTRY_USER" ]]; then echo "user $REGISTRY_USER"; else echo "no credentials"; fi)"

# --- credentials for the clients ------------------------------------------------------------------
# Each script hands the credentials to its client the way that client's users do. These arrays are
# the option for skopeo/podman/buildah (empty against an open registry): "${CREDS[@]}" etc.
# shellcheck disable=SC2034 # used by the scripts that source this file
CREDS=() SRC_CREDS=() DEST_CREDS=()
# shellcheck disable=SC2034
if [[ -n "$REGISTRY_USER" ]]; then
  CREDS=(--creds "$REGISTRY_USER:$REGISTRY_PASSWORD")
  SRC_CREDS=(--src-creds "$REGISTRY_USER:$REGISTRY_PASSWORD")
  DEST_CREDS=(--dest-creds "$REGISTRY_USER:$REGISTRY_PASSWORD")
fi
# Any `login` of skopeo/podman/buildah writes here, and they read only this file: no login state from
# or into ~/.docker, ~/.config/containers or /run/containers (containers-auth.json(5)).
export REGISTRY_AUTH_FILE="$WORK/containers-auth.json"
echo '{"auths":{}}' >"$REGISTRY_AUTH_FILE" # buildah and podman refuse an auth file that does not exist
# docker reads and writes its config.json (where `docker login` keeps credentials) here.
export DOCKER_CONFIG="$WORK/docker-config"

# assert_no_login_outside_work: no client left credentials for $REGISTRY in the login files of the
# machine's user (the host:port is new each run, so any mention of it is a leak from this script).
assert_no_login_outside_work() {
  local f uid
  uid="$(id -u)"
  for f in "$HOME/.docker/config.json" "${XDG_CONFIG_HOME:-$HOME/.config}/containers/auth.json" \
    "/run/containers/$uid/auth.json" "${XDG_RUNTIME_DIR:-/run/user/$uid}/containers/auth.json"; do
    [[ ! -f "$f" ]] || ! grep -qF "$REGISTRY" "$f" || fail "login state for $REGISTRY leaked into $f"
  done
  log "ok: no login state for $REGISTRY outside $WORK"
}

# --- small utilities --------------------------------------------------------------------------------
sha256_hex() { sha256sum "$1" | cut -d' ' -f1; }
file_size() { stat -c %s "$1"; }
assert_eq() { [[ "$1" == "$2" ]] || fail "$3: expected '$2', got '$1'"; log "ok: $3 ($1)"; }

# True when the kernel lets us mount overlayfs here (else podman/docker must use vfs).
overlay_works() {
  local d rc=1
  d="$(mktemp -d "$WORK/ovl.XXXX")"
  mkdir -p "$d"/{l,u,w,m}
  if mount -t overlay overlay -o "lowerdir=$d/l,upperdir=$d/u,workdir=$d/w" "$d/m" 2>/dev/null; then
    umount "$d/m"
    rc=0
  fi
  rm -rf "$d"
  return $rc
}

# --- building OCI image layouts by hand -------------------------------------------------------------
# Move FILE into layout DIR's blob store; print "sha256:<hex> <size>".
_add_blob() {
  local dir="$1" file="$2" hex size
  hex="$(sha256_hex "$file")"
  size="$(file_size "$file")"
  mkdir -p "$dir/blobs/sha256"
  mv "$file" "$dir/blobs/sha256/$hex"
  echo "sha256:$hex $size"
}

# Add a gzip layer built from directory SRC to layout DIR; print "digest size diff_id".
_add_layer() {
  local dir="$1" src="$2" tarf diff_id
  tarf="$(mktemp "$WORK/layer.XXXX")"
  tar --numeric-owner --owner=0 --group=0 -C "$src" -cf "$tarf" .
  diff_id="sha256:$(sha256_hex "$tarf")"
  gzip -n -c "$tarf" >"$tarf.gz"
  rm -f "$tarf"
  echo "$(_add_blob "$dir" "$tarf.gz") $diff_id"
}

# make_oci_image DIR TAG [ARCH]
# Builds (or adds to) an OCI image layout in DIR: two gzip layers (a small text file, and
# E2E_LAYER_BYTES of fresh random bytes), a linux/ARCH config with a `config` section and
# rootfs.diff_ids, the manifest, index.json (ref name TAG) and oci-layout.
# Sets IMAGE_DIGEST / IMAGE_SIZE (manifest) and CONFIG_DIGEST (call it directly, not in $(...)).
make_oci_image() {
  local dir="$1" tag="$2" arch="${3:-amd64}" root l1 l2 cfg cfg_size man
  mkdir -p "$dir/blobs/sha256"
  root="$(mktemp -d "$WORK/rootfs.XXXX")"
  mkdir -p "$root/a/etc" "$root/b/data"
  echo "e2e image $tag $arch built $(date -u +%FT%TZ) nonce $RANDOM$RANDOM" >"$root/a/etc/e2e-release"
  head -c "$E2E_LAYER_BYTES" /dev/urandom >"$root/b/data/random.bin"
  read -r -a l1 <<<"$(_add_layer "$dir" "$root/a")"
  read -r -a l2 <<<"$(_add_layer "$dir" "$root/b")"
  rm -rf "$root"

  cfg="$(mktemp "$WORK/config.XXXX")"
  jq -n --arg arch "$arch" --arg d1 "${l1[2]}" --arg d2 "${l2[2]}" --arg created "$(date -u +%FT%TZ)" '{
      created: $created, architecture: $arch, os: "linux",
      config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                Cmd: ["/bin/sh"], WorkingDir: "/", Labels: { "org.example.e2e": "true" } },
      rootfs: { type: "layers", diff_ids: [$d1, $d2] },
      history: [ { created: $created, created_by: "e2e lib.sh layer 1" },
                 { created: $created, created_by: "e2e lib.sh layer 2" } ] }' >"$cfg"
  read -r CONFIG_DIGEST cfg_size <<<"$(_add_blob "$dir" "$cfg")"

  man="$(mktemp "$WORK/manifest.XXXX")"
  jq -n --arg cd "$CONFIG_DIGEST" --argjson cs "$cfg_size" \
    --arg d1 "${l1[0]}" --argjson s1 "${l1[1]}" --arg d2 "${l2[0]}" --argjson s2 "${l2[1]}" '{
      schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs },
      layers: [ { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $d1, size: $s1 },
                { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $d2, size: $s2 } ] }' >"$man"
  read -r IMAGE_DIGEST IMAGE_SIZE <<<"$(_add_blob "$dir" "$man")"

  # index.json: keep other tags already in the layout, replace this one.
  [[ -f "$dir/index.json" ]] || echo '{"schemaVersion":2,"manifests":[]}' >"$dir/index.json"
  jq --arg d "$IMAGE_DIGEST" --argjson s "$IMAGE_SIZE" --arg tag "$tag" --arg arch "$arch" '
      .manifests = ([.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] != $tag)]
        + [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s,
             annotations: { "org.opencontainers.image.ref.name": $tag },
             platform: { architecture: $arch, os: "linux" } }])' "$dir/index.json" >"$dir/index.json.new"
  mv "$dir/index.json.new" "$dir/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
  log "built image $dir:$tag ($arch): manifest $IMAGE_DIGEST, config $CONFIG_DIGEST"
}

# oci_digest DIR TAG: manifest digest of TAG in an OCI layout's index.json.
oci_digest() {
  jq -er --arg tag "$2" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $tag) | .digest' "$1/index.json"
}

# verify_layout DIR TAG: every blob of TAG (index -> manifests -> config/layers) exists in the layout
# and hashes to its digest with the recorded size. Prints the blob digests, one per line.
verify_layout() {
  local dir="$1" root
  root="$(oci_digest "$1" "$2")"
  _verify_layout_blob "$dir" "$root"
}
_verify_layout_blob() {
  local dir="$1" digest="$2" f child
  f="$dir/blobs/sha256/${digest#sha256:}"
  [[ -f "$f" ]] || fail "layout $dir lacks blob $digest"
  [[ "sha256:$(sha256_hex "$f")" == "$digest" ]] || fail "layout blob $digest does not hash to its name"
  echo "$digest"
  # Descend into manifests/indexes (JSON with schemaVersion); configs and layers stop here.
  if jq -e '.schemaVersion == 2' "$f" >/dev/null 2>&1; then
    for child in $(jq -r '(.manifests // [])[].digest, (.config.digest // empty), (.layers // [])[].digest' "$f"); do
      _verify_layout_blob "$dir" "$child"
    done
  fi
}

# --- talking to the registry with curl ----------------------------------------------------------------
MANIFEST_ACCEPT="application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json"

# header NAME FILE: value of a response header (case-insensitive, last occurrence, CR stripped).
header() { grep -i "^$1:" "$2" | tail -n1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }

# challenge_param NAME CHALLENGE: the value of NAME="..." in a WWW-Authenticate challenge.
challenge_param() { sed -n "s/.*[ ,]$1=\"\([^\"]*\)\".*/\1/p" <<<"$2"; }

# registry_token SCOPE...: print a bearer token for the scopes (repository:NAME:pull,push ...), got
# the way clients get one (Docker token spec): GET /v2/ answers 401 with a Bearer challenge; GET its
# realm with service= and scope=, Basic REGISTRY_USER:REGISTRY_PASSWORD (anonymous when REGISTRY_USER
# is empty). Prints nothing when GET /v2/ answers 200 (an open registry needs no token). Tokens are
# kept under $WORK/tokens and reused for up to half their lifetime, so the checks below do not flood
# the registry (and its log) with token requests.
registry_token() {
  local key cache h code challenge realm service scope out token expires_in now
  key="$(printf '%s\n' "$REGISTRY_USER" "$REGISTRY_PASSWORD" "$@" | sha256sum | cut -c1-16)"
  cache="$WORK/tokens/$key"
  now="$(date +%s)"
  if [[ -f "$cache" ]] && (($(sed -n 1p "$cache") > now)); then
    sed -n 2p "$cache"
    return 0
  fi
  mkdir -p "$WORK/tokens"
  h="$(mktemp "$WORK/tokens/h.XXXX")"
  code="$(curl -sS -o /dev/null -D "$h" -w '%{http_code}' "http://$REGISTRY/v2/")" || fail "GET /v2/ failed"
  challenge="$(header WWW-Authenticate "$h")"
  rm -f "$h"
  [[ "$code" != 200 ]] || return 0
  [[ "$code" == 401 ]] || fail "GET /v2/ answered $code, expected 200 (open) or 401 (token auth)"
  [[ "$challenge" =~ ^[Bb]earer\  ]] || fail "GET /v2/ answered 401 without a Bearer challenge: '$challenge'"
  realm="$(challenge_param realm "$challenge")"
  service="$(challenge_param service "$challenge")"
  [[ -n "$realm" ]] || fail "no realm in the challenge '$challenge'"
  local args=(-G --data-urlencode "service=$service")
  for scope in "$@"; do args+=(--data-urlencode "scope=$scope"); done
  out="$(mktemp "$WORK/tokens/t.XXXX")"
  # The password goes to curl on stdin (a config line), not on its command line.
  code="$(curl -sS -K - -o "$out" -w '%{http_code}' "${args[@]}" "$realm" <<<"$(_curl_user_config)")" ||
    fail "token request to $realm failed"
  [[ "$code" == 200 ]] || fail "token request to $realm for [$*] as '${REGISTRY_USER:-(anonymous)}' answered $code: $(cat "$out")"
  token="$(jq -er '.token // .access_token' "$out")" || fail "no token in the answer of $realm: $(cat "$out")"
  expires_in="$(jq -r '.expires_in // 60' "$out")"
  rm -f "$out"
  printf '%s\n%s\n' "$((now + expires_in / 2))" "$token" >"$cache"
  echo "$token"
}
# A curl config line with the Basic credentials (none when REGISTRY_USER is empty); \ and " escaped.
_curl_user_config() {
  [[ -n "$REGISTRY_USER" ]] || return 0
  local creds="$REGISTRY_USER:$REGISTRY_PASSWORD"
  creds="${creds//\\/\\\\}"
  printf 'user = "%s"\n' "${creds//\"/\\\"}"
}

# rcurl SCOPE CURL_ARGS...: curl with `Authorization: Bearer <token for SCOPE>` (from registry_token;
# no header when it prints none). The header goes in on stdin, not on the command line. curl drops it
# when it follows a redirect to another host:port (a blob served from storage), as clients do.
rcurl() {
  local scope="$1" token
  shift
  token="$(registry_token "$scope")" || return 1
  if [[ -n "$token" ]]; then
    curl -K - "$@" <<<"header = \"Authorization: Bearer $token\""
  else
    curl "$@"
  fi
}

# get_manifest REPO REF OUT: fetch manifest bytes into OUT; headers into OUT.headers.
get_manifest() {
  rcurl "repository:$1:pull" -fsS -H "Accept: $MANIFEST_ACCEPT" -D "$3.headers" -o "$3" "http://$REGISTRY/v2/$1/manifests/$2" ||
    fail "GET manifest $1:$2 failed"
}

# registry_digest REPO REF: sha256 of the manifest bytes the registry serves for REF.
registry_digest() {
  local f
  f="$(mktemp "$WORK/m.XXXX")"
  get_manifest "$1" "$2" "$f"
  echo "sha256:$(sha256_hex "$f")"
}

# verify_registry REPO REF [EXPECTED_DIGEST]
# GETs the manifest (and, for an index, every child manifest), checks that its bytes hash to
# EXPECTED_DIGEST and to the Docker-Content-Digest header, then downloads every config/layer blob
# (following redirects, as clients do) and checks sha256 and size. Prints the manifest digest.
verify_registry() {
  local repo="$1" ref="$2" expected="${3:-}" f actual hdr ctype kind child d s blob
  f="$(mktemp "$WORK/m.XXXX")"
  get_manifest "$repo" "$ref" "$f"
  actual="sha256:$(sha256_hex "$f")"
  hdr="$(header Docker-Content-Digest "$f.headers")"
  ctype="$(header Content-Type "$f.headers")"
  [[ -z "$expected" || "$actual" == "$expected" ]] || fail "$repo:$ref manifest is $actual, expected $expected"
  [[ -z "$hdr" || "$hdr" == "$actual" ]] || fail "$repo:$ref Docker-Content-Digest $hdr != body digest $actual"
  [[ -n "$hdr" ]] || log "note: no Docker-Content-Digest header on GET manifest $repo:$ref"
  kind="$(jq -r '.mediaType // "?"' "$f")"
  [[ "$kind" == "?" || "$kind" == "$ctype" ]] || fail "$repo:$ref Content-Type '$ctype' != mediaType '$kind'"
  log "ok: manifest $repo:$ref = $actual ($ctype)"
  if jq -e '.manifests' "$f" >/dev/null; then
    for child in $(jq -r '.manifests[].digest' "$f"); do verify_registry "$repo" "$child" "$child" >/dev/null; done
  else
    blob="$(mktemp "$WORK/b.XXXX")"
    while read -r d s; do
      rcurl "repository:$repo:pull" -fsSL -o "$blob" "http://$REGISTRY/v2/$repo/blobs/$d" || fail "GET blob $repo@$d failed"
      [[ "sha256:$(sha256_hex "$blob")" == "$d" ]] || fail "blob $repo@$d does not hash to its digest"
      [[ "$(file_size "$blob")" == "$s" ]] || fail "blob $repo@$d is $(file_size "$blob") bytes, manifest says $s"
      log "ok: blob $d ($s bytes)"
    done < <(jq -r '.config, .layers[] | "\(.digest) \(.size)"' "$f")
    rm -f "$blob"
  fi
  echo "$actual"
}

# assert_blob_redirect REPO DIGEST: GET blob answers 307 Temporary Redirect with Docker-Content-Digest
# to an absolute URL on another host:port: the storage host REGISTRY_STORAGE (host:port) when the
# harness sets it (tests/Registry.EndToEnd.Tests does). That URL, fetched with NO credentials, serves
# the blob's bytes (and a Range). HEAD stays 200 with the size. Without REGISTRY_STORAGE a registry
# that streams blobs itself (200) passes with a note. The URL is a credential: only its host is logged.
assert_blob_redirect() {
  local repo="$1" digest="$2" h f code loc target size
  h="$(mktemp "$WORK/h.XXXX")"
  f="$(mktemp "$WORK/b.XXXX")"
  code="$(rcurl "repository:$repo:pull" -sS -o "$f" -D "$h" -w '%{http_code}' "http://$REGISTRY/v2/$repo/blobs/$digest")" ||
    fail "GET blob $repo@$digest failed"
  if [[ "$code" == 200 && -z "${REGISTRY_STORAGE:-}" ]]; then
    log "note: GET blob $repo@$digest answered 200: the registry streams it (no redirect)"
    return 0
  fi
  [[ "$code" == 307 ]] || fail "GET blob $repo@$digest answered $code, expected 307 to storage"
  [[ "$(header Docker-Content-Digest "$h")" == "$digest" ]] ||
    fail "307 for $repo@$digest has Docker-Content-Digest '$(header Docker-Content-Digest "$h")'"
  loc="$(header Location "$h")"
  [[ "$loc" =~ ^https?://([^/?#]+)/ ]] || fail "307 for $repo@$digest: Location '${loc%%\?*}' is not an absolute URL"
  target="${BASH_REMATCH[1]}"
  [[ "$target" != "$REGISTRY" ]] || fail "307 for $repo@$digest points back at the registry"
  [[ -z "${REGISTRY_STORAGE:-}" || "$target" == "$REGISTRY_STORAGE" ]] ||
    fail "307 for $repo@$digest points at $target, expected the storage host $REGISTRY_STORAGE"
  # Plain curl, no token: the URL alone must be enough.
  curl -fsS -o "$f" "$loc" || fail "GET of the storage URL for $repo@$digest (no credentials) failed"
  [[ "sha256:$(sha256_hex "$f")" == "$digest" ]] || fail "storage URL for $repo@$digest serves other bytes"
  size="$(file_size "$f")"
  curl -fsS -r 1-10 -o "$f.range" "$loc" || fail "ranged GET of the storage URL for $repo@$digest failed"
  cmp -s "$f.range" <(head -c 11 "$f" | tail -c 10) || fail "storage URL for $repo@$digest serves a wrong range"
  code="$(rcurl "repository:$repo:pull" -sS -o /dev/null -D "$h" -w '%{http_code}' -I "http://$REGISTRY/v2/$repo/blobs/$digest")"
  [[ "$code" == 200 && "$(header Content-Length "$h")" == "$size" ]] ||
    fail "HEAD blob $repo@$digest answered $code with Content-Length '$(header Content-Length "$h")', expected 200 and $size"
  rm -f "$h" "$f" "$f.range"
  log "ok: GET blob $repo@$digest -> 307 to $target; $size bytes and a range from there without credentials; HEAD 200"
}

# upload_blob REPO FILE: POST + monolithic PUT with curl; prints the digest. Handles relative and
# absolute Location headers, and Locations that already carry a query string.
upload_blob() {
  local repo="$1" file="$2" digest h loc sep code
  digest="sha256:$(sha256_hex "$file")"
  h="$(mktemp "$WORK/h.XXXX")"
  code="$(rcurl "repository:$repo:pull,push" -sS -o /dev/null -D "$h" -w '%{http_code}' -X POST "http://$REGISTRY/v2/$repo/blobs/uploads/")"
  [[ "$code" == 202 ]] || fail "POST upload for $repo answered $code, expected 202"
  loc="$(header Location "$h")"
  [[ -n "$loc" ]] || fail "POST upload for $repo returned no Location"
  [[ "$loc" == http* ]] || loc="http://$REGISTRY$loc"
  if [[ "$loc" == *\?* ]]; then sep='&'; else sep='?'; fi
  code="$(rcurl "repository:$repo:pull,push" -sS -o /dev/null -D "$h" -w '%{http_code}' -X PUT -H 'Content-Type: application/octet-stream' \
    --data-binary "@$file" "$loc${sep}digest=$digest")"
  [[ "$code" == 201 ]] || fail "PUT upload of $digest to $repo answered $code, expected 201"
  echo "$digest"
}
