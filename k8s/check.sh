#!/usr/bin/env bash
# Checks k8s/ without a cluster, on a fresh Debian machine (installs what it needs):
#   - promtool check rules on k8s/observability/rules.yml, and its unit tests
#     (promtool test rules k8s/observability/rules-test.yml)
#   - the k8s-check module: renders every overlay (and the overlays with each optional
#     component) with `kubectl kustomize`, parses every object strictly with fabric8's
#     Kubernetes models (an unknown field fails), checks that images, ports, probes, selectors
#     and Service targetPorts agree across objects, validates the Grafana dashboards, and runs
#     every dashboard query against a real Prometheus scraping a local test exporter.
#
# usage: k8s/check.sh                       the checks above
#        k8s/check.sh --live PROMETHEUS_URL [LOOKBACK_SECONDS]
#                                           every dashboard query against a live Prometheus that
#                                           scrapes the running services; fails on any query
#                                           without data in the lookback window (default 1800 s)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--live" ]]; then
  [[ $# -ge 2 ]] || { echo "usage: k8s/check.sh --live PROMETHEUS_URL [LOOKBACK_SECONDS]" >&2; exit 2; }
  ./mvnw -B -q -pl k8s-check -DskipTests package
  exec ./mvnw -B -q -pl k8s-check exec:java \
    -Dexec.mainClass=dev.gengap.k8scheck.LiveQueryCheck \
    -Dexec.args="$2 ${3:-1800} k8s/observability/dashboards"
fi

sudo_cmd=()
[[ "$(id -u)" -eq 0 ]] || sudo_cmd=(sudo)
packages=()
# kubectl: Debian's package is kubernetes-client. Its kubectl 1.20 embeds kustomize v2, which
# predates kustomize components; a kubectl >= 1.21 already on the machine is used instead.
command -v kubectl >/dev/null || packages+=(kubernetes-client)
# promtool and prometheus: Debian's prometheus package
{ command -v promtool >/dev/null && command -v prometheus >/dev/null; } || packages+=(prometheus)
if ((${#packages[@]})); then
  echo "installing ${packages[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

kustomize_major=$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')
if [[ -z "$kustomize_major" || "$kustomize_major" -lt 4 ]]; then
  echo "k8s/check.sh: $(command -v kubectl) embeds kustomize ${kustomize_major:-older than v3}, which cannot render" >&2
  echo "kustomize components; install kubectl >= 1.21 (kustomize v4+) and put it first on PATH." >&2
  exit 1
fi
echo "kubectl: $(kubectl version --client 2>/dev/null | tr '\n' ' ')"

echo "== promtool check rules, promtool test rules"
promtool check rules k8s/observability/rules.yml
promtool test rules k8s/observability/rules-test.yml

echo "== render"
for overlay in k8s/overlays/*/; do
  printf '%s: %s objects\n' "$overlay" "$(kubectl kustomize "$overlay" | grep -c '^kind:')"
done

echo "== k8s-check (strict parse, cross-checks, dashboards, queries against a real Prometheus)"
./mvnw -B -pl k8s-check verify \
  -Dgengap.kubectl="$(command -v kubectl)" \
  -Dgengap.prometheus="$(command -v prometheus)" \
  -Dgengap.requirePrometheus=true
