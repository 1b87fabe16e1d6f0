#!/usr/bin/env bash
# Tear down what infra/deploy.sh created: delete the resource group (every image in it is gone), then
# purge its Key Vault, which Azure otherwise keeps soft-deleted for 7 days under its name, so that a
# redeploy with the same names works at once. (azd users: `azd down --purge`.)
#
#   infra/destroy.sh -g RESOURCE_GROUP [-y]      -y: do not ask
set -euo pipefail

group="" confirmed=""
while getopts "g:yh" option; do
  case "$option" in
    g) group="$OPTARG" ;;
    y) confirmed=1 ;;
    *) sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
[[ -n "$group" ]] || { echo "usage: infra/destroy.sh -g RESOURCE_GROUP [-y]" >&2; exit 2; }
if [[ -z "$confirmed" ]]; then
  read -r -p "Delete resource group $group and every image in it? [y/N] " answer
  [[ "$answer" == [yY]* ]] || exit 1
fi

mapfile -t vaults < <(az keyvault list --resource-group "$group" --query "[].name" --output tsv)
echo "==> deleting resource group $group"
az group delete --name "$group" --yes
for vault in "${vaults[@]}"; do
  echo "==> purging Key Vault $vault"
  # Purging needs a subscription-level right (e.g. Contributor); without it the name frees up in 7 days.
  az keyvault purge --name "$vault" || echo "destroy.sh: could not purge $vault; it is deleted and purged automatically after 7 days" >&2
done
