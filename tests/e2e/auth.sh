#!/usr/bin/env bash
# Access control seen by real clients (Docker token authentication):
#  (a) no credentials: GET /v2/ answers 401 with a Bearer challenge whose realm is the token endpoint,
#      a repository's endpoint names the scope it needs, and skopeo cannot read an image (anonymous
#      pull is off);
#  (b) skopeo with a wrong password cannot push, and nothing arrives;
#  (c) a pull-only credential made with the admin tool (`credentials add --repos 'e2e/*' --actions
#      pull`): skopeo pulls with it byte-identical, but its push is denied, and so is a pull outside
#      e2e/*; after `credentials revoke` its pull fails too.
# Needs REGISTRY_USER/REGISTRY_PASSWORD of an administrator. (c) runs the built admin tool
# (REGISTRY_ADMIN_DLL, default functions/Registry.Admin/bin/Release/net10.0/Registry.Admin.dll) on the
# registry's storage (AzureWebJobsStorage, default UseDevelopmentStorage=true): a missing tool is a
# failure, not a skip.
. "$(dirname "$0")/lib.sh"
need skopeo dotnet
repo=e2e/auth
outside=e2e-outside/auth # not matched by the credential's pattern e2e/*
root="$(cd "$(dirname "$0")/../.." && pwd)"
admin_dll="${REGISTRY_ADMIN_DLL:-$root/functions/Registry.Admin/bin/Release/net10.0/Registry.Admin.dll}"
[[ -n "$REGISTRY_USER" ]] || fail "auth.sh checks access control: set REGISTRY_USER/REGISTRY_PASSWORD (an administrator)"

# expect_failure WHAT PATTERN CMD...: CMD must fail, with output matching PATTERN (grep -Ei).
expect_failure() {
  local what="$1" pattern="$2" out
  shift 2
  out="$(mktemp "$WORK/out.XXXX")"
  log "+ $(mask "$*")    (must fail)"
  if "$@" >"$out" 2>&1; then
    mask "$(cat "$out")" >&2
    fail "$what succeeded"
  fi
  grep -Eqi "$pattern" "$out" || fail "$what failed, but its output does not match /$pattern/: $(mask "$(cat "$out")")"
  log "ok: $what failed: $(mask "$(grep -Eio ".{0,60}($pattern).{0,80}" "$out" | head -n1)")"
}

# manifest_status REPO REF: HTTP status of GET manifest, as the administrator.
manifest_status() {
  rcurl "repository:$1:pull" -sS -o /dev/null -w '%{http_code}' -H "Accept: $MANIFEST_ACCEPT" "http://$REGISTRY/v2/$1/manifests/$2"
}

