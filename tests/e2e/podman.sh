#!/usr/bin/env bash
# podman: pull an image (pushed here with skopeo), tag + push it to a new repository, remove it,
# pull it back, and compare digests. podman uses private storage (--root/--runroot) so the test
# never touches the machine's images; overlay if the kernel allows it here, else vfs.
# Credentials as podman users give them: `podman login --password-stdin` into an auth file (a private
# one here, --authfile), used by pull and push, and `podman logout` at the end.
. "$(dirname "$0")/lib.sh"
need podman skopeo
src=e2e/podman-src
dst=e2e/podman

driver=vfs
if overlay_works; then driver=overlay; fi
# cgroupfs/file events: no systemd or journald needed; nothing is run, only pulled/pushed.
pm() { run podman --root "$WORK/root" --runroot "$WORK/run" --storage-driver "$driver" \
  --cgroup-manager cgroupfs --events-backend file "$@"; }
on_exit "podman --root '$WORK/root' --runroot '$WORK/run' --storage-driver $driver system reset --force"
log "podman $(podman --version), storage driver $driver"

make_oci_image "$WORK/src" 1
pushed="$IMAGE_DIGEST"
run skopeo copy "${DEST_CREDS[@]}" --dest-tls-verify=false "oci:$WORK/src:1" "docker://$REGISTRY/$src:1"

authfile="$WORK/podman-auth.json"
echo '{"auths":{}}' >"$authfile" # podman refuses an --authfile that does not exist
if [[ -n "$REGISTRY_USER" ]]; then
  # Wrong password first: podman login checks it against the registry (token request) and fails.
  if printf '%s\n' "wrong-$REGISTRY_PASSWORD" | pm login --tls-verify=false --authfile "$authfile" -u "$REGISTRY_USER" --password-stdin "$REGISTRY"; then
    fail "podman login with a wrong password succeeded"
  fi
  log "ok: podman login with a wrong password failed"
  printf '%s\n' "$REGISTRY_PASSWORD" | pm login --tls-verify=false --authfile "$authfile" -u "$REGISTRY_USER" --password-stdin "$REGISTRY"
  jq -e --arg r "$REGISTRY" '.auths[$r].auth' "$authfile" >/dev/null || fail "podman login left no entry for $REGISTRY in $authfile"
  log "ok: podman login stored the credentials in the private auth file"
fi

pm pull --authfile "$authfile" --tls-verify=false "$REGISTRY/$src:1"
assert_eq "$(pm image inspect --format '{{.Digest}}' "$REGISTRY/$src:1")" "$pushed" "digest of pulled image"
image_id="$(pm image inspect --format '{{.Id}}' "$REGISTRY/$src:1")"
assert_eq "sha256:$image_id" "$CONFIG_DIGEST" "image ID = config digest"

pm tag "$REGISTRY/$src:1" "$REGISTRY/$dst:1"
pm push --authfile "$authfile" --tls-verify=false --digestfile "$WORK/digest" "$REGISTRY/$dst:1"
# podman may rewrite the manifest (it recompresses layers it stored uncompressed), so the digest
# can differ from the source; what matters is that the registry serves what podman says it pushed.
pushed2="$(cat "$WORK/digest")"
verify_registry "$dst" 1 "$pushed2" >/dev/null

pm rmi --force "$REGISTRY/$src:1" "$REGISTRY/$dst:1"
pm pull --authfile "$authfile" --tls-verify=false "$REGISTRY/$dst:1"
assert_eq "$(pm image inspect --format '{{.Digest}}' "$REGISTRY/$dst:1")" "$pushed2" "digest after pull back"
assert_eq "$(pm image inspect --format '{{.Id}}' "$REGISTRY/$dst:1")" "$image_id" "image ID after pull back"
# Pull by digest too (clients resolve tags then fetch by digest; some only ever use digests).
pm pull --authfile "$authfile" --tls-verify=false "$REGISTRY/$dst@$pushed2"

if [[ -n "$REGISTRY_USER" ]]; then
  pm logout --authfile "$authfile" "$REGISTRY"
  jq -e --arg r "$REGISTRY" '.auths[$r] == null' "$authfile" >/dev/null || fail "podman logout left $REGISTRY in $authfile"
  log "ok: podman logout removed the credentials"
fi
assert_no_login_outside_work
