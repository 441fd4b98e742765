#!/usr/bin/env bash
# make buildcost: what compiling gen/admtools costs, as it was before
# issue 15 (commit 46931d9: oapi-codegen's whole client with responses)
# and as it is now, in one run on this machine. Prints a Markdown table:
# median wall time and maximum resident memory of `go build` over RUNS runs
# each (the two alternating), and lines of Go per operation. Only the
# package itself is compiled in each run: its dependencies are built once
# beforehand, and each run adds a one-line file with a new comment so the
# build cache cannot answer for it. Needs git and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
old=${BASE:-46931d9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The old tree: the module files, the runtime and the package at $old.
mkdir -p "$work/old" "$work/new"
git archive "$old" go.mod go.sum apiruntime gen/admtools | tar -x -C "$work/old"
# The current tree, as committed or not: the working copy.
tar -c --exclude='*_test.go' go.mod go.sum apiruntime gen/admtools | tar -x -C "$work/new"
rm -f "$work"/old/gen/admtools/*_test.go

# operations in a tree: every operation of the decorated spec carries one
# x-codeSamples list.
ops() { grep -o '"x-codeSamples"' "$1/gen/admtools/openapi.decorated.json" | wc -l; }

# once TREE N: build gen/admtools in TREE with a fresh comment, record "ms kb".
once() {
  printf 'package admtools\n\n// buildcost run %s\n' "$2" >"$1/gen/admtools/zz_buildcost.go"
  (cd "$1" && GOFLAGS=-mod=mod /usr/bin/time -f "%e %M" -o "$work/time" go build ./gen/admtools)
  read -r sec kb <"$work/time"
  echo "$(awk -v s="$sec" 'BEGIN { printf "%d", s * 1000 }') $kb" >>"$work/$(basename "$1").runs"
}

summary() { # median ms, max MB
  local f="$work/$1.runs"
  median=$(awk '{ print $1 }' "$f" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  rss=$(awk '{ print $2 }' "$f" | sort -n | tail -n 1)
  echo "$median $((rss / 1024))"
}

lines() { cat "$1"/gen/admtools/*.go | wc -l; }

# Dependencies first, and one unmeasured build of each package.
for t in old new; do once "$work/$t" warm; done
rm -f "$work"/*.runs
for i in $(seq "$runs"); do
  once "$work/old" "$i"
  once "$work/new" "$i"
done
rm -f "$work"/*/gen/admtools/zz_buildcost.go
read -r o_ms o_mb <<<"$(summary old)"
read -r n_ms n_mb <<<"$(summary new)"
o_lines=$(lines "$work/old") n_lines=$(lines "$work/new")
o_ops=$(ops "$work/old") n_ops=$(ops "$work/new")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }
per() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "–" }'; }

echo "Machine: $(nproc) cores, $(go version | cut -d' ' -f3), go build ./gen/admtools, $runs runs each, alternating, median time, max RSS"
echo
echo "| gen/admtools | before ($old) | now | now / before |"
echo "|---|---:|---:|---:|"
echo "| build time (ms) | $o_ms | $n_ms | $(ratio "$n_ms" "$o_ms") |"
echo "| peak memory (MB) | $o_mb | $n_mb | $(ratio "$n_mb" "$o_mb") |"
echo "| lines of Go | $o_lines | $n_lines | $(ratio "$n_lines" "$o_lines") |"
echo "| operations | $o_ops | $n_ops | |"
echo "| lines per operation | $(per "$o_lines" "$o_ops") | $(per "$n_lines" "$n_ops") | $(ratio "$(per "$n_lines" "$n_ops")" "$(per "$o_lines" "$o_ops")") |"
