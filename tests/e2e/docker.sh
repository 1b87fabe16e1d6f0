#!/usr/bin/env bash
# docker: run a private dockerd (own data-root, exec-root, socket; no iptables/bridge, so it can run
# inside a container), load a hand-built image, push it, remove it, pull it back, and check that the
# image ID survives and that the RepoDigest equals the digest of the manifest the registry serves.
# dockerd 20.10 uploads each layer as POST, one chunked PATCH, PUT; it HEADs blobs before and after.
# Credentials as docker users give them: `docker login --password-stdin` (kept in the private
# DOCKER_CONFIG lib.sh sets), then push/pull, `docker logout` at the end.
. "$(dirname "$0")/lib.sh"
need dockerd docker skopeo
repo=e2e/docker
tag="$REGISTRY/$repo:1"

# Unix socket paths are limited to 108 bytes and dockerd nests containerd's socket under exec-root:
# keep exec-root and socket short, in /tmp.
exec_root="/tmp/dx$$"
sock="/tmp/dx$$.sock"
export DOCKER_HOST="unix://$sock"
mkdir -p "$DOCKER_CONFIG"
echo '{}' >"$WORK/daemon.json"

start_dockerd() {
  log "starting dockerd (storage driver $1), log $WORK/dockerd.log"
  dockerd --config-file "$WORK/daemon.json" --storage-driver "$1" --data-root "$WORK/data" \
    --exec-root "$exec_root" -H "$DOCKER_HOST" --pidfile "$WORK/dockerd.pid" \
    --iptables=false --ip6tables=false --ip-masq=false --bridge=none --userland-proxy=false \
    --insecure-registry "$REGISTRY" >>"$WORK/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 60); do
    if docker version >/dev/null 2>&1; then return 0; fi
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.5
  done
  kill "$dockerd_pid" 2>/dev/null || true
  wait "$dockerd_pid" 2>/dev/null || true
  tail -n 20 "$WORK/dockerd.log" >&2
  return 1
}
stop_dockerd() {
  [[ -n "${dockerd_pid:-}" ]] || return 0
  kill "$dockerd_pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$dockerd_pid" 2>/dev/null
  rm -rf "$exec_root" "$sock"
}
on_exit stop_dockerd
if ! start_dockerd overlay2; then
  log "overlay2 failed, retrying with vfs"
  rm -rf "$WORK/data"
  start_dockerd vfs || fail "dockerd did not start"
fi
log "docker client $(docker version --format '{{.Client.Version}}'), daemon $(docker version --format '{{.Server.Version}}')"

make_oci_image "$WORK/src" 1
run skopeo copy "oci:$WORK/src:1" "docker-archive:$WORK/image.tar:$tag"
run docker load -i "$WORK/image.tar"
image_id="$(docker image inspect --format '{{.Id}}' "$tag")"
assert_eq "$image_id" "$CONFIG_DIGEST" "image ID of loaded image = config digest"

if [[ -n "$REGISTRY_USER" ]]; then
  # The daemon checks the password with the registry (token request): a wrong one must fail.
  if printf '%s\n' "wrong-$REGISTRY_PASSWORD" | run docker login "$REGISTRY" -u "$REGISTRY_USER" --password-stdin; then
    fail "docker login with a wrong password succeeded"
  fi
  log "ok: docker login with a wrong password failed"
  printf '%s\n' "$REGISTRY_PASSWORD" | run docker login "$REGISTRY" -u "$REGISTRY_USER" --password-stdin
  jq -e --arg r "$REGISTRY" '.auths[$r].auth' "$DOCKER_CONFIG/config.json" >/dev/null ||
    fail "docker login stored no credentials for $REGISTRY in $DOCKER_CONFIG/config.json"
  log "ok: docker login stored the credentials in the private DOCKER_CONFIG ($(jq -r --arg r "$REGISTRY" '.auths[$r] | keys | join(", ")' "$DOCKER_CONFIG/config.json"))"
fi

run docker push "$tag"
# docker re-compresses layers and writes a Docker schema 2 manifest: the pushed digest is the
# registry's, not our OCI manifest's. Check the registry serves consistent bytes for it.
pushed="$(verify_registry "$repo" 1)"
repo_digest="$(docker image inspect --format '{{join .RepoDigests " "}}' "$tag")"
assert_eq "$repo_digest" "$REGISTRY/$repo@$pushed" "RepoDigest after push"

run docker rmi "$tag"
docker image inspect "$tag" >/dev/null 2>&1 && fail "image still present after rmi"
run docker pull "$tag"
assert_eq "$(docker image inspect --format '{{.Id}}' "$tag")" "$image_id" "image ID after pull"
assert_eq "$(docker image inspect --format '{{join .RepoDigests " "}}' "$tag")" "$REGISTRY/$repo@$pushed" "RepoDigest after pull"
# And by digest.
run docker rmi "$tag"
run docker pull "$REGISTRY/$repo@$pushed"
assert_eq "$(docker image inspect --format '{{.Id}}' "$REGISTRY/$repo@$pushed")" "$image_id" "image ID after pull by digest"

if [[ -n "$REGISTRY_USER" ]]; then
  run docker logout "$REGISTRY"
  jq -e --arg r "$REGISTRY" '.auths[$r] == null' "$DOCKER_CONFIG/config.json" >/dev/null ||
    fail "docker logout left credentials for $REGISTRY in $DOCKER_CONFIG/config.json"
  log "ok: docker logout removed the credentials"
fi
assert_no_login_outside_work
