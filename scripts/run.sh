#!/usr/bin/env bash
# Builds Tenancy, fetches the stock Keycloak distribution from Maven Central, installs the jars and
# starts Keycloak in dev mode (embedded H2) with a demo realm whose organization has SCIM enabled.
# Ctrl-C (or SIGTERM) stops it; running it again reuses the same data and the same SCIM secret, and rebuilds
# only when a source file changed.
#
# Environment:
#   TENANCY_PORT     HTTP port (default 8080; the management interface uses TENANCY_PORT + 1000)
#   TENANCY_REBUILD  1 to rebuild even when nothing changed
#   KC_JAVA_HOME     the JDK (21 or newer) to run Keycloak on; else JAVA_HOME, else one found in /usr/lib/jvm
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${TENANCY_PORT:-8080}

KC_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -1)
DEV="$ROOT/.dev"
KC_HOME="$DEV/keycloak-$KC_VERSION"

command -v mvn >/dev/null || { echo "Maven (mvn) is required" >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js 20.19 or newer (node, npm) is required" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }

# Keycloak 26.7 runs on JDK 21 or newer (our code is compiled for 17): find one before building.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p'; }
KC_JAVA=""
for candidate in "${KC_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
  if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
    KC_JAVA="$candidate"; break
  fi
done
if [ -z "$KC_JAVA" ]; then
  echo "ERROR: no JDK 21 or newer found to run Keycloak $KC_VERSION (looked at \$KC_JAVA_HOME, \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "       Install one (for example Temurin 21 or 25) and set KC_JAVA_HOME=/path/to/jdk." >&2
  exit 1
fi

if curl -fs -o /dev/null "http://localhost:$PORT/realms/master" 2>/dev/null; then
  echo "ERROR: something already answers on http://localhost:$PORT (a previous ./scripts/run.sh still running?)." >&2
  echo "       Stop it, or choose another port: TENANCY_PORT=9090 ./scripts/run.sh" >&2
  exit 1
fi

# Rebuild only when a source file is newer than the last build (or a jar is missing).
STAMP="$DEV/build.stamp"
JARS_PRESENT=true
for m in orgs-provider scim-server provisioning-events themes; do
  ls "$ROOT/$m"/target/tenancy-*.jar >/dev/null 2>&1 || JARS_PRESENT=false
done
CHANGED=""
if [ -f "$STAMP" ] && $JARS_PRESENT && [ "${TENANCY_REBUILD:-0}" != 1 ]; then
  CHANGED=$(find pom.xml orgs-provider scim-server provisioning-events admin-ui-ext account-ui-ext themes \
    \( -name target -o -name node_modules \) -prune -o -type f -newer "$STAMP" -print -quit)
fi
if [ -f "$STAMP" ] && $JARS_PRESENT && [ "${TENANCY_REBUILD:-0}" != 1 ] && [ -z "$CHANGED" ]; then
  echo "==> Nothing changed since the last build: using the jars in */target (TENANCY_REBUILD=1 forces a build)"
else
  echo "==> Building Tenancy"
  mkdir -p "$DEV"
  touch "$STAMP.new"
  # package, not install: nothing of this build goes into ~/.m2.
  mvn -B -q -DskipTests package -pl '!it-tests'
  mv "$STAMP.new" "$STAMP"
fi

if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  echo "==> Fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION from Maven Central"
  mkdir -p "$DEV"
  mvn -B -q dependency:unpack -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$DEV"
fi

echo "==> Installing the jars into $KC_HOME/providers"
rm -f "$KC_HOME"/providers/tenancy-*.jar
for jar in "$ROOT"/*/target/tenancy-*.jar; do
  case "$jar" in
    */it-tests/*|*-sources.jar|*-tests.jar|*/original-*) continue ;;
  esac
  cp "$jar" "$KC_HOME/providers/"
  echo "    $(basename "$jar")"
done

export JAVA_HOME="$KC_JAVA"
echo "==> Running Keycloak on $KC_JAVA"

export KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin
echo "==> Starting Keycloak $KC_VERSION in dev mode on http://localhost:$PORT (log: $DEV/keycloak.log)"
"$KC_HOME/bin/kc.sh" start-dev --http-port="$PORT" --http-management-port=$((PORT + 1000)) >"$DEV/keycloak.log" 2>&1 &
KC_PID=$!
stop() { echo; echo "==> Stopping Keycloak"; kill "$KC_PID" 2>/dev/null || true; wait "$KC_PID" 2>/dev/null || true; exit 0; }
trap stop INT TERM

for _ in $(seq 1 300); do
  if ! kill -0 "$KC_PID" 2>/dev/null; then echo "Keycloak exited; see $DEV/keycloak.log" >&2; tail -30 "$DEV/keycloak.log" >&2; exit 1; fi
  if curl -fs -o /dev/null "http://localhost:$PORT/realms/master" 2>/dev/null; then break; fi
  sleep 1
done

node "$ROOT/scripts/demo-setup.mjs" "http://localhost:$PORT" "$DEV/demo-secret"
echo "Press Ctrl-C to stop."
wait "$KC_PID"
