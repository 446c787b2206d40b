#!/usr/bin/env bash
# Makes the admin dashboard screenshots in docs/images/ from the browser tests that drive the dashboard against real
# deliveries (DashboardPageTests: a receiver that succeeds, retries, fails and goes down, on a fake clock), and of
# the Connect → Forge migration view (ForgeMigrationPageTests). Needs /usr/bin/chromium (or DYNMOD_CHROMIUM_PATH).
# The images are for reading the docs; no test compares them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="$(pwd)/docs/images"
mkdir -p "$out"
dotnet build tests/DynamicModules.Browser.Tests -v quiet -nologo
DYNMOD_BROWSER_SCREENSHOTS="$out" DYNMOD_REQUIRE_BROWSER=1 \
  dotnet test tests/DynamicModules.Browser.Tests --no-build --filter "FullyQualifiedName~DashboardPageTests|FullyQualifiedName~ForgeMigrationPageTests"
ls -1 "$out"
