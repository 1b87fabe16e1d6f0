#!/usr/bin/env bash
# Start the registry locally: Azurite (data under .azurite/, gitignored) + the plain ASP.NET Core host
# that serves the same endpoint code as the Azure Functions app (Core Tools can't run everywhere).
# The registry then answers on http://127.0.0.1:5000/v2/ . Ctrl-C stops the registry; Azurite keeps
# running for the next start (stop it with: scripts/azurite.sh stop .azurite).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/azurite.sh start "$root/.azurite"
export AzureWebJobsStorage="UseDevelopmentStorage=true"
exec dotnet run --project functions/Registry.WebHost -c Release -- --urls http://127.0.0.1:5000