# --- (a) no credentials ------------------------------------------------------------------------------
log "+ curl http://$REGISTRY/v2/ (no credentials)"
code="$(curl -sS -o "$WORK/v2.json" -D "$WORK/v2.h" -w '%{http_code}' "http://$REGISTRY/v2/")"
assert_eq "$code" 401 "GET /v2/ without credentials"
challenge="$(header WWW-Authenticate "$WORK/v2.h")"
[[ "$challenge" =~ ^Bearer\  ]] || fail "GET /v2/ challenge is not Bearer: '$challenge'"
realm="$(challenge_param realm "$challenge")"
[[ "$realm" =~ ^https?://[^/]+/token$ ]] || fail "realm '$realm' is not an http(s) URL ending in /token"
[[ -n "$(challenge_param service "$challenge")" ]] || fail "no service in the challenge '$challenge'"
log "ok: challenge $challenge"
assert_eq "$(jq -r '.errors[0].code' "$WORK/v2.json")" UNAUTHORIZED "error code of GET /v2/ without credentials"

log "+ curl http://$REGISTRY/v2/$repo/tags/list (no credentials)"
code="$(curl -sS -o /dev/null -D "$WORK/tags.h" -w '%{http_code}' "http://$REGISTRY/v2/$repo/tags/list")"
assert_eq "$code" 401 "GET tags/list without credentials"
assert_eq "$(challenge_param scope "$(header WWW-Authenticate "$WORK/tags.h")")" "repository:$repo:pull" "scope named by the challenge of tags/list"

make_oci_image "$WORK/src" 1
pushed="$IMAGE_DIGEST"
run skopeo copy "${DEST_CREDS[@]}" --dest-tls-verify=false "oci:$WORK/src:1" "docker://$REGISTRY/$repo:1"
verify_registry "$repo" 1 "$pushed" >/dev/null
run skopeo copy "${DEST_CREDS[@]}" --dest-tls-verify=false "oci:$WORK/src:1" "docker://$REGISTRY/$outside:1"

# skopeo asks the realm anonymously; the token it gets grants nothing on the repository.
expect_failure "skopeo inspect without credentials" 'denied|unauthorized|authentication required' \
  skopeo inspect --tls-verify=false --raw "docker://$REGISTRY/$repo:1"

# --- (b) wrong password --------------------------------------------------------------------------------
make_oci_image "$WORK/src" 2
fresh="$IMAGE_DIGEST"
expect_failure "skopeo copy with a wrong password" 'unauthorized|authentication required|invalid username|incorrect username' \
  skopeo copy --dest-creds "$REGISTRY_USER:wrong-$REGISTRY_PASSWORD" --dest-tls-verify=false "oci:$WORK/src:2" "docker://$REGISTRY/$repo:2"
assert_eq "$(manifest_status "$repo" 2)" 404 "GET manifest of the tag pushed with a wrong password"
assert_eq "$(manifest_status "$repo" "$fresh")" 404 "GET manifest of the digest pushed with a wrong password"

# --- (c) a pull-only credential, then revoked -------------------------------------------------------------
[[ -f "$admin_dll" ]] || fail "the admin tool $admin_dll is missing: build functions/Registry.Admin in Release (part (c) needs it)"
export AzureWebJobsStorage="${AzureWebJobsStorage:-UseDevelopmentStorage=true}"
admin() { run dotnet "$admin_dll" "$@"; }
name="e2e-reader-$(date +%s)-$RANDOM"
admin credentials add --name "$name" --repos 'e2e/*' --actions pull >"$WORK/add.out" || fail "credentials add failed: $(cat "$WORK/add.out")"
secret="$(awk '$1 == "secret:" { print $2 }' "$WORK/add.out")"
[[ -n "$secret" ]] || fail "credentials add printed no 'secret:' line: $(cat "$WORK/add.out")"
E2E_SECRETS+=("$secret")
mask "$(cat "$WORK/add.out")" >&2
on_exit "dotnet '$admin_dll' credentials revoke --name '$name'"
reader="$name:$secret"

run skopeo copy --src-creds "$reader" --src-tls-verify=false "docker://$REGISTRY/$repo:1" "oci:$WORK/pulled:1"
assert_eq "$(oci_digest "$WORK/pulled" 1)" "$pushed" "manifest digest pulled with the pull-only credential"
assert_eq "$(verify_layout "$WORK/pulled" 1 | sort | tr '\n' ' ')" "$(verify_layout "$WORK/src" 1 | sort | tr '\n' ' ')" "blobs pulled with the pull-only credential"

# A fresh image (new blobs): the very first upload must be refused, not only the manifest.
# The registry may refuse with 403 DENIED or with 401 insufficient_scope: either way nothing may arrive.
expect_failure "skopeo push with the pull-only credential" 'denied|unauthorized' \
  skopeo copy --dest-creds "$reader" --dest-tls-verify=false "oci:$WORK/src:2" "docker://$REGISTRY/$repo:2"
assert_eq "$(manifest_status "$repo" 2)" 404 "GET manifest of the tag pushed with the pull-only credential"
for d in $(jq -r '.config.digest, .layers[].digest' "$WORK/src/blobs/sha256/${fresh#sha256:}"); do
  code="$(rcurl "repository:$repo:pull" -sS -o /dev/null -w '%{http_code}' -I "http://$REGISTRY/v2/$repo/blobs/$d")"
  assert_eq "$code" 404 "HEAD blob $d of the denied push"
done

expect_failure "skopeo pull outside e2e/* with the pull-only credential" 'denied|unauthorized' \
  skopeo copy --src-creds "$reader" --src-tls-verify=false "docker://$REGISTRY/$outside:1" "oci:$WORK/outside:1"

admin credentials revoke --name "$name"
admin credentials list >"$WORK/list.out"
grep -E "^$name +.*revoked$" "$WORK/list.out" >&2 || fail "credentials list does not show $name revoked: $(cat "$WORK/list.out")"
expect_failure "skopeo pull with the revoked credential" 'unauthorized|authentication required|invalid username|incorrect username' \
  skopeo copy --src-creds "$reader" --src-tls-verify=false "docker://$REGISTRY/$repo:1" "oci:$WORK/revoked:1"
assert_no_login_outside_work
