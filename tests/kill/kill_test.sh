#!/bin/sh
# Kill test: SIGKILLs `latnas search` and `latnas run` at random moments (TRIALS each, default 20)
# and checks that no partial file ever sits under a final output name (every output present is
# byte-identical to an uninterrupted run's, apart from wall times), and that resuming `latnas run`
# after all the kills gives the same summary.csv as an uninterrupted run (apart from wall_seconds).
#   kill_test.sh LATNAS_BINARY [TRIALS]
set -eu
latnas=$1
trials=${2:-20}
work=$(mktemp -d "${TMPDIR:-/tmp}/latnas-kill.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
fail() { echo "kill test: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
# A pseudo-random delay in seconds in [0, $1 ms), from seed $2 (dash has no $RANDOM).
delay() { awk -v max="$1" -v seed="$2" 'BEGIN { srand(seed); printf "%.3f\n", rand() * max / 1000 }'; }

# Compares every final output under $1 with the reference tree $2: each file present must be the
# reference's (run.json: complete JSON; CSV files: without their wall-time column). Temporary
# files (*.tmp.PID) and the lock may be left behind by a kill; they are not outputs.
check_tree() {
  got=$1 ref=$2 what=$3
  find "$got" -type f | while IFS= read -r f; do
    rel=${f#"$got"/}
    case $rel in
      *.tmp.*|.latnas-run.lock|*/.latnas-write-test-*|.latnas-write-test-*) continue ;;
    esac
    [ -f "$ref/$rel" ] || fail "$what: unexpected file $rel"
    case $rel in
      *run.json)
        [ "$(tail -c 2 "$f" | head -c 1)" = "}" ] || fail "$what: $rel is partial (no closing brace)" ;;
      *state.latnas)
        # It records elapsed times, so only its completeness is compared.
        [ "$(tail -n 1 "$f")" = "end" ] || fail "$what: $rel is partial (no end line)" ;;
      *.csv)
        # The last column of summary.csv (wall_seconds) and history.csv (elapsed_s) is a wall time.
        fields=$(($(head -1 "$ref/$rel" | tr -cd , | wc -c) + 1))
        case $(head -1 "$ref/$rel") in *,wall_seconds|*,elapsed_s) fields=$((fields - 1)) ;; esac
        cut -d, -f1-$fields "$f" >"$work/a.csv"
        cut -d, -f1-$fields "$ref/$rel" >"$work/b.csv"
        cmp -s "$work/a.csv" "$work/b.csv" || fail "$what: $rel is partial or differs from the uninterrupted run's" ;;
      *)
        cmp -s "$f" "$ref/$rel" || fail "$what: $rel is partial or differs from the uninterrupted run's" ;;
    esac
  done
}

# --- latnas search ----------------------------------------------------------------------------
search_args="search --space efficientnet --evaluations 3000 --population 32 --seed 5 --threads 1 --quiet"
start=$(now_ms)
$latnas $search_args --out "$work/search-ref" >/dev/null || fail "the uninterrupted search failed"
span=$(( $(now_ms) - start + 50 ))
killed=0
i=1
while [ "$i" -le "$trials" ]; do
  out=$work/search-$i
  $latnas $search_args --out "$out" >/dev/null 2>&1 &
  pid=$!
  sleep "$(delay "$span" "$i")"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
  if [ -d "$out" ]; then check_tree "$out" "$work/search-ref" "search trial $i" || exit 1; fi
  rm -rf "$out"
  i=$((i + 1))
done
echo "kill test: latnas search: $trials trials over ${span} ms, $killed killed mid-run, no partial output"

# --- latnas run (resumed after every kill) --------------------------------------------------------
cat >"$work/small.experiment" <<'X'
[experiment]
name = small

[search]
space = efficientnet
evaluations = 2000
population = 32
threads = 1

[sweep]
seed = 1, 2, 3, 4
latency-ms = 3, 4
X
start=$(now_ms)
$latnas run "$work/small.experiment" --out "$work/run-ref" --jobs 1 --quiet >/dev/null || fail "the uninterrupted run failed"
span=$(( $(now_ms) - start + 50 ))
killed=0
i=1
while [ "$i" -le "$trials" ]; do
  $latnas run "$work/small.experiment" --out "$work/run" --jobs 1 --quiet >/dev/null 2>&1 &
  pid=$!
  sleep "$(delay "$span" "$((i + 1000))")"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
  if [ -d "$work/run" ]; then check_tree "$work/run" "$work/run-ref" "run trial $i" || exit 1; fi
  i=$((i + 1))
done
$latnas run "$work/small.experiment" --out "$work/run" --jobs 1 --quiet >/dev/null || fail "resuming the run failed"
check_tree "$work/run" "$work/run-ref" "the resumed run" || exit 1
[ -f "$work/run/summary.csv" ] || fail "the resumed run wrote no summary.csv"
echo "kill test: latnas run: $trials trials over ${span} ms, $killed killed mid-run, no partial output; resumed summary.csv equals the uninterrupted run's"
