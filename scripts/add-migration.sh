#!/usr/bin/env bash
# Adds one migration, with the same name, to both providers' migration sets so they never drift.
# Usage: scripts/add-migration.sh <MigrationName>
# Migrations are append-only once released: never remove or regenerate a released one.
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project src/Blauwdruk.Engine \
    --startup-project src/Blauwdruk.Api \
    --context "${provider}BlauwdrukDbContext" \
    --output-dir "Storage/Migrations/${provider}"
done
