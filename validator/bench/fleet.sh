#!/usr/bin/env bash
# The gate at fleet scale, on a throw-away copy of this repository's HEAD (the working tree is
# never touched): N production clusters are added to the copy, each one folder made like
# clusters/prod-eu-west (values.yaml with its own name, hosts, CIDRs and bucket, and the
# three-line kustomization), and the copy is committed to a throw-away Git repository. Then,
# interleaved in each of RUNS rounds:
#   cold   the gate with --no-cache (no render, schema-result or policy-result cache)
#   warm   the gate again with its caches (filled by a run before the round)
#   base   --changed-since HEAD after a change to base/ (a new comment in the Prometheus object:
#          every target is affected, every render misses the cache); the change is then undone
#   one    --changed-since HEAD after a change to one cluster's values.yaml (one target)
#   naive  `kustomize build DIR | kubeconform -strict` for every folder Argo CD or Flux syncs
#          (overlays/kind for the kind cluster, clusters/prod-* for the fleet), with the gate's
#          schema catalog
# Reports the median wall time, CPU (user + system, every child included) and peak RSS (the
# largest single process, from /usr/bin/time).
#
#   validator/bench/fleet.sh 20          # N = 20, 3 rounds
#   RUNS=5 validator/bench/fleet.sh 100
set -euo pipefail

n="${1:?usage: fleet.sh N (production clusters to add)}"
runs="${RUNS:-3}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
gate="$repo/validator/bin/gitops-validate"
"$gate" --version >/dev/null   # builds the jar if needed
kustomize="$repo/.tools/bin/kustomize"
kubeconform="$repo/.tools/bin/kubeconform"

work="$(mktemp -d "${TMPDIR:-/tmp}/gate-fleet.XXXXXX")"
trap 'rm -rf "$work"' EXIT
copy="$work/repo"
mkdir -p "$copy"
git -C "$repo" archive HEAD | tar -x -C "$copy"
ln -s "$repo/.tools" "$copy/.tools"
mkdir -p "$copy/.cache"
if [[ -d "$repo/.cache/schemas" ]]; then
  cp -r "$repo/.cache/schemas" "$copy/.cache/schemas"
fi

for ((i = 1; i <= n; i++)); do
  name="prod-bench-$i"
  mkdir -p "$copy/clusters/$name"
  sed "s/prod-eu-west/$name/g" "$copy/clusters/prod-eu-west/kustomization.yaml" \
    >"$copy/clusters/$name/kustomization.yaml"
  sed -e "s/prod-eu-west/$name/g" \
    -e "s#10\.10\.10\.0/24#10.11.$i.0/24#" \
    -e "s#172\.16\.10\.0/28#172.17.$i.0/28#" \
    -e "s#10\.110\.0\.0/16#10.$((140 + i)).0.0/16#" \
    "$copy/clusters/prod-eu-west/values.yaml" >"$copy/clusters/$name/values.yaml"
done

git -C "$copy" init -q
git -C "$copy" add -A
git -C "$copy" -c user.name=bench -c user.email=bench@localhost commit -q -m "fleet of $n"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# runs a command; sets $wall, $cpu (seconds) and $rss (MiB, the largest process)
measure() {
  local status=0
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || status=$?
  if ((status == 2)); then
    echo "fleet: '$*' failed to run (exit 2):" >&2
    cat "$work/err" >&2
    exit 2
  fi
  read -r wall user sys kib <"$work/time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  rss=$(awk -v k="$kib" 'BEGIN { printf "%.0f", k / 1024 }')
}

naive() {
  local catalog
  catalog="$(ls -d "$copy"/.cache/schemas/*/ | head -n 1)"
  local location="${catalog%/}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
  local status=0
  for dir in "$copy/overlays/kind" "$copy"/clusters/prod-*/; do
    "$kustomize" build "$dir" | "$kubeconform" -strict -summary -schema-location "$location" \
      || status=1
  done
  return $status
}
export -f naive
export copy kustomize kubeconform

measure "$gate" --repo "$copy"   # the schema catalog, and the caches the warm runs read
targets=$(grep -cE '^(overlays|clusters)/[^:]*: [0-9]+ objects?' "$work/out" || true)
verdict=$(tail -n 1 "$work/out")

# appends a comment that no earlier run has seen to $1 (relative to the copy)
touch_file() {
  printf '# fleet bench change %s\n' "$(date +%s%N)" >>"$copy/$1"
}

cold=() cold_cpu=() cold_rss=() warm=() warm_cpu=() warm_rss=() nv=() nv_cpu=() nv_rss=()
base=() base_cpu=() base_rss=() one=() one_cpu=() one_rss=()
for ((r = 1; r <= runs; r++)); do
  measure "$gate" --repo "$copy" --no-cache
  cold+=("$wall"); cold_cpu+=("$cpu"); cold_rss+=("$rss")
  measure "$gate" --repo "$copy"
  warm+=("$wall"); warm_cpu+=("$cpu"); warm_rss+=("$rss")
  touch_file base/prometheus/prometheus-prometheus.yaml
  measure "$gate" --repo "$copy" --changed-since HEAD
  base+=("$wall"); base_cpu+=("$cpu"); base_rss+=("$rss")
  based=$(grep -oE '[0-9]+ targets? of [0-9]+ selected' "$work/out" | head -n 1 || true)
  git -C "$copy" checkout -q -- base
  touch_file clusters/prod-bench-1/values.yaml
  measure "$gate" --repo "$copy" --changed-since HEAD
  one+=("$wall"); one_cpu+=("$cpu"); one_rss+=("$rss")
  oned=$(grep -oE '[0-9]+ targets? of [0-9]+ selected' "$work/out" | head -n 1 || true)
  git -C "$copy" checkout -q -- clusters
  measure bash -c naive
  nv+=("$wall"); nv_cpu+=("$cpu"); nv_rss+=("$rss")
done

# prints one table row (median wall and CPU, largest RSS); the median wall goes to variable $5
row() {
  local label=$1 mw mc mm
  mw=$(printf '%s\n' $2 | median); mc=$(printf '%s\n' $3 | median)
  mm=$(printf '%s\n' $4 | sort -n | tail -n 1)
  printf '| %s | %ss | %ss | %s MiB |\n' "$label" "$mw" "$mc" "$mm"
  printf -v "$5" '%s' "$mw"
}
echo "N = $n added clusters; $targets targets; gate: $verdict"
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg), rounds: $runs (median wall and CPU, max RSS)"
echo "| run | wall | CPU | peak RSS |"
echo "|---|---|---|---|"
row "gate cold (--no-cache)" "${cold[*]}" "${cold_cpu[*]}" "${cold_rss[*]}" c
row "gate warm" "${warm[*]}" "${warm_cpu[*]}" "${warm_rss[*]}" w
row "--changed-since after a base/ change (${based:-?})" "${base[*]}" "${base_cpu[*]}" \
  "${base_rss[*]}" b
row "--changed-since after one cluster's change (${oned:-?})" "${one[*]}" "${one_cpu[*]}" \
  "${one_rss[*]}" o
row "naive loop (kustomize build \\| kubeconform -strict)" "${nv[*]}" "${nv_cpu[*]}" "${nv_rss[*]}" x
awk -v c="$c" -v w="$w" -v b="$b" -v x="$x" 'BEGIN {
  printf "cold / naive = %.2fx, warm / naive = %.2fx, base change / naive = %.2fx\n",
    c / x, w / x, b / x }'
