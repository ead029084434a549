#!/usr/bin/env bash
# Wall time of the gate as a pull request meets it, on a throw-away copy of this repository's
# HEAD (the working tree is never touched):
#   cold    .cache/render and .cache/schema-results removed (the tools and the schema catalog
#           kept): every target rendered with kustomize
#   warm    the same run again with nothing changed: every render from the render cache
#   changed clusters/prod-eu-west/values.yaml edited (not committed), then
#           `--changed-since HEAD`: only the targets that read it are selected and rendered
# For each: the median wall time of RUNS runs and the targets kustomize rendered (the render
# cache's misses, from the summary).
#
#   validator/bench/workflow.sh          # 3 runs of each, medians
#   RUNS=5 validator/bench/workflow.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
runs="${RUNS:-3}"
gate="$repo/validator/bin/gitops-validate"
changed_file="clusters/prod-eu-west/values.yaml"

"$gate" --version >/dev/null   # builds the jar if needed

work="$(mktemp -d "${TMPDIR:-/tmp}/gate-workflow.XXXXXX")"
trap 'rm -rf "$work"' EXIT
copy="$work/repo"
mkdir -p "$copy"
git -C "$repo" archive HEAD | tar -x -C "$copy"
git_copy() {
  git -C "$copy" -c user.name=bench -c user.email=bench@example.invalid \
    -c commit.gpgsign=false "$@"
}
git_copy init -q
git_copy add -A
git_copy commit -q -m "bench copy of $(git -C "$repo" rev-parse --short HEAD)"
# the tools the launcher's repository installed (installed there now if missing), and its
# schema catalog when it has one (else the first run below generates one in the copy)
ln -s "$repo/.tools" "$copy/.tools"
echo "/.tools" >>"$copy/.git/info/exclude"   # a link, which the folder pattern does not ignore
if [[ -d "$repo/.cache/schemas" ]]; then
  mkdir -p "$copy/.cache"
  cp -r "$repo/.cache/schemas" "$copy/.cache/schemas"
fi

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# runs the gate on the copy; sets $took (wall seconds), $cpu (user + system seconds of the gate
# and every process it started) and $rendered (render cache misses)
gate_run() {
  local status=0 real user sys
  TIMEFORMAT='%R %U %S'
  { time "$gate" --repo "$copy" "$@" >"$work/out" 2>"$work/err"; } 2>"$work/time" || status=$?
  if ((status == 2)); then
    echo "workflow: the gate failed to run (exit 2):" >&2
    cat "$work/err" >&2
    exit 2
  fi
  read -r real user sys <"$work/time"
  took=$real
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  rendered=$(sed -n 's/^render cache: [0-9]* hits\{0,1\}, \([0-9]*\) miss.*/\1/p' "$work/out")
  rendered=${rendered:-0}
}

gate_run   # generates the schema catalog in the copy once (kept by every cold run below)
targets=$(grep -cE '^(overlays|clusters)/[^:]*: [0-9]+ objects?' "$work/out" || true)

cold=() warm=() changed=() cold_cpu=() warm_cpu=() changed_cpu=()
for ((i = 1; i <= runs; i++)); do
  rm -rf "$copy/.cache/render" "$copy/.cache/schema-results"
  gate_run; cold+=("$took"); cold_cpu+=("$cpu"); cold_rendered=$rendered
  gate_run; warm+=("$took"); warm_cpu+=("$cpu"); warm_rendered=$rendered
  printf '\n# edited by workflow.sh (run %d)\n' "$i" >>"$copy/$changed_file"
  gate_run --changed-since HEAD; changed+=("$took"); changed_cpu+=("$cpu")
  changed_rendered=$rendered
  selected=$(grep -E '^(changed since|  )' "$work/err" || true)
  git_copy checkout -q -- "$changed_file"
done

c=$(printf '%s\n' "${cold[@]}" | median); cc=$(printf '%s\n' "${cold_cpu[@]}" | median)
w=$(printf '%s\n' "${warm[@]}" | median); wc=$(printf '%s\n' "${warm_cpu[@]}" | median)
x=$(printf '%s\n' "${changed[@]}" | median); xc=$(printf '%s\n' "${changed_cpu[@]}" | median)
echo "repository: $repo at $(git -C "$repo" rev-parse --short HEAD), $targets targets"
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?), runs: $runs (medians)"
printf '%-34s %8s %8s %9s   %s\n' run wall cpu rendered "wall of each run"
printf '%-34s %7ss %7ss %9s   %s\n' "cold (render caches removed)" "$c" "$cc" \
  "$cold_rendered" "${cold[*]}"
printf '%-34s %7ss %7ss %9s   %s\n' "warm (nothing changed)" "$w" "$wc" "$warm_rendered" \
  "${warm[*]}"
printf '%-34s %7ss %7ss %9s   %s\n' "--changed-since HEAD, 1 file edited" "$x" "$xc" \
  "$changed_rendered" "${changed[*]}"
echo "edited: $changed_file"
echo "$selected"
awk -v c="$c" -v w="$w" -v cc="$cc" -v wc="$wc" \
  'BEGIN { printf "cold / warm = %.1fx wall, %.1fx cpu\n", c / w, cc / wc }'
