#!/usr/bin/env bash
# buildah: build an image from scratch (no base image needed), commit, push, then read it back with
# skopeo and check every blob. Private --root/--runroot, vfs storage: works without overlay support.
# Credentials with --creds user:password on push and pull (skopeo: --creds/--src-creds).
. "$(dirname "$0")/lib.sh"
need buildah skopeo
repo=e2e/buildah

bh() { run buildah --root "$WORK/root" --runroot "$WORK/run" --storage-driver vfs "$@"; }
on_exit "buildah --root '$WORK/root' --runroot '$WORK/run' --storage-driver vfs rm --all"
log "$(buildah --version)"

# Fresh random content: buildah/skopeo skip blobs whose digest they have seen before.
mkdir -p "$WORK/ctx"
head -c "$E2E_LAYER_BYTES" /dev/urandom >"$WORK/ctx/random.bin"
echo "hello from buildah e2e $RANDOM" >"$WORK/ctx/hello.txt"

ctr="$(bh from --name "e2e-buildah-$$" scratch)"
bh copy "$ctr" "$WORK/ctx/hello.txt" /hello.txt
bh copy "$ctr" "$WORK/ctx/random.bin" /data/random.bin
bh config --env PATH=/bin --workingdir / --cmd /hello --label org.example.e2e=buildah --arch amd64 --os linux "$ctr"
bh commit --format oci "$ctr" "localhost/e2e-buildah:1"

bh push "${CREDS[@]}" --tls-verify=false --digestfile "$WORK/digest" "localhost/e2e-buildah:1" "docker://$REGISTRY/$repo:1"
pushed="$(cat "$WORK/digest")"
verify_registry "$repo" 1 "$pushed" >/dev/null

run skopeo inspect "${CREDS[@]}" --tls-verify=false "docker://$REGISTRY/$repo:1" >"$WORK/inspect.json"
assert_eq "$(jq -r .Digest "$WORK/inspect.json")" "$pushed" "skopeo inspect digest"
assert_eq "$(jq -r '.Labels["org.example.e2e"]' "$WORK/inspect.json")" buildah "label in pushed config"
run skopeo copy "${SRC_CREDS[@]}" --src-tls-verify=false "docker://$REGISTRY/$repo:1" "oci:$WORK/back:1"
assert_eq "$(oci_digest "$WORK/back" 1)" "$pushed" "manifest digest after copy back"
verify_layout "$WORK/back" 1 >/dev/null

# The file we added must come back byte-identical inside a layer.
mkdir -p "$WORK/x"
for layer in $(jq -r '.layers[].digest' "$WORK/back/blobs/sha256/${pushed#sha256:}"); do
  tar -xzf "$WORK/back/blobs/sha256/${layer#sha256:}" -C "$WORK/x"
done
cmp "$WORK/ctx/random.bin" "$WORK/x/data/random.bin"
log "ok: /data/random.bin survived the round trip"

# buildah pulls it back into its own storage as well.
bh rmi --all
bh pull "${CREDS[@]}" --tls-verify=false "docker://$REGISTRY/$repo:1"
assert_no_login_outside_work
