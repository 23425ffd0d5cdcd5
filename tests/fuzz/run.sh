#!/bin/sh
# Runs the libFuzzer targets (build/fuzz/tests/*_fuzz) and prints one TAP
# line per target: executions, corpus size and whether anything was found.
#   run.sh quick RUNS BIN...   each target RUNS executions from its seed
#                              corpus, at most 15 s (make test)
#   run.sh long SECONDS BIN... each target SECONDS from its growing corpus
#                              in .cache/fuzz/ (make fuzz); the figures go
#                              to build/fuzz/results.txt
#   run.sh runs N BIN...       each target N executions from that corpus
#                              (make fuzz FUZZ_RUNS=10000000), figures too
# A crash, leak, timeout or sanitizer report is a finding: its input is
# kept in build/fuzz/findings/<target>/ and the line says "not ok".
set -u
mode=$1 amount=$2
shift 2
mkdir -p build/fuzz/findings
[ "$mode" != quick ] && : > build/fuzz/results.txt
for bin in "$@"; do
	t=$(basename "$bin" _fuzz)
	seeds=tests/fuzz/corpus/$t
	work=$(mktemp -d)
	mkdir -p "build/fuzz/findings/$t"
	if [ "$mode" != quick ]; then
		corpus=.cache/fuzz/$t
		mkdir -p "$corpus"
		cp -n "$seeds"/* "$corpus"/ 2>/dev/null
		limit="-max_total_time=$amount"
		[ "$mode" = runs ] && limit="-runs=$amount"
	else
		corpus=$work/corpus
		mkdir -p "$corpus"
		cp "$seeds"/* "$corpus"/ 2>/dev/null
		# Briefly: RUNS executions, or 15 s for the slow targets
		# (an archive or a database per input).
		limit="-runs=$amount -max_total_time=${FUZZ_QUICK_SECONDS:-15}"
	fi
	log=$work/log
	t0=$(date +%s)
	"$bin" $limit -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="build/fuzz/findings/$t/" \
	    "$corpus" > "$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	size=$(ls "$corpus" | wc -l)
	if [ $rc -eq 0 ]; then
		echo "ok - fuzz $t: ${runs:-0} executions, corpus $size, no finding"
	else
		echo "not ok - fuzz $t: exit $rc after ${runs:-?} executions; input in build/fuzz/findings/$t/"
		grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -5 | sed 's/^/#   /'
	fi
	[ "$mode" != quick ] && echo "$t $(date -u +%Y-%m-%d) ${runs:-0} executions in $(($(date +%s) - t0)) s, corpus $size, exit $rc" \
	    >> build/fuzz/results.txt
	rm -rf "$work"
done
