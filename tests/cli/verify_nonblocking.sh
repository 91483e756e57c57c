# verify blocks no one: at over 100,000 assets, acts started while a
# verify runs complete (exit 0) while it is still running. No time is
# asserted (tests/bench/verify_wait.sh prints the waits).
. "$TESTLIB"

inv demo --scale 62 >/dev/null || fail "demo --scale 62"
n=$(sqlite3 "$DB" "SELECT count(*) FROM asset")
expect_eq "the database holds over 100,000 assets" "yes" "$([ "$n" -gt 100000 ] && echo yes || echo no)"
tag=$(sqlite3 "$DB" "SELECT tag FROM asset WHERE status = 'in_stock' ORDER BY id LIMIT 1")

inv verify >"$WORK/verify.out" 2>&1 &
vpid=$!
during=0 acts=0 bad=0 st=in-repair
while kill -0 "$vpid" 2>/dev/null; do
    if inv status "$st" --note 'по време на проверка' "$tag" >/dev/null 2>"$WORK/act.err"; then
        acts=$((acts + 1))
        kill -0 "$vpid" 2>/dev/null && during=$((during + 1))
    else
        bad=$((bad + 1)); sed 's/^/  act: /' "$WORK/act.err"; break
    fi
    if [ "$st" = in-repair ]; then st=in-stock; else st=in-repair; fi
done
wait "$vpid"
vrc=$?
expect_eq "every act during verify succeeded" "0" "$bad"
expect_eq "acts completed while verify was still running" "yes" \
    "$([ "$during" -gt 0 ] && echo yes || echo no)"
echo "  ($acts acts during verify, $during finished before it did)"
expect_eq "verify itself passed" "0" "$vrc"
expect_contains "and said so" "ok: $n assets" "$(cat "$WORK/verify.out")"
expect_exit "the acts made during it verify too" 0 inv verify
finish
