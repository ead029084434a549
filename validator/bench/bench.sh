#!/usr/bin/env bash
# Wall time of the gate on this repository, cold (caches removed) and warm, against a naive
# sequential loop `kustomize build DIR | kubeconform -strict` per target with the same schemas.
#
#   validator/bench/bench.sh            # 3 runs of each, medians
#   RUNS=5 validator/bench/bench.sh
#
# Uses the tools the gate resolves (KUSTOMIZE_BIN / KUBECONFORM_BIN, else .tools/bin/). The
# naive loop uses a copy of the gate's offline schema catalog (.cache/schemas/<key>/, generated
# by the bench's first, unmeasured gate run); SCHEMA_LOCATION overrides the kubeconform
# -schema-location template. The runs are interleaved (cold, warm, naive; cold, ...).
#
# Cold = the whole .cache/ removed (schema catalog, render, schema and policy results, verified
# tool versions). --no-cache = the authoritative run (the tools and the catalog kept). "warm
# without X" = a warm run with only the cache .cache/X removed (WITHOUT="policy-results ..."
# lists them): what that one cache saves a warm run. The naive loop does much less than the gate: no origin annotations (so no
# source lines), only the cluster folders themselves (not the stacks they sync), no policies.
# Wall times on a shared machine are noisy: the load average is printed with the results.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd "$repo"
runs="${RUNS:-3}"
kustomize="${KUSTOMIZE_BIN:-$repo/.tools/bin/kustomize}"
kubeconform="${KUBECONFORM_BIN:-$repo/.tools/bin/kubeconform}"

"$repo/validator/bin/gitops-validate" --version >/dev/null   # builds the jar if needed
for tool in "$kustomize" "$kubeconform"; do
  [[ -x "$tool" ]] || { echo "bench: $tool not found (run validator/bin/gitops-validate once)" >&2; exit 2; }
done

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
TIMEFORMAT='%R %U %S'

# one gate run (arguments: the gate's); prints "wall cpu" (seconds; cpu = user + sys of the gate
# and its tools)
gate() {
  rm -f "$scratch/status"
  { time { "$repo/validator/bin/gitops-validate" "$@" >/dev/null 2>&1 || echo $? >"$scratch/status"; }; } \
    2>"$scratch/time"
  if [[ "$(cat "$scratch/status" 2>/dev/null)" == 2 ]]; then
    echo "bench: the gate failed to run (exit 2): run it by hand to see why" >&2
    exit 2
  fi
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$scratch/time"
}

# sets wall and cpu from one gate run; stops the bench when the gate could not run
timed_gate() {
  wall='' cpu=''
  read -r wall cpu < <(gate "$@") || true
  [[ -n "$wall" ]] || exit 2
}

# the same targets the gate discovers: overlays that are not Components, and cluster folders
targets() {
  find overlays -path overlays/components -prune -o \
      \( -name kustomization.yaml -o -name kustomization.yml -o -name Kustomization \) -print \
    | while read -r k; do grep -qE '^kind:[[:space:]]*Component' "$k" || dirname "$k"; done | sort
  find clusters -mindepth 1 -maxdepth 1 -type d | sort
}

naive() {
  local dir
  for dir in $(targets); do
    "$kustomize" build "$dir" | "$kubeconform" -strict -summary -schema-location "$location" \
      >/dev/null 2>&1 || true
  done
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
timed_gate   # not measured: the first run after a build writes the JVM's class-data archive

# the naive loop reads a copy of the gate's catalog: the cold runs remove .cache/
if [[ -z "${SCHEMA_LOCATION:-}" ]]; then
  catalog="$(find "$repo/.cache/schemas" -mindepth 1 -maxdepth 1 -type d ! -name '*.tmp-*' \
    | head -n1)"
  [[ -n "$catalog" ]] || { echo "bench: no schema catalog under .cache/schemas" >&2; exit 2; }
  cp -r "$catalog" "$scratch/schemas"
  location="$scratch/schemas/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
else
  location="$SCHEMA_LOCATION"
fi

# interleaved, so that a busy machine slows all three alike
without="${WITHOUT:-policy-results}"
cold=() warm=() loop=() cold_cpu=() warm_cpu=() nocache=() nocache_cpu=()
declare -A partial=() partial_cpu=()
for ((i = 1; i <= runs; i++)); do
  rm -rf "$repo/.cache"
  timed_gate; cold+=("$wall"); cold_cpu+=("$cpu")
  timed_gate; warm+=("$wall"); warm_cpu+=("$cpu")
  timed_gate --no-cache; nocache+=("$wall"); nocache_cpu+=("$cpu")
  for cache in $without; do
    rm -rf "$repo/.cache/$cache"
    timed_gate; partial[$cache]+="$wall "; partial_cpu[$cache]+="$cpu "
  done
  t0=$(now); naive; t1=$(now); loop+=("$(elapsed "$t0" "$t1")")
done

c=$(printf '%s\n' "${cold[@]}" | median)
w=$(printf '%s\n' "${warm[@]}" | median)
n=$(printf '%s\n' "${loop[@]}" | median)
echo "targets: $(targets | tr '\n' ' ')"
echo "cores: $(nproc), runs: $runs (medians), load average before: $load_before," \
  "after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
printf 'gate, cold cache : %6ss  (%s)  cpu %ss\n' "$c" "${cold[*]}" \
  "$(printf '%s\n' "${cold_cpu[@]}" | median)"
printf 'gate, warm cache : %6ss  (%s)  cpu %ss\n' "$w" "${warm[*]}" \
  "$(printf '%s\n' "${warm_cpu[@]}" | median)"
printf 'gate, --no-cache : %6ss  (%s)  cpu %ss\n' \
  "$(printf '%s\n' "${nocache[@]}" | median)" "${nocache[*]}" \
  "$(printf '%s\n' "${nocache_cpu[@]}" | median)"
for cache in $without; do
  printf 'warm without %s : %6ss  (%s)  cpu %ss\n' "$cache" \
    "$(tr ' ' '\n' <<<"${partial[$cache]}" | grep . | median)" "${partial[$cache]% }" \
    "$(tr ' ' '\n' <<<"${partial_cpu[$cache]}" | grep . | median)"
done
printf 'naive loop       : %6ss  (%s)\n' "$n" "${loop[*]}"
awk -v w="$w" -v c="$c" -v n="$n" \
  'BEGIN { printf "warm gate / naive loop = %.2fx, cold gate / naive loop = %.2fx\n", w / n, c / n }'
