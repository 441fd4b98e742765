#!/usr/bin/env bash
# make bench: apigen beside oapi-codegen's own CLI, on the same specs, in one
# run, on this machine. Prints a Markdown table of median wall time and
# maximum resident memory over RUNS runs each. Timing lives here, never in
# tests. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
corpus=${CORPUS:-../shared/corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/apigen" ./cmd/apigen
go build -o "$work/oapi-codegen" github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen

# once NAME CMD...: run CMD once under GNU time and append "ms kb ok|failed"
# to NAME's record. With FINDINGS=1, exit status 1 counts as success (diff
# and check report findings with it); any other failure is a failure.
once() {
  local name=$1 status=ok
  shift
  if ! /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err"; then
    if [ "${FINDINGS:-0}" != 1 ] || [ "$(head -n 1 "$work/time")" != "Command exited with non-zero status 1" ]; then
      status=failed
    fi
  fi
  read -r sec kb < <(tail -n 1 "$work/time")
  echo "$(awk -v s="$sec" 'BEGIN { printf "%d", s * 1000 }') $kb $status" >>"$work/$name.runs"
}

# summary NAME: "median_ms max_rss_mb ok|failed" over NAME's runs.
summary() {
  local f="$work/$1.runs"
  median=$(awk '{ print $1 }' "$f" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  rss=$(awk '{ print $2 }' "$f" | sort -n | tail -n 1)
  status=ok
  grep -q failed "$f" && status=failed
  rm -f "$f"
  echo "$median $((rss / 1024)) $status"
}

# measure CMD...: CMD's summary over $runs runs.
measure() {
  for _ in $(seq "$runs"); do once m "$@"; done
  summary m
}

row() { # label, apigen result, oapi-codegen result (or "-")
  read -r a_ms a_mb a_st <<<"$2"
  if [ "$3" = "-" ]; then
    echo "| $1 | $a_ms | $a_mb | $a_st | – | – | – | – |"
    return
  fi
  read -r o_ms o_mb o_st <<<"$3"
  ratio=–
  if [ "$a_st" = ok ] && [ "$o_st" = ok ]; then
    ratio=$(awk -v a="$a_ms" -v o="$o_ms" 'BEGIN { if (o > 0) printf "%.2f", a / o; else print "–" }')
  fi
  echo "| $1 | $a_ms | $a_mb | $a_st | $o_ms | $o_mb | $o_st | $ratio |"
}

# diffrows: apigen diff beside oasdiff breaking on the same Stripe pair,
# alternated in one run. oasdiff refuses the corpus file's one duplicate
# key (apigen repairs it with a warning), so both get the file without it.
# The new side renames application_fee.amount and restyles every
# description, as a vendor's regenerated spec does.
diffrows() {
  [ -f "$corpus/lib-stripe-old.yaml" ] || return 0
  awk 'prev == $0 && /^ *description: \|-$/ { next } { prev = $0; print }' "$corpus/lib-stripe-old.yaml" > "$work/stripe-old.yaml"
  sed 's/^      description: |-$/      description: >-/' "$work/stripe-old.yaml" | sed '0,/        amount:/s//        amount_total:/' > "$work/stripe-new.yaml"
  oasdiff=$(command -v oasdiff || true)
  if [ -z "$oasdiff" ]; then
    GOBIN="$work" go install github.com/oasdiff/oasdiff@v1.39.0
    oasdiff="$work/oasdiff"
  fi
  for _ in $(seq "$runs"); do
    FINDINGS=1 once a "$work/apigen" diff "$work/stripe-old.yaml" "$work/stripe-new.yaml"
    once o "$oasdiff" breaking "$work/stripe-old.yaml" "$work/stripe-new.yaml"
  done
  echo
  echo "Diff, beside $("$oasdiff" --version 2>/dev/null | head -n 1 || echo oasdiff):"
  echo
  echo "| what | apigen ms | apigen max RSS MB | | oasdiff breaking ms | oasdiff max RSS MB | | ratio |"
  echo "|---|---:|---:|---|---:|---:|---|---:|"
  row "diff stripe pair (apigen: spec + Go API)" "$(summary a)" "$(summary o)"
  # The daily drift job's usual case: the vendor changed nothing.
  row "diff stripe, unchanged" "$(FINDINGS=1 measure "$work/apigen" diff "$work/stripe-old.yaml" "$work/stripe-old.yaml")" -
}

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(go version | cut -d' ' -f3), $runs runs each, median, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
if [ "${BENCH:-all}" = diff ]; then # BENCH=diff: only the diff rows
  diffrows
  exit 0
fi
echo
echo "| what | apigen ms | apigen max RSS MB | | oapi-codegen ms | oapi-codegen max RSS MB | | ratio |"
echo "|---|---:|---:|---|---:|---:|---|---:|"
for spec in specs/admtools/openapi.yaml "$corpus/ogen-gotd_bot_api.json" "$corpus/lib-stripe-old.yaml"; do
  [ -f "$spec" ] || continue
  # Alternate the two tools, so a machine that speeds up or slows down
  # during the run weighs on both alike.
  for _ in $(seq "$runs"); do
    once a "$work/apigen" generate -q --full --spec "$spec" --package bench --out "$work/a"
    once o sh -c "\"$work/oapi-codegen\" -generate types,client -package bench \"$spec\" > \"$work/o.go\""
  done
  row "generate $(basename "$spec")" "$(summary a)" "$(summary o)"
done
"$work/apigen" generate -q  # make sure the fast-path record is current
row "no-op generate (3 vendors)" "$(measure "$work/apigen" generate -q)" -
row "check, fast path" "$(measure "$work/apigen" check)" -
row "check --full" "$(measure "$work/apigen" check --full)" -
diffrows
