#!/usr/bin/env bash
# containerd (ctr): run a private containerd, import a hand-built OCI archive, push it, remove it,
# pull it back (and unpack it), and compare digests. containerd uploads each blob as POST then ONE
# monolithic PUT ?digest= with the whole body, and needs Docker-Content-Digest on replies.
# Credentials as ctr users give them: --user user:password on push and pull.
. "$(dirname "$0")/lib.sh"
need containerd ctr
repo=e2e/ctr
ref="$REGISTRY/$repo:1"

# Short socket/state paths: unix sockets are limited to 108 bytes.
sock="/tmp/ct$$.sock"
state="/tmp/ct$$.state"
cat >"$WORK/config.toml" <<TOML
version = 2
root = "$WORK/root"
state = "$state"
# CRI would try to set up CNI networking; ctr does not need it.
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$WORK/opt"
TOML
log "starting $(containerd --version), log $WORK/containerd.log"
containerd --config "$WORK/config.toml" >"$WORK/containerd.log" 2>&1 &
containerd_pid=$!
on_exit "kill $containerd_pid; sleep 1; kill -9 $containerd_pid; rm -rf '$state' '$sock' '$sock.ttrpc'"
c() { run ctr --address "$sock" --namespace e2e "$@"; }
user=()
if [[ -n "$REGISTRY_USER" ]]; then user=(--user "$REGISTRY_USER:$REGISTRY_PASSWORD"); fi
for _ in $(seq 1 60); do
  ctr --address "$sock" version >/dev/null 2>&1 && break
  kill -0 "$containerd_pid" 2>/dev/null || { tail -n 20 "$WORK/containerd.log" >&2; fail "containerd exited"; }
  sleep 0.5
done
ctr --address "$sock" version >/dev/null || fail "containerd did not start"

# An OCI image layout in a tar is exactly what `ctr images import` reads.
make_oci_image "$WORK/src" 1
pushed="$IMAGE_DIGEST"
tar -C "$WORK/src" -cf "$WORK/image.tar" .
c images import --base-name "$REGISTRY/$repo" --no-unpack "$WORK/image.tar"
assert_eq "$(ctr --address "$sock" -n e2e images ls -q | tr '\n' ' ')" "$ref " "imported image name"

c images push --plain-http "${user[@]}" "$ref"
verify_registry "$repo" 1 "$pushed" >/dev/null

# --sync: garbage-collect the content now, so the pull below must download every blob again.
c images rm --sync "$ref"
[[ -z "$(ctr --address "$sock" -n e2e content ls -q)" ]] || fail "content store not empty after rm --sync"
c images pull --plain-http "${user[@]}" --snapshotter native "$ref"
assert_eq "$(ctr --address "$sock" -n e2e images ls | awk -v r="$ref" '$1 == r { print $3 }')" "$pushed" "digest after pull back"
# Every blob is in containerd's content store with the right digest (ctr verified them on pull).
for d in $(jq -r '.config.digest, .layers[].digest' "$WORK/src/blobs/sha256/${pushed#sha256:}"); do
  ctr --address "$sock" -n e2e content get "$d" | sha256sum | grep -q "^${d#sha256:} " || fail "content $d differs"
  log "ok: content $d"
done

# Pull by digest as well.
c images pull --plain-http "${user[@]}" --snapshotter native "$REGISTRY/$repo@$pushed"
