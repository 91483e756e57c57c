#!/bin/sh
# The TUI and the terminal: data with control characters and escape
# sequences shown harmlessly, resizing down to 60x20 and below, NO_COLOR,
# mouse clicks, and the terminal restored after q, SIGTERM and Ctrl-C.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

setup_world || { fail "setup"; finish; }
inv asset add --kind computer --tag PC-EVIL --make "$(printf 'Ev\033]0;p\007')" \
    --model "$(printf 'X\033[2J\rY')" --office DSP-LOV \
    --custodian "$(printf 'Жоро\033[31m\010\tБ\342\200\256dcba')" >/dev/null || fail "add evil"
for n in 1 2 3 4 5 6 7 8; do
    inv asset add --kind tablet --make Lenovo --model "Tab M$n" --office RDSA-26 >/dev/null
done

tui_start 100 30
expect_screen "the list" "[1 of 9]"
line=$(screen_line "PC-EVIL")
expect_contains "escape sequence and CR shown as '?'" "X?[2J?Y" "$line"
expect_contains "OSC title sequence neutralised" "Ev?]0;p? X?" "$line"
expect_contains "colour, backspace, tab and the bidi override too" "Жоро?[31m??Б?dcba" "$line"
expect_contains "the title bar is intact" " inventar  Assets" "$SCREEN"
expect_contains "the next row is intact" "Таблет" "$(screen_line "TAB-000001")"
expect_contains "the F-key bar is intact" "10Quit" "$SCREEN"
keys Enter
expect_screen "the detail shows it harmlessly too" "X?[2J?Y"
expect_contains "its custodian" "Жоро?[31m??Б?dcba" "$SCREEN"
expect_contains "the detail's title bar is intact" "Asset detail" "$SCREEN"
esc
expect_screen "back" "[1 of 9]"

# Resizing: 60x20 is still laid out, smaller says so, larger again.
tm resize-window -x 60 -y 20
expect_screen "60x20: the table" "Tag ▲"
expect_contains "60x20: the F-key bar" "1Help" "$SCREEN"
expect_contains "60x20: rows" "TAB-000001" "$SCREEN"
w=$(printf '%s\n' "$SCREEN" | while IFS= read -r l; do printf '%s' "$l" | wc -m; done | sort -n | tail -n 1)
[ "$w" -le 60 ] && pass "60x20: nothing drawn past the edge" || fail "60x20: a line of $w columns"
tm resize-window -x 59 -y 20
expect_screen "59x20: too small" "Terminal too small (59x20)"
tm resize-window -x 80 -y 19
expect_screen "80x19: too small" "Terminal too small (80x19)"
tm resize-window -x 100 -y 30
expect_screen "100x30: back to the table" "Make/model"
expect_contains "with its rows" "TAB-000008" "$SCREEN"
keys End
expect_screen "the window was refilled for the new height" "[9 of 9]"

# Mouse: a click selects a row (SGR mouse report, as xterm sends it).
keys Home
expect_screen "first row" "[1 of 9]"
tm send-keys -l "$(printf '\033[<0;10;7M\033[<0;10;7m')"
expect_screen "a click on the 4th row selects it" "[4 of 9]"
tm send-keys -l "$(printf '\033[<0;10;7M\033[<0;10;7m')"
expect_screen "a second click opens it" "Asset detail"
esc
keys q
expect_screen "q quits with status 0" "EXITED 0"
stty_after=$(cat "$WORK/.stty" 2>/dev/null)
expect_contains "terminal restored after q: canonical mode" " icanon" "$stty_after"
expect_not_contains "terminal restored after q: echo on" "-echo " "$stty_after"

# SIGTERM: the terminal is put back, and the exit tells of the signal.
tui_start 100 30
expect_screen "running again" "[1 of 9]"
pid=$(tui_pid)
[ -n "$pid" ] && kill -TERM "$pid"
expect_screen "SIGTERM ends it (status 143)" "EXITED 143"
stty_after=$(cat "$WORK/.stty" 2>/dev/null)
expect_contains "terminal restored after SIGTERM" " icanon" "$stty_after"
expect_not_contains "echo restored after SIGTERM" "-echo " "$stty_after"

# Ctrl-C.
tui_start 100 30
expect_screen "running again" "[1 of 9]"
tm send-keys C-c
expect_screen "Ctrl-C ends it (status 130)" "EXITED 130"
stty_after=$(cat "$WORK/.stty" 2>/dev/null)
expect_contains "terminal restored after Ctrl-C" " icanon" "$stty_after"

# Colours, and NO_COLOR. (E: an escape character, so that the data's own
# harmless "?[31m" does not count as a colour.)
E=$(printf '\033')
tui_start 100 30
expect_screen "with colours" "[1 of 9]"
col=$(tm capture-pane -p -e)
case "$col" in *"$E[4"[0-7]m*|*"$E[3"[0-7]m*|*";4"[0-7]m*|*";3"[0-7]m*) pass "colours are used by default" ;;
    *) fail "colours are used by default" ;; esac
keys q
expect_screen "quit" "EXITED 0"
tui_start 100 30 NO_COLOR=1
expect_screen "NO_COLOR" "[1 of 9]"
col=$(tm capture-pane -p -e)
case "$col" in *"$E[4"[0-7]m*|*"$E[3"[0-7]m*|*";4"[0-7]m*|*";3"[0-7]m*) fail "NO_COLOR: no colour" ;;
    *) pass "NO_COLOR: no colour" ;; esac
case "$col" in *"$E[7m"*|*";7m"*|*"$E[1m"*|*";1m"*) pass "NO_COLOR: attributes still mark the cursor" ;;
    *) fail "NO_COLOR: attributes still mark the cursor" ;; esac
keys q
expect_screen "quit" "EXITED 0"

# Without a terminal it says so instead of drawing.
expect_exit "no terminal: exit 1" 1 sh -c "'$INVENTAR_BIN' --db '$DB' </dev/null >/dev/null"
expect_contains "no terminal: it says why" "needs a terminal" "$ERR_TXT"
finish
