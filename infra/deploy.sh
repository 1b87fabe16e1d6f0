#!/usr/bin/env bash
# Deploy the registry to Azure without azd: resource group, Bicep deployment (infra/main.bicep),
# dotnet publish, zip deploy. Run it again to update; it reuses the administrator password it stored.
#
#   infra/deploy.sh -g RESOURCE_GROUP [-l LOCATION] [-n ENVIRONMENT_NAME] [-a APP_NAME]
#
#   -g  resource group, created when missing
#   -l  region of a new group, one that offers Flex Consumption (az functionapp
#       list-flexconsumption-locations); default: $AZURE_LOCATION, else eastus2. An existing group
#       keeps its region.
#   -n  environment name that seeds the unique resource names; default: the resource group's name
#   -a  function app name: the login server is <APP_NAME>.azurewebsites.net; default: registry-<unique>
#
# Needs: az (signed in: az login), the .NET 10 SDK, zip. Undo with infra/destroy.sh -g RESOURCE_GROUP.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
group="" location="${AZURE_LOCATION:-eastus2}" env_name="" app_name=""
while getopts "g:l:n:a:h" option; do
  case "$option" in
    g) group="$OPTARG" ;;
    l) location="$OPTARG" ;;
    n) env_name="$OPTARG" ;;
    a) app_name="$OPTARG" ;;
    *) usage ;;
  esac
done
[[ -n "$group" ]] || usage
env_name="${env_name:-$group}"
for tool in az dotnet zip; do
  command -v "$tool" >/dev/null || { echo "deploy.sh: $tool is required" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
secret_name="registry-admin-password"

if [[ "$(az group exists --name "$group")" == "true" ]]; then
  location="$(az group show --name "$group" --query location --output tsv)"
else
  az group create --name "$group" --location "$location" --output none
fi
echo "==> resource group $group ($location)"

# Whoever deploys may read the admin password and manage credentials (roles.bicep).
principal_id="" principal_type="User"
if [[ "$(az account show --query user.type --output tsv)" == "servicePrincipal" ]]; then
  principal_type="ServicePrincipal"
  principal_id="$(az ad sp show --id "$(az account show --query user.name --output tsv)" --query id --output tsv 2>/dev/null || true)"
else
  principal_id="$(az ad signed-in-user show --query id --output tsv 2>/dev/null || true)"
fi

# Reuse the administrator password of an earlier deployment, else generate one. It travels to the
# deployment in a parameters file only this user can read, never on a command line.
vault="$(az keyvault list --resource-group "$group" --query "[?tags.\"azd-env-name\"=='$env_name'].name | [0]" --output tsv 2>/dev/null || true)"
password=""
if [[ -n "$vault" ]]; then
  password="$(az keyvault secret show --vault-name "$vault" --name "$secret_name" --query value --output tsv 2>/dev/null || true)"
fi
if [[ -z "$password" ]]; then
  password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
fi
escaped="${password//\\/\\\\}"
escaped="${escaped//\"/\\\"}"
(umask 077 && printf '{"parameters":{"adminPassword":{"value":"%s"}}}\n' "$escaped" >"$work/secrets.json")
unset password escaped

echo "==> infrastructure (infra/main.bicep)"
az deployment group create --resource-group "$group" --name registry \
  --template-file "$root/infra/main.bicep" \
  --parameters @"$work/secrets.json" \
  --parameters environmentName="$env_name" location="$location" appName="$app_name" \
    principalId="$principal_id" principalType="$principal_type" \
  --output none
rm -f "$work/secrets.json"
output() { az deployment group show --resource-group "$group" --name registry --query "properties.outputs.$1.value" --output tsv; }
app="$(output AZURE_FUNCTION_APP_NAME)"
login_server="$(output REGISTRY_LOGIN_SERVER)"
admin_user="$(output REGISTRY_ADMIN_USER)"
vault="$(output AZURE_KEY_VAULT_NAME)"

echo "==> dotnet publish functions/Registry.Functions"
dotnet publish "$root/functions/Registry.Functions" --configuration Release --output "$work/app" --nologo
(cd "$work/app" && zip --quiet --recurse-paths "$work/app.zip" .)

# Freshly granted roles can take a few minutes to reach the deployment container: retry.
echo "==> zip deploy to $app"
for attempt in 1 2 3 4 5; do
  if az functionapp deployment source config-zip --resource-group "$group" --name "$app" --src "$work/app.zip" --output none; then
    break
  fi
  ((attempt < 5)) || { echo "deploy.sh: zip deploy failed" >&2; exit 1; }
  echo "deploy.sh: zip deploy failed (attempt $attempt), retrying in 30 s" >&2
  sleep 30
done

cat <<EOF

Registry: https://$login_server   (token realm https://$login_server/token)
  docker login $login_server -u $admin_user
  password: az keyvault secret show --vault-name $vault --name $secret_name --query value --output tsv
  tear down: infra/destroy.sh -g $group
EOF
