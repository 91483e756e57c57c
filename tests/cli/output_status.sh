# Exit status tells the truth: an act that was recorded but whose output
# could not be written (standard output full or closed) exits 3 with a
# message saying it was recorded, so a script does not repeat it; a
# command that changed nothing keeps exit 1 for a failed output.
. "$TESTLIB"

setup_world
inv asset add --kind tablet --tag OUT-1 --office ASP-WH >/dev/null
inv asset add --kind tablet --tag OUT-2 --office ASP-WH >/dev/null
events() { sqlite3 "$DB" "SELECT count(*) FROM event"; }

# ---- an act whose output is lost ----
n=$(events)
inv assign --to RDSA-11 OUT-1 >/dev/full 2>"$WORK/err"
expect_eq "an act with standard output full exits 3" 3 "$?"
err=$(cat "$WORK/err")
expect_contains "... saying the act was recorded" "the act was recorded" "$err"
expect_contains "... and why the output failed" "No space left on device" "$err"
expect_contains "... and how to see it" "inventar history TAG" "$err"
expect_not_contains "... never that writing failed as the whole answer" "writing the output failed" "$err"
expect_eq "... and the act is there" "$((n + 1))" "$(events)"
expect_exit "... as its history shows" 0 inv history OUT-1 --format csv
expect_contains "... assigned to RDSA-11" "RDSA-11" "$OUT_TXT"

inv status in_repair OUT-2 >&- 2>"$WORK/err"
expect_eq "an act with standard output closed exits 3" 3 "$?"
expect_contains "... saying the act was recorded" "the act was recorded" "$(cat "$WORK/err")"
expect_exit "... and it was" 0 inv asset show OUT-2 --format json
expect_contains "... in repair" 'in_repair' "$OUT_TXT"

inv asset add --kind tablet --tag OUT-3 --office ASP-WH >/dev/full 2>"$WORK/err"
expect_eq "a new asset whose tag could not be printed exits 3" 3 "$?"
expect_exit "... and the asset exists" 0 inv asset show OUT-3 --format json

LC_ALL=bg_BG.UTF-8 inv return OUT-1 >/dev/full 2>"$WORK/err"
expect_eq "in Bulgarian too: exit 3" 3 "$?"
expect_contains "... saying in Bulgarian that it was recorded" "записано" "$(cat "$WORK/err")"

# ---- commands that changed nothing ----
digest=$(db_digest)
inv asset list --format csv >/dev/full 2>"$WORK/err"
expect_eq "a listing with standard output full exits 1" 1 "$?"
expect_contains "... saying writing the output failed" "writing the output failed" "$(cat "$WORK/err")"
inv history OUT-1 --format json >&- 2>"$WORK/err"
expect_eq "a history with standard output closed exits 1" 1 "$?"
expect_not_contains "... never claiming an act" "was recorded" "$(cat "$WORK/err")"
inv assign --to RDSA-11 NOPE-1 >/dev/full 2>"$WORK/err"
expect_eq "a refused act with standard output full exits 1" 1 "$?"
expect_contains "... naming the tag" "NOPE-1" "$(cat "$WORK/err")"
expect_not_contains "... never claiming it was recorded" "was recorded" "$(cat "$WORK/err")"
expect_eq "none of them changed anything" "$digest" "$(db_digest)"

finish
