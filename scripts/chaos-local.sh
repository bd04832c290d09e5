#!/usr/bin/env bash
# Chaos, measured: a sweep trained by two trainers on a local stack (PostgreSQL as a non-superuser
# owner role, the three services with authentication on, plaintext on loopback) while, at random
# but seeded moments, a trainer is killed with SIGKILL, the dataset-service restarted, PostgreSQL
# restarted and the evaluator stopped with SIGTERM. Then the same specs run again undisturbed, and
# the script checks and prints:
#   runs submitted / succeeded / failed, duplicate runs (0), epochs recorded twice (0), epochs
#   retrained per kill (<= checkpoint_every), runs whose metrics differ from the undisturbed run of
#   the same spec (0: resume is bit-identical on CPU), evaluations missing (0).
# Exit code 0 when every check holds, 1 when one fails, 2 on a usage or set-up error.
#
#   scripts/chaos-local.sh --short            # CI: 4 runs x 20 epochs, one fault of each kind
#   scripts/chaos-local.sh --runs 6 --epochs 8 --faults 8 --seed 7 --data-dir DIR
#
# Needs the jars (./mvnw -B package -DskipTests), PostgreSQL's server binaries (initdb, pg_ctl;
# GENGAP_PG_BIN, default the directory of pg_ctl on PATH), psql, python3 and sha256sum. Without
# --data-dir it generates a synthetic CIFAR-format data set (class = a bright band of rows).
# Ports: --port-base P uses P .. P+8 (default 41121 .. 41129).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

runs=4 epochs=6 faults=4 seed=12 subset=1000 port_base=41121 data_dir="" keep=false
min_gap=8 max_gap=20 timeout_minutes=30
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --short) runs=4 epochs=20 faults=4 subset=500 min_gap=6 max_gap=12 ;;
    --runs) runs="$2"; shift ;;
    --epochs) epochs="$2"; shift ;;
    --faults) faults="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    --train-subset) subset="$2"; shift ;;
    --port-base) port_base="$2"; shift ;;
    --data-dir) data_dir="$2"; shift ;;
    --timeout) timeout_minutes="$2"; shift ;;
    --keep) keep=true ;;
    -h|--help) usage; exit 0 ;;
    *) echo "chaos-local: unknown argument '$1'; try --help" >&2; exit 2 ;;
  esac
  shift
done

for jar in dataset-service/target/dataset-service.jar trainer-service/target/trainer-service.jar \
           evaluator-service/target/evaluator-service.jar cli/target/gengap.jar; do
  [[ -f "$root/$jar" ]] || { echo "chaos-local: $jar missing: ./mvnw -B package -DskipTests" >&2; exit 2; }
done
pg_bin="${GENGAP_PG_BIN:-$(dirname "$(readlink -f "$(command -v pg_ctl || echo /usr/lib/postgresql/15/bin/pg_ctl)")")}"
[[ -x "$pg_bin/initdb" ]] || { echo "chaos-local: no initdb in $pg_bin (GENGAP_PG_BIN)" >&2; exit 2; }
for tool in psql python3 sha256sum; do
  command -v "$tool" >/dev/null || { echo "chaos-local: $tool is needed" >&2; exit 2; }
done

dataset_port=$port_base dataset_admin=$((port_base + 1))
trainer_ports=($((port_base + 2)) $((port_base + 4))) trainer_admins=($((port_base + 3)) $((port_base + 5)))
evaluator_port=$((port_base + 6)) evaluator_admin=$((port_base + 7)) pg_port=$((port_base + 8))

state="$(mktemp -d /tmp/gengap-chaos.XXXXXX)"
chmod 755 "$state"
logs="$state/logs"; mkdir -p "$logs"
declare -A pids=()
started_at=$(date +%s)
say() { printf '[chaos %4ss] %s\n' "$(( $(date +%s) - started_at ))" "$*"; }

# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
as_pg() { if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_ctl() { as_pg "$pg_bin/pg_ctl" -D "$state/pg" -l "$logs/postgres.log" "$@"; }
sql() { PGPASSWORD="$owner_password" psql -qAtX -h 127.0.0.1 -p "$pg_port" -U gengap_owner -d gengap -v ON_ERROR_STOP=1 -c "$1"; }

cleanup() {
  for name in "${!pids[@]}"; do kill -TERM "${pids[$name]}" 2>/dev/null || true; done
  for name in "${!pids[@]}"; do wait "${pids[$name]}" 2>/dev/null || true; done
  pg_ctl stop -m fast >/dev/null 2>&1 || true
  if [[ "$keep" == true ]]; then echo "chaos-local: state kept in $state"; else rm -rf "$state"; fi
}
trap cleanup EXIT

# --- data ---------------------------------------------------------------------------------------
if [[ -z "$data_dir" ]]; then
  data_dir="$state/cifar"
  python3 - "$data_dir" "$seed" <<'PY'
import os, random, sys
out, seed = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = random.Random(seed)
dim = bytes(p // 4 for p in range(256))  # faint noise: the band of rows stands out
def record(label):
    pixels = bytearray(rng.randbytes(3072).translate(dim))
    for channel in range(3):
        start = channel * 1024 + 3 * label * 32
        pixels[start:start + 96] = b"\xff" * 96
    return bytes([label]) + bytes(pixels)
for name in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
    with open(os.path.join(out, name), "wb") as f:
        f.write(b"".join(record(i % 10) for i in range(10000)))
with open(os.path.join(out, "batches.meta.txt"), "w") as f:
    f.write("\n".join(f"class{i}" for i in range(10)) + "\n")
PY
fi

# --- PostgreSQL: a superuser to set up, an owner role for the services, a reader for Grafana -----
owner_password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
mkdir -p "$state/pg" "$state/run"
((EUID == 0)) && chown postgres "$state/pg" "$state/run" "$logs"
as_pg "$pg_bin/initdb" -D "$state/pg" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
pg_options="-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$state/run -c fsync=on -c synchronous_commit=on"
pg_ctl -o "$pg_options" -w start >/dev/null
as_pg psql -qAtX -h "$state/run" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL
CREATE ROLE gengap_owner LOGIN PASSWORD '$owner_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE gengap_reader NOLOGIN;
CREATE DATABASE gengap OWNER gengap_owner;
SQL

# --- identities: one token per principal, the services get only the hashes ------------------------
new_token() { echo "gengap_$(head -c 32 /dev/urandom | base64 | tr '/+' '_-' | tr -d '=')"; }
hash() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
user_token=$(new_token) trainer_token=$(new_token) evaluator_token=$(new_token)
(umask 077
 echo "$user_token" > "$state/user.token"
 echo "$trainer_token" > "$state/trainer.token"
 echo "$evaluator_token" > "$state/evaluator.token"
 printf 'chaos submitter %s\ntrainer viewer %s\nevaluator viewer %s\n' \
   "$(hash "$user_token")" "$(hash "$trainer_token")" "$(hash "$evaluator_token")" > "$state/identities")

# --- services -----------------------------------------------------------------------------------
common=(--listen 127.0.0.1 --plaintext --identities "$state/identities")
store=(--jdbc-url "jdbc:postgresql://127.0.0.1:$pg_port/gengap" --db-user gengap_owner --db-sslmode disable)
launch() { # name, jar, args...
  local name="$1" jar="$2"; shift 2
  GENGAP_DB_PASSWORD="$owner_password" OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 \
    GENGAP_LOG_FORMAT=text DJL_OFFLINE=true OPT_OUT_TRACKING=true \
    java -Xmx768m -Dai.djl.offline=true -jar "$root/$jar" "$@" >>"$logs/$name.log" 2>&1 &
  pids[$name]=$!
}
start_dataset() {
  launch dataset dataset-service/target/dataset-service.jar --grpc-port "$dataset_port" \
    --admin-port "$dataset_admin" --data-dir "$data_dir" --no-download "${common[@]}"
}
start_trainer() { # k = 1 | 2
  local k=$1
  launch "trainer-$k" trainer-service/target/trainer-service.jar --grpc-port "${trainer_ports[k-1]}" \
    --admin-port "${trainer_admins[k-1]}" --dataset-target "127.0.0.1:$dataset_port" "${store[@]}" \
    --engine mxnet --device cpu --worker-id "chaos-trainer-$k" --lease-seconds 6 --poll-seconds 1 \
    --token-file "$state/trainer.token" "${common[@]}"
}
start_evaluator() {
  launch evaluator evaluator-service/target/evaluator-service.jar --grpc-port "$evaluator_port" \
    --admin-port "$evaluator_admin" --dataset-target "127.0.0.1:$dataset_port" "${store[@]}" \
    --engine mxnet --poll-seconds 1 --evaluator-id chaos-evaluator \
    --token-file "$state/evaluator.token" "${common[@]}"
}
await_serving() { # name, admin port
  local deadline=$(( $(date +%s) + 300 ))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/readyz" || true)" == 200 ]]; do
    if ! kill -0 "${pids[$1]}" 2>/dev/null; then
      echo "chaos-local: $1 exited; last lines of its log:" >&2; tail -n 20 "$logs/$1.log" >&2; exit 2
    fi
    (( $(date +%s) < deadline )) || { echo "chaos-local: $1 not ready in 300 s" >&2; exit 2; }
    sleep 1
  done
}
stop() { # name, signal
  kill "-$2" "${pids[$1]}" 2>/dev/null || true
  wait "${pids[$1]}" 2>/dev/null || true
}

