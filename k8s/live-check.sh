#!/usr/bin/env bash
# Proves the Grafana dashboards' Prometheus queries real against the running system:
#   1. starts the local stack (`gengap local`: embedded PostgreSQL + the three services from
#      their jars) on generated CIFAR-format data,
#   2. starts a real Prometheus (Debian's `prometheus`, installed with apt-get when missing)
#      scraping the services' admin ports 9091-9093 every second,
#   3. trains one short run through to its evaluation with the CLI,
#   4. runs `k8s/check.sh --live`: every dashboard query must return data,
# and stops everything it started. Takes about 3 minutes once the jars are built (built here when
# missing). Needs ports 50051-50053, 9091-9093, 9090 and 55433 free.
#
# usage: k8s/live-check.sh        (GENGAP_LIVE_KEEP=1 keeps the temporary directory)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

prometheus_port=9090
lookback=600

if ! command -v prometheus >/dev/null; then
  sudo_cmd=()
  [[ "$(id -u)" -eq 0 ]] || sudo_cmd=(sudo)
  echo "live-check: installing prometheus"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends prometheus
fi

missing=()
for module in dataset-service trainer-service evaluator-service; do
  [[ -f "$module/target/$module.jar" ]] || missing+=("$module")
done
[[ -f cli/target/gengap.jar ]] || missing+=(cli)
if ((${#missing[@]})); then
  echo "live-check: building ${missing[*]}"
  ./mvnw -B -q -pl "$(IFS=,; echo "${missing[*]}")" -am package -DskipTests
fi

work="$(mktemp -d /tmp/gengap-live-check.XXXXXX)"
local_pid=""
prometheus_pid=""
cleanup() {
  local status=$?
  if [[ -n "$prometheus_pid" ]]; then kill "$prometheus_pid" 2>/dev/null || true; wait "$prometheus_pid" 2>/dev/null || true; fi
  if [[ -n "$local_pid" ]]; then
    kill "$local_pid" 2>/dev/null || true   # SIGTERM: gengap local stops its services and database
    wait "$local_pid" 2>/dev/null || true
  fi
  if [[ $status -ne 0 ]]; then
    echo "live-check: FAILED; gengap local said:" >&2
    cat "$work/local.out" >&2 || true
    for log in "$work"/state/logs/*.log; do
      [[ -f "$log" ]] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }
    done
  fi
  if [[ "${GENGAP_LIVE_KEEP:-}" == 1 ]]; then echo "live-check: kept $work"; else rm -rf "$work"; fi
  exit $status
}
trap cleanup EXIT

echo "== generating CIFAR-format data in $work/cifar"
# Class c is a bright band of two rows over noise: learnable, and it survives whitening.
python3 - "$work/cifar" <<'PY'
import os, random, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(7)
noise = [bytes(rng.randrange(40, 100) for _ in range(3072)) for _ in range(64)]
def image(label, n):
    rows = bytearray(noise[n % 64])
    for channel in range(3):
        for row in (4 + 2 * label, 5 + 2 * label):
            start = channel * 1024 + row * 32
            rows[start:start + 32] = bytes(b + 120 for b in rows[start:start + 32])
    return bytes(rows)
for name in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
    with open(os.path.join(out, name), "wb") as f:
        for n in range(10000):
            label = rng.randrange(10)
            f.write(bytes([label]) + image(label, rng.randrange(10**6)))
with open(os.path.join(out, "batches.meta.txt"), "w") as f:
    f.write("\n".join(f"class{c}" for c in range(10)) + "\n")
PY

echo "== starting the local stack"
# The stack's token (it authenticates every call) stays in the work directory: gengap local writes
# it there on start and every gengap command below reads it.
export GENGAP_TOKEN_FILE="$work/token"
GENGAP_HOME="$root" java -jar cli/target/gengap.jar local --ephemeral --state-dir "$work/state" \
  --data-dir "$work/cifar" --db-port 55433 >"$work/local.out" 2>&1 &
local_pid=$!
for _ in $(seq 1 240); do
  grep -q "^ready in" "$work/local.out" && break
  kill -0 "$local_pid" 2>/dev/null || { echo "live-check: gengap local exited" >&2; exit 1; }
  sleep 1
done
grep -q "^ready in" "$work/local.out" || { echo "live-check: the stack did not start within 4 minutes" >&2; exit 1; }
cat "$work/local.out"

echo "== starting Prometheus on :$prometheus_port"
cat >"$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
# One job per service and a namespace label, as the ServiceMonitor gives them in a cluster: the
# boards' queries match both.
scrape_configs:
  - job_name: dataset
    static_configs:
      - targets: ["127.0.0.1:9091"]
        labels: {namespace: gengap-local, pod: dataset-local}
  - job_name: trainer
    static_configs:
      - targets: ["127.0.0.1:9092"]
        labels: {namespace: gengap-local, pod: trainer-local}
  - job_name: evaluator
    static_configs:
      - targets: ["127.0.0.1:9093"]
        labels: {namespace: gengap-local, pod: evaluator-local}
YML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$prometheus_port/-/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$prometheus_port/-/ready" >/dev/null || { cat "$work/prometheus.log" >&2; exit 1; }

echo "== training one run through to its evaluation"
gengap=(java -jar cli/target/gengap.jar)
# Random labels on 10,000 images: long enough (about 10 epochs of a few seconds) for Prometheus
# to scrape the per-run gauges while the run trains.
run_id=$("${gengap[@]}" submit --model MLP_1X512 --corruption RANDOM_LABELS --train-subset 10000 \
  --max-epochs 10 --checkpoint-every 5 --label live-check | head -n 1)
"${gengap[@]}" watch "$run_id" --lines --timeout 5
for _ in $(seq 1 120); do
  "${gengap[@]}" report "$run_id" --output json | grep -q '"has_evaluation":true' && break
  sleep 1
done
"${gengap[@]}" report "$run_id"
sleep 5   # two more scrapes after the evaluation

echo "== every dashboard query against Prometheus"
k8s/check.sh --live "http://127.0.0.1:$prometheus_port" "$lookback"
echo "live-check: passed"
