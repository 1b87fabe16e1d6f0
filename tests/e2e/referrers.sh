#!/usr/bin/env bash
# OCI 1.1 referrers: push an image, attach two artifacts to it (manifests with `subject`), and read
# them back through GET /v2/<name>/referrers/<digest>, with and without the artifactType filter.
# Done with curl, as ORAS/notation/cosign do it over HTTP. Needs a registry implementing
# distribution-spec 1.1: Debian's docker-registry 2.8 does not (no OCI-Subject, referrers 404).
# curl sends a bearer token for the repository (lib.sh rcurl), as those tools do.
. "$(dirname "$0")/lib.sh"
need skopeo
repo=e2e/referrers
empty_digest="sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"

make_oci_image "$WORK/src" 1
subject_digest="$IMAGE_DIGEST" subject_size="$IMAGE_SIZE"
run skopeo copy "${DEST_CREDS[@]}" --dest-tls-verify=false "oci:$WORK/src:1" "docker://$REGISTRY/$repo:1"

# The empty config blob `{}` (OCI 1.1 "empty descriptor").
printf '{}' >"$WORK/empty.json"
assert_eq "$(upload_blob "$repo" "$WORK/empty.json")" "$empty_digest" "empty config blob digest"

# push_artifact TYPE NAME: upload a random layer + artifact manifest whose subject is the image;
# check 201, Docker-Content-Digest and OCI-Subject. Sets ART_DIGEST.
push_artifact() {
  local type="$1" name="$2" layer layer_digest man code
  layer="$WORK/$name.layer"
  jq -n --arg n "$name" --arg r "$RANDOM$RANDOM" '{ name: $n, nonce: $r }' >"$layer"
  layer_digest="$(upload_blob "$repo" "$layer")"
  man="$WORK/$name.manifest.json"
  jq -n --arg type "$type" --arg ed "$empty_digest" --arg ld "$layer_digest" --argjson ls "$(file_size "$layer")" \
    --arg sd "$subject_digest" --argjson ss "$subject_size" --arg name "$name" '{
      schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", artifactType: $type,
      config: { mediaType: "application/vnd.oci.empty.v1+json", digest: $ed, size: 2 },
      layers: [ { mediaType: "application/vnd.example.data.v1+json", digest: $ld, size: $ls } ],
      subject: { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $sd, size: $ss },
      annotations: { "org.example.name": $name } }' >"$man"
  ART_DIGEST="sha256:$(sha256_hex "$man")"
  log "+ PUT artifact $type as $repo@$ART_DIGEST"
  code="$(rcurl "repository:$repo:pull,push" -sS -o "$man.out" -D "$man.h" -w '%{http_code}' -X PUT \
    -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$man" \
    "http://$REGISTRY/v2/$repo/manifests/$ART_DIGEST")"
  [[ "$code" == 201 ]] || fail "PUT artifact manifest answered $code: $(cat "$man.out")"
  assert_eq "$(header Docker-Content-Digest "$man.h")" "$ART_DIGEST" "Docker-Content-Digest of artifact PUT"
  assert_eq "$(header OCI-Subject "$man.h")" "$subject_digest" "OCI-Subject header of artifact PUT"
  verify_registry "$repo" "$ART_DIGEST" "$ART_DIGEST" >/dev/null
}
push_artifact application/vnd.example.sbom sbom
sbom_digest="$ART_DIGEST"
push_artifact application/vnd.example.signature sig
sig_digest="$ART_DIGEST"

# get_referrers QUERY OUT: GET the referrers index; checks 200 + index Content-Type.
get_referrers() {
  local code
  log "+ GET /v2/$repo/referrers/$subject_digest$1"
  code="$(rcurl "repository:$repo:pull" -sS -o "$2" -D "$2.h" -w '%{http_code}' "http://$REGISTRY/v2/$repo/referrers/$subject_digest$1")"
  [[ "$code" == 200 ]] || fail "GET referrers$1 answered $code: $(cat "$2")"
  assert_eq "$(header Content-Type "$2.h")" "application/vnd.oci.image.index.v1+json" "referrers Content-Type"
  assert_eq "$(jq -r '.schemaVersion, .mediaType' "$2" | tr '\n' ' ')" "2 application/vnd.oci.image.index.v1+json " "referrers body is an index"
}
# Descriptor of one referrer as "digest size artifactType annotation".
describe() { jq -r --arg d "$2" '.manifests[] | select(.digest == $d) | "\(.digest) \(.size) \(.artifactType) \(.annotations["org.example.name"])"' "$1"; }

get_referrers "" "$WORK/all.json"
assert_eq "$(jq '.manifests | length' "$WORK/all.json")" 2 "number of referrers"
assert_eq "$(describe "$WORK/all.json" "$sbom_digest")" "$sbom_digest $(file_size "$WORK/sbom.manifest.json") application/vnd.example.sbom sbom" "sbom referrer descriptor"
assert_eq "$(describe "$WORK/all.json" "$sig_digest")" "$sig_digest $(file_size "$WORK/sig.manifest.json") application/vnd.example.signature sig" "signature referrer descriptor"
assert_eq "$(jq -r '[.manifests[].mediaType] | unique | join(",")' "$WORK/all.json")" "application/vnd.oci.image.manifest.v1+json" "referrer mediaType"

get_referrers "?artifactType=application/vnd.example.sbom" "$WORK/sbom.json"
assert_eq "$(header OCI-Filters-Applied "$WORK/sbom.json.h")" artifactType "OCI-Filters-Applied header"
assert_eq "$(jq -r '[.manifests[].digest] | join(",")' "$WORK/sbom.json")" "$sbom_digest" "filtered referrers"

# A digest nothing refers to: 200 with an empty index (the spec forbids 404 here).
subject_digest="sha256:$(printf 'nothing refers to this %s' "$RANDOM" | sha256sum | cut -d' ' -f1)"
get_referrers "" "$WORK/none.json"
assert_eq "$(jq '.manifests | length' "$WORK/none.json")" 0 "referrers of an unknown digest"
