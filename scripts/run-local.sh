#!/usr/bin/env bash
# Start the registry locally: Azurite (data under .azurite/, gitignored) + the plain ASP.NET Core host
# that serves the same endpoint code as the Azure Functions app (Core Tools can't run everywhere).
# The registry then answers on http://127.0.0.1:5000/v2/ with authentication on: the administrator is
# `admin` with a password generated on first run and kept in .azurite/admin-password (printed below).
# Ctrl-C stops the registry; Azurite keeps running for the next start (stop it with:
# scripts/azurite.sh stop .azurite).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/azurite.sh start "$root/.azurite"
export AzureWebJobsStorage="UseDevelopmentStorage=true"

password_file="$root/.azurite/admin-password"
if [[ ! -s "$password_file" ]]; then
  (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
fi
export Registry__Auth__AdminUser="${Registry__Auth__AdminUser:-admin}"
export Registry__Auth__AdminPassword="${Registry__Auth__AdminPassword:-$(cat "$password_file")}"
cat <<MSG
Registry on http://127.0.0.1:5000 (authentication on)
  administrator: $Registry__Auth__AdminUser
  password:      $Registry__Auth__AdminPassword   (kept in .azurite/admin-password)
  docker login 127.0.0.1:5000 -u $Registry__Auth__AdminUser
MSG
exec dotnet run --project functions/Registry.WebHost -c Release -- --urls http://127.0.0.1:5000