say "state $state, data $data_dir, ports $port_base..$pg_port, seed $seed, load: $(cut -d' ' -f1-3 /proc/loadavg)"
start_dataset; await_serving dataset "$dataset_admin"
start_trainer 1; start_trainer 2; start_evaluator
await_serving trainer-1 "${trainer_admins[0]}"; await_serving trainer-2 "${trainer_admins[1]}"
await_serving evaluator "$evaluator_admin"
say "stack serving"

# --- the sweep ----------------------------------------------------------------------------------
probabilities=$(python3 -c "print(', '.join(str(round(i / max(1, $runs - 1), 3)) for i in range($runs)))")
write_sweep() { # name -> file
  cat > "$state/$1.yaml" <<YAML
name: $1
base:
  data: {seed: $seed, corruption: PARTIAL_LABELS, train_subset: $subset}
  model: {kind: MLP_1X512}
  recipe: {max_epochs: $epochs, checkpoint_every: 1, stop_at_train_accuracy: 1.0}
  engine: MXNET
  device: CPU
axes:
  data.corruption_probability: [$probabilities]
YAML
  echo "$state/$1.yaml"
}
gengap() { java -jar "$root/cli/target/gengap.jar" "$@" --trainer "127.0.0.1:${trainer_ports[0]}" \
  --token-file "$state/user.token"; }
submit_sweep() { # name
  local file; file=$(write_sweep "$1")
  # Retried with the same request id until accepted: a retry must never make a second sweep.
  for attempt in 1 2 3 4 5 6; do
    gengap sweep "$file" --request-id "chaos-$1-$seed" >>"$logs/cli.log" 2>&1 && return 0
    sleep 3
  done
  echo "chaos-local: sweep $1 not accepted; see $logs/cli.log" >&2; exit 2
}
sweep_state() { # name -> "ended total"
  sql "SELECT count(*) FILTER (WHERE r.status IN ('SUCCEEDED','FAILED','CANCELLED')), count(*)
         FROM runs r JOIN sweeps s ON s.id = r.sweep_id WHERE s.name = '$1'" 2>/dev/null | tr '|' ' '
}
evaluated() { # name -> succeeded runs without evaluation
  sql "SELECT count(*) FROM runs r JOIN sweeps s ON s.id = r.sweep_id
        LEFT JOIN evaluations e ON e.run_id = r.id
       WHERE s.name = '$1' AND r.status = 'SUCCEEDED' AND e.run_id IS NULL" 2>/dev/null || echo "?"
}
await_sweep() { # name
  local deadline=$(( $(date +%s) + timeout_minutes * 60 ))
  while :; do
    read -r ended total <<<"$(sweep_state "$1")" || true
    if [[ -n "${total:-}" && "$total" -gt 0 && "$ended" == "$total" && "$(evaluated "$1")" == 0 ]]; then return 0; fi
    (( $(date +%s) < deadline )) || { echo "chaos-local: sweep $1 unfinished after $timeout_minutes min" >&2; return 1; }
    sleep 2
  done
}

