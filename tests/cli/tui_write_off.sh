#!/bin/sh
# The TUI's status form, for a write-off, asks for the commission (chair,
# members), the reason, the override of the funding's durability period
# and offers the protocol file: the write-off is recorded under a
# write-off protocol whose number is on the status line and whose PDF
# holds the asset and the commission; a write-off within the durability
# period is refused with its message and nothing changes, and the
# override writes it off; the write-off's fields with another status
# are refused in the form.
. "$TESTLIB"
. "$ROOT/tests/cli/tui_helpers.inc"

Y=$(date +%Y)
setup_world || { fail "setup"; finish; }
inv funding add BG05M9OP001-3.006-0001 'Патронажна грижа' --durable-until 2099-12-31 >/dev/null
inv asset add --kind computer --make Dell --model 'OptiPlex 1' --serial SN1 --office ASP-WH \
    --funding BG05M9OP001-3.006-0001 >/dev/null || fail "add 1"
inv asset add --kind computer --make Dell --model 'OptiPlex 2' --serial SN2 --office ASP-WH \
    >/dev/null || fail "add 2"

tui_start 110 34
expect_screen "the list" "[1 of 2]"

# The write-off's fields with another status: refused in the form.
keys x
expect_screen "the status form" "Commission chair"
keys Down Down Down Down
type_text "Иван Петров"
keys F2
expect_screen "the commission is for a write-off" "are for a write-off"
keys Escape
expect_screen "cancelled" "Cancelled."

# Within the durability period: refused with its message.
keys x
expect_screen "the status form again" "Commission chair"
keys Right Right
expect_screen "written off chosen" "< written off >"
keys Down Down Down Down
type_text "Иван Петров"
keys Down
type_text "Мария Иванова, Георги Георгиев"
keys Down
type_text "Неремонтируем"
before=$(db_digest)
keys F2
expect_screen "the confirmation" "Writing off is final."
keys y
expect_screen "the durability refusal on the status line" "whose durability period ends on 2099-12-31"
expect_eq "... nothing changed" "$before" "$(db_digest)"

# The override, with the protocol file.
keys x
expect_screen "the status form once more" "Commission chair"
keys Right Right
expect_screen "written off chosen" "< written off >"
keys Down Down Down Down
type_text "Иван Петров"
keys Down
type_text "Мария Иванова, Георги Георгиев"
keys Down Down Space
expect_screen "the override checked" "[x]"
keys F2
expect_screen "the override needs a reason" "needs a reason"
# the focus is on the reason now
type_text "Изгорял"
keys Down Down
type_text "$WORK/w.pdf"
keys F2
expect_screen "the confirmation" "Writing off is final."
keys y
expect_screen "the protocol's number on the status line" "Write-off protocol ПБ-$Y-0001 written to"
t=$(pdftotext -layout "$WORK/w.pdf" - 2>/dev/null)
expect_contains "the PDF: the title" "WRITE-OFF PROTOCOL" "$t"
expect_contains "the PDF: the asset" "PC-000001" "$t"
expect_contains "the PDF: the chair" "(Иван Петров)" "$t"
expect_contains "the PDF: the second member" "(Георги Георгиев)" "$t"
expect_contains "the PDF: the reason" "Изгорял" "$t"
expect_contains "the PDF: the override" "before the end of the durability period" "$t"
expect_eq "the asset is written off" "written_off" \
    "$(inv asset show PC-000001 --format json | jq -r .status)"
expect_eq "the override is on the event" "2099-12-31" \
    "$(inv history PC-000001 --format json | jq -r '.[-1].changes["@before_durability"]')"

# A write-off without a file: still a document, printable later.
keys Down
expect_screen "second row" "[2 of 2]"
keys x
expect_screen "the status form for the second" "Change the status of asset PC-000002"
keys Right Right
keys F2
expect_screen "the confirmation" "Writing off is final."
keys y
expect_screen "the number on the status line" "Write-off protocol ПБ-$Y-0002."
expect_eq "both write-offs are on record" "2" \
    "$(inv document list --type write_off --format json | jq length)"

keys q
expect_screen "quit" "EXITED 0"
finish
