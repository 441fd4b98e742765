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

# measure CMD...: "median_ms max_rss_mb ok|failed" over $runs runs. With
# FINDINGS=1, exit status 1 counts as success (diff and check report
# findings with it); for everything else any failure is a failure.
measure() {
  local ms=() rss=0 status=ok
  for _ in $(seq "$runs"); do
    if ! /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err"; then
      if [ "${FINDINGS:-0}" != 1 ] || [ "$(head -n 1 "$work/time")" != "Command exited with non-zero status 1" ]; then
        status=failed
      fi
    fi
    read -r sec kb < <(tail -n 1 "$work/time")
    ms+=("$(awk -v s="$sec" 'BEGIN { printf "%d", s * 1000 }')")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  median=$(printf '%s\n' "${ms[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  echo "$median $((rss / 1024)) $status"
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

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(go version | cut -d' ' -f3), $runs runs each, median"
echo
echo "| what | apigen ms | apigen max RSS MB | | oapi-codegen ms | oapi-codegen max RSS MB | | ratio |"
echo "|---|---:|---:|---|---:|---:|---|---:|"
for spec in specs/admtools/openapi.yaml "$corpus/ogen-gotd_bot_api.json" "$corpus/lib-stripe-old.yaml"; do
  [ -f "$spec" ] || continue
  a=$(measure "$work/apigen" generate -q --full --spec "$spec" --package bench --out "$work/a")
  o=$(measure sh -c "\"$work/oapi-codegen\" -generate types,client -package bench \"$spec\" > \"$work/o.go\"")
  row "generate $(basename "$spec")" "$a" "$o"
done
"$work/apigen" generate -q  # make sure the fast-path record is current
row "no-op generate (3 vendors)" "$(measure "$work/apigen" generate -q)" -
row "check, fast path" "$(measure "$work/apigen" check)" -
row "check --full" "$(measure "$work/apigen" check --full)" -
if [ -f "$corpus/lib-stripe-old.yaml" ]; then
  sed 's/^      description: |-$/      description: >-/' "$corpus/lib-stripe-old.yaml" | sed '0,/        amount:/s//        amount_total:/' > "$work/stripe-new.yaml"
  row "diff stripe pair (spec + Go API)" "$(FINDINGS=1 measure "$work/apigen" diff "$corpus/lib-stripe-old.yaml" "$work/stripe-new.yaml")" -
fi
