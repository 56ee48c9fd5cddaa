#!/usr/bin/env bash
# Regenerates what EF Core cannot make at run time under NativeAOT, for both providers: the compiled models
# (CompiledModels/Sqlite, CompiledModels/Postgres) and the schema scripts the binary runs instead of EnsureCreated
# (Schema/*.sql, embedded as resources). Run it after any change to the Chinook model, then review `git diff`: with an
# unchanged model only the modelId Guid in each *ModelBuilder.cs differs (dotnet ef makes a new one every run).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet tool restore >/dev/null

# One build, then every command reuses it (--no-build): each would otherwise rebuild the project. PublishAot=false:
# with it the build's runtimeconfig turns dynamic code off even under the JIT, and dotnet ef could not build the model
# it is asked to compile.
dotnet build -c Debug -v q -nologo -p:PublishAot=false
ef() { dotnet ef "$@" --project Chinook.Aot.csproj --startup-project Chinook.Aot.csproj --configuration Debug --no-build; }

# --nativeaot: without it the model lacks the code that reads type mappings without reflection, and the binary fails
# on its first query.
ef dbcontext optimize --nativeaot --context Chinook.ChinookContext \
  --output-dir CompiledModels/Sqlite --namespace Chinook.Aot.CompiledModels.Sqlite
ef dbcontext optimize --nativeaot --context Chinook.Aot.PostgresChinookContext \
  --output-dir CompiledModels/Postgres --namespace Chinook.Aot.CompiledModels.Postgres

ef dbcontext script --context Chinook.ChinookContext --output Schema/sqlite.sql
ef dbcontext script --context Chinook.Aot.PostgresChinookContext --output Schema/postgres.sql
