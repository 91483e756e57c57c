#!/bin/sh
# Build and run every libFuzzer target (tests/fuzz/fuzz_*.c) for a bounded
# time under AddressSanitizer and UBSan.
# Usage: sh tests/fuzz/run.sh BUILD_DIR   (make fuzz: BUILD_DIR = build/fuzz)
# FUZZ_TIME (seconds per target, default 60) bounds each run; FUZZ_TARGETS
# (names, e.g. "fuzz_csv") picks some. Each target is linked with the core
# (src/ without the command line, and labels/), as libinventar.a is. The
# seed corpus is made from the files in tests/data; inputs found go to
# BUILD_DIR/corpus-NAME (outside the repository); a crash leaves its input
# in BUILD_DIR/NAME-crash-* and makes this script fail.
set -eu
BUILD=${1:?usage: tests/fuzz/run.sh BUILD_DIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TIME=${FUZZ_TIME:-60}
CC=${FUZZ_CC:-clang}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
command -v "$CC" >/dev/null 2>&1 || { echo "fuzz: $CC not found (make deps-test installs clang)" >&2; exit 1; }

PKGS="sqlite3 ncursesw libqrencode jansson nettle libxml-2.0"
FLAGS="-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -D_GNU_SOURCE -DLOCALEDIR=\"/usr/share/locale\" -I$ROOT/include -I$ROOT/labels -I$ROOT/tui
       $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lhpdf -lm"
CORE=""
for f in "$ROOT"/src/*.c "$ROOT"/labels/*.c; do
    case "$(basename "$f")" in main.c | cli*.c | cmd_*.c) continue ;; esac
    [ -f "$f" ] && CORE="$CORE $f"
done

# Seeds: the fixtures (cut: the fuzzer works on small inputs), and for the
# CSV reader a few shapes the fixtures do not have.
seeds="$BUILD/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"
for f in "$ROOT"/tests/data/*; do
    [ -f "$f" ] && head -c 4096 "$f" >"$seeds/$(basename "$f")"
done
printf 'a,b\n"x\n' >"$seeds/unterminated"
printf 'a;b\r\n1;"2\r\n3"\r\n' >"$seeds/crlf-quoted"
printf '\357\273\277tag\tkind\nT-1\ttablet\n' >"$seeds/bom-tab"
printf '\310\342\340\355;\300\n\301;\230\n' >"$seeds/cp1251"
printf 'a,b\n1,2,3\n\n4\n' >"$seeds/counts"
printf ']C1PC-000123\r\n' >"$seeds/scan"

cat >"$BUILD/fuzz_csv.dict" <<'EOF'
"\x22"
"\x22\x22"
","
";"
"\x09"
"\x0d\x0a"
"\x0d"
"\x0a"
"\xef\xbb\xbf"
"\xff\xfe"
"\xd0\x98"
"\xc8\xe2"
"\x98"
EOF

cd "$BUILD"
for src in "$ROOT"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    case " ${FUZZ_TARGETS:-$name} " in *" $name "*) ;; *) continue ;; esac
    echo "fuzz: building $name"
    # shellcheck disable=SC2086
    "$CC" $FLAGS -o "$BUILD/$name" "$src" $CORE $LIBS
    dict=""
    [ -f "$BUILD/$name.dict" ] && dict="-dict=$BUILD/$name.dict"
    mkdir -p "$BUILD/corpus-$name"
    echo "fuzz: running $name for ${TIME}s"
    # shellcheck disable=SC2086
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        "./$name" -max_total_time="$TIME" -max_len=8192 -rss_limit_mb=2048 -timeout=10 \
        $dict -artifact_prefix="$BUILD/$name-" -print_final_stats=1 \
        "$BUILD/corpus-$name" "$seeds"
    echo "fuzz: $name found no fault in ${TIME}s"
done
