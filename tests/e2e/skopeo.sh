#!/usr/bin/env bash
# skopeo: push a hand-built OCI layout, read it back, and check that the registry returns exactly
# the bytes pushed (manifest and every blob, byte-identical digests).
# skopeo uploads each blob as POST, one PATCH with the whole blob, PUT ?digest= (expects 201).
# Credentials as skopeo users pass them: --dest-creds / --src-creds / --creds user:password.
. "$(dirname "$0")/lib.sh"
need skopeo
repo=e2e/skopeo

make_oci_image "$WORK/src" 1
pushed="$IMAGE_DIGEST"
run skopeo copy "${DEST_CREDS[@]}" --dest-tls-verify=false --digestfile "$WORK/digest" "oci:$WORK/src:1" "docker://$REGISTRY/$repo:1"
assert_eq "$(cat "$WORK/digest")" "$pushed" "digest reported by skopeo push"
verify_registry "$repo" 1 "$pushed" >/dev/null
# Blob GETs redirect to storage (every client below pulls through that redirect).
for blob in $(jq -r '.config.digest, .layers[].digest' "$WORK/src/blobs/sha256/${pushed#sha256:}"); do
  assert_blob_redirect "$repo" "$blob"
done

# Pushing the same image again must succeed (blobs already exist: HEAD hits, no re-upload).
run skopeo copy "${DEST_CREDS[@]}" --dest-tls-verify=false "oci:$WORK/src:1" "docker://$REGISTRY/$repo:again"
verify_registry "$repo" again "$pushed" >/dev/null

# inspect: skopeo reads the manifest (by tag and by digest), then the config.
run skopeo inspect "${CREDS[@]}" --tls-verify=false "docker://$REGISTRY/$repo:1" >"$WORK/inspect.json"
assert_eq "$(jq -r .Digest "$WORK/inspect.json")" "$pushed" "skopeo inspect digest"
assert_eq "$(jq -r .Architecture "$WORK/inspect.json")" amd64 "skopeo inspect architecture"
assert_eq "$(jq -r '.Layers | length' "$WORK/inspect.json")" 2 "skopeo inspect layer count"
run skopeo inspect "${CREDS[@]}" --tls-verify=false --raw "docker://$REGISTRY/$repo@$pushed" >"$WORK/raw.json"
assert_eq "sha256:$(sha256_hex "$WORK/raw.json")" "$pushed" "skopeo inspect --raw by digest"
run skopeo inspect "${CREDS[@]}" --tls-verify=false --config "docker://$REGISTRY/$repo:1" >/dev/null
run skopeo list-tags "${CREDS[@]}" --tls-verify=false "docker://$REGISTRY/$repo" >"$WORK/tags.json"
jq -e '.Tags | index("1") and index("again")' "$WORK/tags.json" >/dev/null || fail "tags list lacks 1/again: $(cat "$WORK/tags.json")"

# Copy back to a new layout: same manifest digest, and the same set of byte-identical blobs.
run skopeo copy "${SRC_CREDS[@]}" --src-tls-verify=false "docker://$REGISTRY/$repo:1" "oci:$WORK/back:1"
assert_eq "$(oci_digest "$WORK/back" 1)" "$pushed" "manifest digest after round trip"
assert_eq "$(verify_layout "$WORK/back" 1 | sort | tr '\n' ' ')" "$(verify_layout "$WORK/src" 1 | sort | tr '\n' ' ')" "blob digests after round trip"
cmp "$WORK/src/blobs/sha256/${pushed#sha256:}" "$WORK/back/blobs/sha256/${pushed#sha256:}"
assert_no_login_outside_work
