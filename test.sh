#!/usr/bin/env bash
# Blauwdruk's one test command. On a fresh Debian machine (as root) it installs what is missing
# (PostgreSQL server, Chromium, npm for axe-core), starts a throwaway PostgreSQL cluster on 127.0.0.1 in a temporary
# folder, builds with warnings as errors, runs every test project, stops the cluster, and prints one
# line of totals: "N passed, N failed, N skipped". Exit code 0 only when everything passed.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

# --- what the tests need -----------------------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
missing=()
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
chromium=${BLAUWDRUK_TEST_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    fail "missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
  fi
fi
PG_BIN=$(pg_bin)
[ -x "$PG_BIN/initdb" ] || fail "PostgreSQL server binaries not found after install"
[ -x "$chromium" ] || fail "Chromium not found at $chromium after install"
export BLAUWDRUK_TEST_CHROMIUM=$chromium

# --- a throwaway PostgreSQL cluster ---------------------------------------------------------------
work=$(mktemp -d /tmp/blauwdruk-test.XXXXXX)
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$work"
port=${BLAUWDRUK_TEST_PG_PORT:-55432}
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
cleanup() {
  as_pg "$PG_BIN/pg_ctl -D $work/data -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
as_pg "$PG_BIN/initdb -D $work/data -U postgres --auth=trust -E UTF8 >/dev/null"
as_pg "$PG_BIN/pg_ctl -D $work/data -l $work/pg.log -o '-k $work -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' -w start >/dev/null" \
  || { cat "$work/pg.log" >&2; fail "PostgreSQL did not start"; }
# max_connections leaves room for the three-host test (3 × 30) beside the other test classes running in parallel.
export BLAUWDRUK_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Include Error Detail=true"

# --- axe-core (npm) for the accessibility checks of the browser tests --------------------------------
say "axe-core"
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$work/npm" axe-core@4.14.1 >/dev/null \
  || fail "could not install axe-core from npm"
export BLAUWDRUK_TEST_AXE="$work/npm/node_modules/axe-core/axe.min.js"
[ -f "$BLAUWDRUK_TEST_AXE" ] || fail "axe-core installed without axe.min.js"

# --- build once, then every test project ----------------------------------------------------------
say "build"
if ! dotnet build Blauwdruk.slnx -c Release -warnaserror -nologo -clp:ErrorsOnly; then
  echo "test.sh: the build failed; no test ran" >&2
  echo "0 passed, 0 failed, 0 skipped"
  exit 1
fi

# Results (TRX files, browser screenshots) stay in ./TestResults for a look after the run.
results="$PWD/TestResults"
rm -rf "$results"
export BLAUWDRUK_TEST_RESULTS=$results
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  say "$name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "console;verbosity=minimal" --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" || status=1
done

# --- one line of totals over every project -------------------------------------------------------
passed=0 failed=0 skipped=0 files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  value() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done
expected=$(ls tests/*/*.csproj | wc -l)
if [ "$files" -ne "$expected" ]; then
  echo "test.sh: $files of $expected test projects reported results" >&2
  status=1
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] || status=1
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
