#!/usr/bin/env bash
# Creates the deployment's secrets once, with random values, under k8s/base/secrets/ (ignored by
# git, readable by you only): nothing secret is committed, and kustomize refuses to render
# (secrets/db.env: no such file) until this has run. Run again: existing files are kept.
#   k8s/base/secrets/db.env          PostgreSQL: superuser, the services' owner role, Grafana's reader
#   k8s/base/secrets/identities      who may call the services (principal, role, SHA-256 of token)
#   k8s/base/secrets/*.token         the tokens: admin (yours), trainer and evaluator (theirs)
# Add people: append '<name> <viewer|submitter|admin> <sha256 of their token>' to identities
# (printf %s "$TOKEN" | sha256sum) and re-apply; the services re-read the file when it changes.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/base/secrets"
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
random() { head -c 32 /dev/urandom | base64 | tr '/+' '_-' | tr -d '='; }
if [[ ! -f "$dir/db.env" ]]; then
  cat > "$dir/db.env" <<ENV
username=postgres
password=$(random)
database=gengap
app-username=gengap
app-password=$(random)
reader-username=grafana
reader-password=$(random)
ENV
fi
for principal in admin trainer evaluator; do
  [[ -f "$dir/$principal.token" ]] || echo "gengap_$(random)" > "$dir/$principal.token"
done
hash() { tr -d '\n' < "$dir/$1.token" | sha256sum | cut -d' ' -f1; }
if [[ ! -f "$dir/identities" ]]; then
  {
    echo "# principal role sha256-of-token (see k8s/make-secrets.sh)"
    echo "admin admin $(hash admin)"
    echo "trainer viewer $(hash trainer)"
    echo "evaluator viewer $(hash evaluator)"
  } > "$dir/identities"
fi
echo "secrets in $dir; your admin token: $dir/admin.token (gengap --token-file $dir/admin.token ...)"
