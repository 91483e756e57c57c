# TUI benchmark at 1,000,000 assets (demo --scale 619): time to the first
# screen (goal: under 100 ms), each keystroke of an incremental search
# (goal: under 30 ms) and resident memory (goal: under 32 MB). The real
# program is measured, driven through tmux: INVENTAR_TUI_TIMINGS makes it
# append its own timings (from the start of the command to the first
# screen on the terminal; from a key to its answer on the terminal) to a
# file. Prints figures against the goals; never fails on time.
set -u
BIN=$INVENTAR_BIN
DB=${TUI_BENCH_DB:-$WORK/tui-bench.db}
SCALE=${BENCH_SCALE:-619}
TIM=$WORK/tui-timings.txt
SOCK=invbench$$
now_ms() { date +%s%3N; }
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1' EXIT INT TERM

if ! command -v tmux >/dev/null 2>&1; then
    echo "tui: tmux is missing (make deps-bench): skipped"
    exit 0
fi
if [ ! -f "$DB" ]; then
    if ! "$BIN" --help | grep -q demo; then
        echo "tui: no 'demo' command to build the database: skipped"
        exit 0
    fi
    t0=$(now_ms)
    "$BIN" --db "$DB" demo --scale "$SCALE" >/dev/null || { echo "demo failed"; exit 1; }
    echo "built the demo database in $(( $(now_ms) - t0 )) ms"
fi
assets=$(sqlite3 "$DB" 'SELECT count(*) FROM asset')
echo "assets: $assets"

# start: launch the TUI in a fresh tmux server, 100x30.
start() {
    tm kill-server >/dev/null 2>&1
    SOCK=invbench$$-$1
    tm new-session -d -x 100 -y 30 \
        "env TERM=xterm-256color LC_ALL=C.UTF-8 INVENTAR_TUI_TIMINGS='$TIM' '$BIN' --db '$DB'; exec sleep 3600"
}
# wait_lines NAME N: until the timings file has N lines starting with NAME
# (bounded: 60 s).
wait_lines() {
    _end=$(( $(date +%s) + 60 ))
    while _n=$(grep -c "^$1 " "$TIM" 2>/dev/null); [ "${_n:-0}" -lt "$2" ]; do
        [ "$(date +%s)" -ge "$_end" ] && return 1
        sleep 0.01
    done
}
stats() { # NAME: "median X, max Y (n runs)" of the values of NAME lines
    grep "^$1 " "$TIM" | awk '{ print $2 }' | sort -n | awk '
        { v[NR] = $1 } END { if (NR == 0) { print "none"; exit }
          m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "median %.1f ms, max %.1f ms (%d runs)", m, v[NR], NR }'
}
tui_pid() {
    _pp=$(tm list-panes -F '#{pane_pid}' | head -n 1)
    ps -o pid= --ppid "$_pp" 2>/dev/null | head -n 1 | tr -d ' '
    [ -n "$_pp" ] || true
}

# 1. First screen: 5 launches (the first one also warms the OS cache).
rm -f "$TIM"
for run in 1 2 3 4 5; do
    start "$run"
    wait_lines first_screen_counted_ms "$run" || { echo "the TUI did not start"; exit 1; }
    tm send-keys q
done
echo "first screen (rows on the terminal): $(stats first_screen_ms)   goal: under 100 ms"
echo "first screen with the count of all assets: $(stats first_screen_counted_ms)"

# 2. Incremental search: words typed one key at a time; the TUI times
# each key from its arrival to the answer on the screen.
rm -f "$TIM" "$WORK/typed.txt"
start s
wait_lines first_screen_counted_ms 1 || { echo "the TUI did not start"; exit 1; }
n=0
for word in "ловеч" "иван" "хасково" "lenovo" "thinkcentre" "pc-0001" "galaxy tab"; do
    tm send-keys /
    printf '%s' "$word" | grep -o . >"$WORK/chars.txt"
    typed=""
    while IFS= read -r ch; do
        tm send-keys -l "$ch"
        typed="$typed$ch"
        n=$((n + 1))
        wait_lines search_key_ms "$n" || { echo "no answer to a search key"; break; }
        grep '^search_key_ms ' "$TIM" | tail -n 1 |
            awk -v t="$typed" '{ print $2, t }' >>"$WORK/typed.txt"
    done <"$WORK/chars.txt"
    # Enter keeps the search; Esc clears it (also timed).
    tm send-keys Enter
    tm send-keys Escape
    n=$((n + 1))
    wait_lines search_key_ms "$n" || break
done
grep '^search_key_ms ' "$TIM" | awk '{ print $2 }' | sort -n >"$WORK/keys.txt"
cnt=$(wc -l <"$WORK/keys.txt")
over=$(awk '$1 >= 30' "$WORK/keys.txt" | wc -l)
p90=$(awk -v n="$cnt" 'NR == int(n * 0.9 + 0.999) { print $1 }' "$WORK/keys.txt")
echo "search keystroke: $(stats search_key_ms), 90th percentile ${p90:-?} ms; $over of $cnt keys at 30 ms or more   goal: under 30 ms"
awk '$1 >= 30 { printf "  slow: \"%s\" %.1f ms\n", substr($0, index($0, " ") + 1), $1 }' "$WORK/typed.txt"

# 3. Paging through a million rows: End, PgUp x10, Home, PgDn x10, then
# the offices screen (counts per status of every office). Each key is
# timed by the TUI from its arrival to its answer on the terminal.
pid=$(tui_pid)
rss1=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
base=$(grep -c '^key_ms ' "$TIM")
: >"$WORK/nav.txt"
for k in End PPage PPage PPage PPage PPage PPage PPage PPage PPage PPage Home \
         NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage Tab; do
    tm send-keys "$k"
    base=$((base + 1))
    wait_lines key_ms "$base" || break
    grep '^key_ms ' "$TIM" | tail -n 1 | awk -v k="$k" '{ print k, $2 }' >>"$WORK/nav.txt"
done
awk '$1 != "Tab" { print $2 }' "$WORK/nav.txt" | sort -n | awk '
    { v[NR] = $1 } END { if (NR) printf "paging (End, PgUp, Home, PgDn): median %.1f ms, max %.1f ms (%d keys)\n",
      (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[NR], NR }'
awk '$1 == "Tab" { printf "offices screen with counts per status of every office: %.1f ms\n", $2 }' "$WORK/nav.txt"
rss2=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
echo "resident memory: ${rss1:-?} KiB after the searches, ${rss2:-?} KiB after paging and the offices screen, peak ${hwm:-?} KiB   goal: under 32768 KiB"
tm send-keys q
