#!/usr/bin/env bash
# .NET SDK container publishing (`dotnet publish -t:PublishContainer`): push a base image with
# skopeo, build a console app on top of it straight into the registry, then read the result back.
# The SDK always tries a cross-repo mount first (POST ?mount=&from=, expects 201, else uses the 202
# session), uploads with PATCH, and needs HEAD/GET manifest of the base image to work.
# Credentials as SDK users give them in CI: DOTNET_CONTAINER_REGISTRY_UNAME / _PWORD, used for the base
# image pull and the push alike.
. "$(dirname "$0")/lib.sh"
need dotnet skopeo
base_repo=base/runtime
repo=dotnet/hello

make_oci_image "$WORK/base" 1 amd64
base_digest="$IMAGE_DIGEST"
run skopeo copy "${DEST_CREDS[@]}" --dest-tls-verify=false "oci:$WORK/base:1" "docker://$REGISTRY/$base_repo:1"

# A throwaway app outside the repo (so the repo's Directory.Build.props does not apply).
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No lingering MSBuild/compiler server processes: they would outlive the script and keep its
# output pipe (and so the calling test) open.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
mkdir -p "$WORK/app"
run dotnet new console -o "$WORK/app" -n Hello
echo "Console.WriteLine(\"hello from e2e $RANDOM$RANDOM\");" >"$WORK/app/Program.cs" # fresh app layer
# Plain HTTP is allowed only for registries listed here.
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$REGISTRY"
if [[ -n "$REGISTRY_USER" ]]; then
  export DOTNET_CONTAINER_REGISTRY_UNAME="$REGISTRY_USER" DOTNET_CONTAINER_REGISTRY_PWORD="$REGISTRY_PASSWORD"
fi
run dotnet publish "$WORK/app/Hello.csproj" -c Release -r linux-x64 --self-contained false \
  --disable-build-servers -t:PublishContainer -p:EnableSdkContainerSupport=true \
  -p:ContainerBaseImage="$REGISTRY/$base_repo:1" -p:ContainerRegistry="$REGISTRY" \
  -p:ContainerRepository="$repo" -p:ContainerImageTag=1 -p:ContainerRuntimeIdentifier=linux-x64 |
  tee "$WORK/publish.log"

pushed="$(verify_registry "$repo" 1)"
run skopeo copy "${SRC_CREDS[@]}" --src-tls-verify=false "docker://$REGISTRY/$repo:1" "oci:$WORK/back:1"
assert_eq "$(oci_digest "$WORK/back" 1)" "$pushed" "manifest digest after copy back"
verify_layout "$WORK/back" 1 >/dev/null

# The app image = the base layers (same digests, reused, not re-uploaded) + one app layer.
man="$WORK/back/blobs/sha256/${pushed#sha256:}"
base_man="$WORK/base/blobs/sha256/${base_digest#sha256:}"
base_layers="$(jq -r '.layers[].digest' "$base_man" | tr '\n' ' ')"
assert_eq "$(jq -r '.layers[].digest' "$man" | head -n "$(jq '.layers | length' "$base_man")" | tr '\n' ' ')" "$base_layers" "base layers at the bottom of the app image"
assert_eq "$(jq '.layers | length' "$man")" "$(($(jq '.layers | length' "$base_man") + 1))" "layer count (base + app)"
# The SDK logs "Finished uploading layer '<digest>'" only for layers it sent (a mount answered 201
# ends without it). On an open registry its mounts succeed: the base layers must not be re-sent.
# With auth it cannot mount across repositories: it asks the realm for one scope per token request
# and shares one token between its parallel uploads, so it never holds pull on base/runtime and push
# on dotnet/hello at once; the registry then falls back to a normal upload (as the spec allows).
grep -q "Finished uploading layer '$(jq -r '.layers[-1].digest' "$man")'" "$WORK/publish.log" ||
  fail "no 'Finished uploading layer' line for the app layer: did the SDK change its messages?"
if [[ -z "${REGISTRY_USER:-}" ]]; then
  for d in $base_layers; do
    ! grep -q "Finished uploading layer '$d'" "$WORK/publish.log" || fail "base layer $d was uploaded again instead of mounted from $base_repo"
  done
  log "ok: base layers mounted from $base_repo, only the app layer uploaded"
else
  log "ok: with auth the SDK re-uploads base layers (one scope per token: no cross-repository mount)"
fi
cfg="$WORK/back/blobs/sha256/$(jq -r '.config.digest' "$man" | cut -d: -f2)"
base_cfg="$WORK/base/blobs/sha256/$(jq -r '.config.digest' "$base_man" | cut -d: -f2)"
assert_eq "$(jq -c '.rootfs.diff_ids[:2]' "$cfg")" "$(jq -c '.rootfs.diff_ids' "$base_cfg")" "base diff_ids in the app config"
assert_eq "$(jq -r '.os + "/" + .architecture' "$cfg")" linux/amd64 "app image platform"
jq -e '.config.Entrypoint | tostring | test("Hello")' "$cfg" >/dev/null || fail "entrypoint does not start the app: $(jq -c .config "$cfg")"
log "ok: entrypoint $(jq -c .config.Entrypoint "$cfg")"
# The app's files are in the top layer.
mkdir -p "$WORK/x"
tar -xzf "$WORK/back/blobs/sha256/$(jq -r '.layers[-1].digest' "$man" | cut -d: -f2)" -C "$WORK/x"
find "$WORK/x" -name Hello.dll | grep -q . || fail "Hello.dll not in the app layer"
log "ok: Hello.dll is in the app layer"
