#!/usr/bin/env bash
# Multi-platform image: push linux/amd64 and linux/arm64 manifests with skopeo, PUT an OCI image
# index referencing both with curl, then `skopeo copy --all` it back and check every digest.
# The registry must accept an index only once its child manifests exist, serve it with the index
# Content-Type, and let clients fetch each child by digest. skopeo gets --dest-creds/--src-creds/--creds;
# curl a bearer token for the repository (lib.sh rcurl).
. "$(dirname "$0")/lib.sh"
need skopeo
repo=e2e/multiarch

make_oci_image "$WORK/src" amd64 amd64
amd_digest="$IMAGE_DIGEST" amd_size="$IMAGE_SIZE"
make_oci_image "$WORK/src" arm64 arm64
arm_digest="$IMAGE_DIGEST" arm_size="$IMAGE_SIZE"
# Push children by tag (clients usually push them by digest; do one each way).
run skopeo copy "${DEST_CREDS[@]}" --dest-tls-verify=false "oci:$WORK/src:amd64" "docker://$REGISTRY/$repo:amd64"
run skopeo copy "${DEST_CREDS[@]}" --dest-tls-verify=false "oci:$WORK/src:arm64" "docker://$REGISTRY/$repo@$arm_digest"
verify_registry "$repo" amd64 "$amd_digest" >/dev/null
verify_registry "$repo" "$arm_digest" "$arm_digest" >/dev/null

jq -n --arg ad "$amd_digest" --argjson asz "$amd_size" --arg rd "$arm_digest" --argjson rsz "$arm_size" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [
    { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $ad, size: $asz,
      platform: { architecture: "amd64", os: "linux" } },
    { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $rd, size: $rsz,
      platform: { architecture: "arm64", os: "linux", variant: "v8" } } ] }' >"$WORK/index.json"
index_digest="sha256:$(sha256_hex "$WORK/index.json")"
log "+ PUT index $repo:1 ($index_digest)"
code="$(rcurl "repository:$repo:pull,push" -sS -o "$WORK/put.out" -D "$WORK/put.h" -w '%{http_code}' -X PUT \
  -H 'Content-Type: application/vnd.oci.image.index.v1+json' --data-binary "@$WORK/index.json" \
  "http://$REGISTRY/v2/$repo/manifests/1")"
[[ "$code" == 201 ]] || fail "PUT index answered $code: $(cat "$WORK/put.out")"
assert_eq "$(header Docker-Content-Digest "$WORK/put.h")" "$index_digest" "Docker-Content-Digest of PUT index"
verify_registry "$repo" 1 "$index_digest" >/dev/null

# skopeo picks the platform it runs on by default; --all copies the index and both children.
run skopeo inspect "${CREDS[@]}" --tls-verify=false --raw "docker://$REGISTRY/$repo:1" >"$WORK/raw.json"
cmp "$WORK/raw.json" "$WORK/index.json"
run skopeo --override-arch arm64 inspect "${CREDS[@]}" --tls-verify=false "docker://$REGISTRY/$repo:1" >"$WORK/arm.json"
# inspect reports the digest of the reference (the index) but the arm64 child's config and layers.
assert_eq "$(jq -r .Digest "$WORK/arm.json")" "$index_digest" "digest skopeo reports for the index"
assert_eq "$(jq -r .Architecture "$WORK/arm.json")" arm64 "architecture of the arm64 config"
assert_eq "$(jq -c .Layers "$WORK/arm.json")" "$(jq -c '[.layers[].digest]' "$WORK/src/blobs/sha256/${arm_digest#sha256:}")" "arm64 layers"
run skopeo copy --all "${SRC_CREDS[@]}" --src-tls-verify=false "docker://$REGISTRY/$repo:1" "oci:$WORK/back:1"
assert_eq "$(oci_digest "$WORK/back" 1)" "$index_digest" "index digest after copy --all"
verify_layout "$WORK/back" 1 >"$WORK/blobs.txt"
grep -qx "$amd_digest" "$WORK/blobs.txt" || fail "amd64 manifest missing after copy --all"
grep -qx "$arm_digest" "$WORK/blobs.txt" || fail "arm64 manifest missing after copy --all"
assert_eq "$(wc -l <"$WORK/blobs.txt")" 9 "blob count (index + 2 x (manifest, config, 2 layers))"