submit_sweep chaos
say "sweep 'chaos' submitted: $runs runs x $epochs epochs (train_subset $subset, checkpoint_every 1)"

# --- faults at seeded moments, one kind after another in a seeded order ---------------------------
RANDOM=$seed
kinds=(kill-trainer restart-dataset restart-postgres sigterm-evaluator)
for ((i = ${#kinds[@]} - 1; i > 0; i--)); do j=$((RANDOM % (i + 1))); t=${kinds[i]}; kinds[i]=${kinds[j]}; kinds[j]=$t; done
kills_file="$state/kills"; : > "$kills_file"
done_faults=0
for ((f = 0; f < faults; f++)); do
  sleep $((min_gap + RANDOM % (max_gap - min_gap + 1)))
  read -r ended total <<<"$(sweep_state chaos)" || true
  if [[ -n "${total:-}" && "$ended" == "$total" ]]; then say "sweep ended before fault $((f + 1))"; break; fi
  kind=${kinds[f % ${#kinds[@]}]}
  case "$kind" in
    kill-trainer)
      k=$((1 + RANDOM % 2))
      # What the trainer had done and saved when it died: the difference is retrained.
      sql "SELECT id, epochs_completed, checkpoint_epoch FROM runs
            WHERE lease_owner = 'chaos-trainer-$k' AND status = 'RUNNING'" | tr '|' ' ' >> "$kills_file"
      stop "trainer-$k" KILL
      say "fault $((f + 1)): kill -9 trainer-$k"
      sleep 2; start_trainer "$k" ;;
    restart-dataset)
      stop dataset TERM; say "fault $((f + 1)): dataset-service restarted"
      start_dataset; await_serving dataset "$dataset_admin" ;;
    restart-postgres)
      pg_ctl -m fast -o "$pg_options" -w restart >/dev/null; say "fault $((f + 1)): PostgreSQL restarted" ;;
    sigterm-evaluator)
      stop evaluator TERM; say "fault $((f + 1)): evaluator SIGTERMed"
      sleep 2; start_evaluator ;;
  esac
  done_faults=$((done_faults + 1))
done
await_sweep chaos || true
say "sweep 'chaos' ended; now the same specs undisturbed"
submit_sweep reference
await_sweep reference || true
say "sweep 'reference' ended"

# --- checks -------------------------------------------------------------------------------------
count() { sql "SELECT count(*) FROM runs r JOIN sweeps s ON s.id = r.sweep_id WHERE s.name = 'chaos' $1"; }
submitted=$(count "")
succeeded=$(count "AND r.status = 'SUCCEEDED'")
failed=$(count "AND r.status <> 'SUCCEEDED'")
duplicate_sweeps=$(sql "SELECT count(*) - 1 FROM sweeps WHERE name = 'chaos'")
duplicate_runs=$(( submitted - runs + duplicate_sweeps ))
epochs_twice=$(sql "SELECT count(*) FROM (SELECT run_id, epoch FROM epoch_metrics GROUP BY 1, 2 HAVING count(*) > 1) d")
# Every run's epochs are 1..epochs_completed, each once: none lost, none extra.
epoch_gaps=$(sql "SELECT count(*) FROM runs r JOIN sweeps s ON s.id = r.sweep_id
                   WHERE s.name = 'chaos' AND r.epochs_completed <>
                     (SELECT count(*) FROM epoch_metrics m WHERE m.run_id = r.id AND m.epoch <= r.epochs_completed)")
kills=$(grep -c . "$kills_file" || true)
retrained_max=0 retrained_total=0
while read -r run completed checkpoint; do
  [[ -z "${run:-}" ]] && continue
  retrained=$((completed - checkpoint))
  retrained_total=$((retrained_total + retrained))
  ((retrained > retrained_max)) && retrained_max=$retrained
done < "$kills_file"
# Same spec (same p): the per-epoch loss and accuracy and the evaluation must be bit-identical.
differing=$(sql "
  WITH pairs AS (
    SELECT a.id AS chaos, b.id AS reference
      FROM runs a JOIN sweeps sa ON sa.id = a.sweep_id AND sa.name = 'chaos'
      JOIN runs b ON b.corruption_probability = a.corruption_probability
      JOIN sweeps sb ON sb.id = b.sweep_id AND sb.name = 'reference')
  SELECT count(*) FROM pairs p WHERE
    EXISTS (SELECT epoch, train_loss, train_accuracy, steps FROM epoch_metrics WHERE run_id = p.chaos
            EXCEPT SELECT epoch, train_loss, train_accuracy, steps FROM epoch_metrics WHERE run_id = p.reference)
    OR EXISTS (SELECT epoch, train_loss, train_accuracy, steps FROM epoch_metrics WHERE run_id = p.reference
            EXCEPT SELECT epoch, train_loss, train_accuracy, steps FROM epoch_metrics WHERE run_id = p.chaos)
    OR (SELECT (train_accuracy, test_accuracy, train_loss) FROM evaluations WHERE run_id = p.chaos)
       IS DISTINCT FROM (SELECT (train_accuracy, test_accuracy, train_loss) FROM evaluations WHERE run_id = p.reference)")
missing_evaluations=$(evaluated chaos)
attempts=$(sql "SELECT coalesce(sum(attempts), 0) FROM runs r JOIN sweeps s ON s.id = r.sweep_id WHERE s.name = 'chaos'")

fail=0
check() { # label, value, ok?
  if [[ "$3" == ok ]]; then printf '  %-52s %s\n' "$1" "$2"; else printf '  %-52s %s   <-- FAILED\n' "$1" "$2"; fail=1; fi
}
echo
echo "chaos-local results (seed $seed, $done_faults faults, $(( $(date +%s) - started_at )) s, load $(cut -d' ' -f1-3 /proc/loadavg))"
check "runs submitted" "$submitted" "$([[ $submitted == "$runs" ]] && echo ok)"
check "runs succeeded" "$succeeded" "$([[ $succeeded == "$runs" ]] && echo ok)"
check "runs failed or cancelled" "$failed" "$([[ $failed == 0 ]] && echo ok)"
check "duplicate runs" "$duplicate_runs" "$([[ $duplicate_runs == 0 ]] && echo ok)"
check "epochs recorded twice" "$epochs_twice" "$([[ $epochs_twice == 0 ]] && echo ok)"
check "runs with a missing epoch" "$epoch_gaps" "$([[ $epoch_gaps == 0 ]] && echo ok)"
# A sweep that ended before the first fault tested nothing: that is a failure, not a pass.
check "faults injected" "$done_faults" "$([[ $done_faults -ge 1 ]] && echo ok)"
check "trainer kills during a run" "$kills" ok
check "claims of the sweep's runs (1 per run without kills)" "$attempts" ok
check "epochs retrained per kill, max (checkpoint_every 1)" "$retrained_max (total $retrained_total)" "$([[ $retrained_max -le 1 ]] && echo ok)"
check "runs differing from the undisturbed run" "$differing" "$([[ $differing == 0 ]] && echo ok)"
check "evaluations missing" "$missing_evaluations" "$([[ $missing_evaluations == 0 ]] && echo ok)"
exit $fail
