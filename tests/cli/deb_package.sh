# The Debian package (make deb, scripts/mkdeb.sh), built here from the
# already built shipped binary to spare a build: what it holds (binary,
# Bulgarian catalog, man page, the configuration as a conffile, the
# maintainer scripts), its name and control fields (version from the
# program, the dpkg architecture, Depends on the runtime libraries and the
# font), a man page that renders without a warning and names every
# command, subcommand and option the --help texts name. Installing it for
# real is a manual check (README: "Installing on the agency's server"):
# `dpkg --root` would still run the maintainer scripts on this system. What
# the postinst decides is checked by running it against a fake root
# ($DPKG_ROOT) with stand-ins for the commands that change the system
# (getent, addgroup, dpkg-statoverride, chown, chmod), which record how they
# were called: the group, the data directory and the setgid binary on a
# first install, only the binary again on an upgrade, nothing of the binary
# when the administrator recorded a dpkg-statoverride.
. "$TESTLIB"

DEF=${INVENTAR_DEFAULT_BIN:-}
if [ -z "$DEF" ] || [ ! -x "$DEF" ]; then
    fail "INVENTAR_DEFAULT_BIN names the shipped binary (run through make test)"
    finish
fi
for tool in dpkg-deb dpkg-shlibdeps groff; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        fail "$tool is installed (make deps-test installs it)"
        finish
    fi
done

# ---- the package ----
expect_exit "mkdeb refuses a binary built for another prefix than /usr" 1 \
    sh "$ROOT/scripts/mkdeb.sh" "$DEF" "$BUILD/locale" "$WORK/refused"
expect_contains "... saying how to build it" "PREFIX=/usr" "$ERR_TXT"
expect_exit "mkdeb builds the package" 0 env MKDEB_ANY_PREFIX=1 \
    sh "$ROOT/scripts/mkdeb.sh" "$DEF" "$BUILD/locale" "$WORK/out"
version=$("$DEF" --version | sed 's/^inventar //')
arch=$(dpkg --print-architecture)
DEB=$WORK/out/inventar_${version}_${arch}.deb
expect_eq "... named inventar_VERSION_ARCH.deb" "$DEB" "$OUT_TXT"
expect_eq "... and there" yes "$([ -f "$DEB" ] && echo yes || echo no)"

contents=$(dpkg-deb -c "$DEB")
has() { # has WHAT MODE PATH: the package holds PATH with MODE (ls -l form)
    line=$(printf '%s\n' "$contents" | awk -v p="./$3" '$6 == p')
    case "$line" in
        "$2 root/root "*) pass "$1" ;;
        *) fail "$1"; printf '  wanted %s %s, got: %s\n' "$2" "$3" "$line" ;;
    esac
}
has "the binary, /usr/bin/inventar" -rwxr-xr-x usr/bin/inventar
has "the Bulgarian catalog" -rw-r--r-- usr/share/locale/bg/LC_MESSAGES/inventar.mo
has "the man page inventar(1)" -rw-r--r-- usr/share/man/man1/inventar.1.gz
has "the configuration" -rw-r--r-- etc/inventar/inventar.conf
expect_not_contains "no /var/lib/inventar in the package (the postinst makes it)" \
    "var/lib" "$contents"
expect_eq "/etc/inventar/inventar.conf is a conffile" /etc/inventar/inventar.conf \
    "$(dpkg-deb --ctrl-tarfile "$DEB" | tar -xOf - ./conffiles)"

expect_eq "Package" inventar "$(dpkg-deb -f "$DEB" Package)"
expect_eq "Version: the program's" "$version" "$(dpkg-deb -f "$DEB" Version)"
expect_eq "Architecture: dpkg's" "$arch" "$(dpkg-deb -f "$DEB" Architecture)"
deps=$(dpkg-deb -f "$DEB" Depends)
# The packages that hold the libraries the binary links.
for lib in libsqlite3.so.0 libncursesw.so.6 libqrencode.so.4 libhpdf-2.3.0.so \
           libjansson.so.4 libnettle.so.8 libxml2.so.2 libxlsxwriter.so; do
    path=$(ldd "$DEF" | awk -v l="$lib" 'index($1, l) == 1 {print $3; exit}')
    # By the file's name: /lib and /usr/lib are one directory (merged /usr).
    pkg=$(dpkg -S "*/$(basename "$(readlink -f "$path")")" 2>/dev/null | head -n 1 | cut -d: -f1)
    if [ -z "$pkg" ]; then fail "the package of $lib is known to dpkg ($path)"; continue; fi
    expect_contains "Depends on $pkg ($lib)" "$pkg" "$deps"
done
expect_contains "Depends on fonts-dejavu-core (the labels' font)" fonts-dejavu-core "$deps"
expect_contains "Depends on adduser (the postinst's addgroup)" adduser "$deps"

# ---- Maintainer, copyright, changelog ----
# The git configuration is given in the command line's scope (GIT_CONFIG_*),
# which wins over every file's.
mkmaint() { # mkmaint NAME EMAIL: mkdeb with that user.name and user.email
    env -u DEB_MAINTAINER MKDEB_ANY_PREFIX=1 GIT_CONFIG_COUNT=2 \
        GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="$1" \
        GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1="$2" \
        sh "$ROOT/scripts/mkdeb.sh" "$DEF" "$BUILD/locale" "$WORK/m"
}
MDEB=$WORK/m/$(basename "$DEB")
expect_exit "mkdeb with git's user.name and user.email set" 0 mkmaint "Ana Petrova" ana@example.org
expect_eq "... makes them the Maintainer" "Ana Petrova <ana@example.org>" "$(dpkg-deb -f "$MDEB" Maintainer)"
expect_exit "mkdeb with DEB_MAINTAINER" 0 env DEB_MAINTAINER="Ivan Ivanov <ivan@example.org>" \
    MKDEB_ANY_PREFIX=1 sh "$ROOT/scripts/mkdeb.sh" "$DEF" "$BUILD/locale" "$WORK/m"
expect_eq "... makes it the Maintainer" "Ivan Ivanov <ivan@example.org>" "$(dpkg-deb -f "$MDEB" Maintainer)"
expect_exit "mkdeb with neither" 0 mkmaint "" ""
expect_eq "... writes a placeholder that says so" "unknown maintainer <nobody@invalid>" \
    "$(dpkg-deb -f "$MDEB" Maintainer)"
expect_contains "... and warns" "warning: Maintainer is the placeholder" "$ERR_TXT"
expect_exit "a Maintainer that is not 'Name <address>' is refused" 1 env DEB_MAINTAINER=ivan \
    MKDEB_ANY_PREFIX=1 sh "$ROOT/scripts/mkdeb.sh" "$DEF" "$BUILD/locale" "$WORK/m"

has "the copyright file" -rw-r--r-- usr/share/doc/inventar/copyright
has "the changelog" -rw-r--r-- usr/share/doc/inventar/changelog.gz
copyright=$(dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - ./usr/share/doc/inventar/copyright)
expect_contains "copyright: machine-readable, names the upstream" "Upstream-Name: inventar" "$copyright"
expect_contains "... and grants no licence (the repository has none)" "All rights reserved." "$copyright"
expect_eq "... it is packaging/debian/copyright" "$(cat "$ROOT/packaging/debian/copyright")" "$copyright"
changelog=$(dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - ./usr/share/doc/inventar/changelog.gz | zcat)
expect_contains "changelog: the version" "inventar ($version) unstable; urgency=medium" "$changelog"
expect_contains "... signed by the Maintainer" " -- $(dpkg-deb -f "$DEB" Maintainer)  " "$changelog"

# ---- the maintainer scripts ----
ctl=$WORK/ctl
mkdir -p "$ctl"
dpkg-deb -e "$DEB" "$ctl"
expect_eq "postinst and postrm are there, executable" "yes yes" \
    "$([ -x "$ctl/postinst" ] && echo yes) $([ -x "$ctl/postrm" ] && echo yes)"
post=$(cat "$ctl/postinst")
expect_contains "postinst adds the system group inventar" "addgroup --quiet --system inventar" "$post"
expect_contains "postinst makes /var/lib/inventar root:inventar" 'chown root:inventar "$DATA"' "$post"
expect_contains "... mode 2770" 'chmod 2770 "$DATA"' "$post"
expect_contains "postinst: the data directory is /var/lib/inventar" 'DATA=$DPKG_ROOT/var/lib/inventar' "$post"
expect_contains "postinst: the binary is /usr/bin/inventar" 'BIN=$DPKG_ROOT/usr/bin/inventar' "$post"
expect_contains "postinst respects an administrator's dpkg-statoverride" \
    "dpkg-statoverride --list /usr/bin/inventar" "$post"
for s in postinst postrm; do
    expect_eq "$s stops at the first failure (set -e)" "set -e" "$(grep -x 'set -e' "$ctl/$s")"
done

# The postinst against a fake root: stand-ins record each call in $calls;
# getent finds the group when $HAVE_GROUP is set, dpkg-statoverride lists
# an override when $OVERRIDE is set. mkdir is the real one.
stubs=$WORK/stubs calls=$WORK/calls fake=$WORK/fake
mkdir -p "$stubs" "$fake/usr/bin"
: >"$fake/usr/bin/inventar"
for c in getent addgroup dpkg-statoverride chown chmod; do
    cat >"$stubs/$c" <<STUB
#!/bin/sh
echo "$c \$*" >>"$calls"
case "$c" in
getent) [ -n "\${HAVE_GROUP:-}" ] && echo "inventar:x:999:" && exit 0; exit 2 ;;
dpkg-statoverride) [ -n "\${OVERRIDE:-}" ] && echo "root inventar 2750 /usr/bin/inventar" && exit 0; exit 1 ;;
esac
exit 0
STUB
    chmod +x "$stubs/$c"
done
postinst() { # postinst ARGS...: the packaged postinst on the fake root; $calls
    : >"$calls"
    env PATH="$stubs:$PATH" DPKG_ROOT="$fake" sh "$ctl/postinst" "$@" >/dev/null 2>&1
    _rc=$?
    calls_txt=$(sed "s|$fake|FAKE|g" "$calls")
    return $_rc
}
postinst configure
expect_eq "first install: the group, the data directory and the setgid binary" \
"getent group inventar
addgroup --quiet --system inventar
chown root:inventar FAKE/var/lib/inventar
chmod 2770 FAKE/var/lib/inventar
dpkg-statoverride --list /usr/bin/inventar
chown root:inventar FAKE/usr/bin/inventar
chmod 2755 FAKE/usr/bin/inventar" "$calls_txt"
expect_eq "... the data directory made" yes "$([ -d "$fake/var/lib/inventar" ] && echo yes)"
touch "$fake/var/lib/inventar/inventar.db"
HAVE_GROUP=1 postinst configure 0.1
expect_eq "upgrade or reinstall: the binary setgid again (dpkg unpacked it 0755), nothing else" \
"getent group inventar
dpkg-statoverride --list /usr/bin/inventar
chown root:inventar FAKE/usr/bin/inventar
chmod 2755 FAKE/usr/bin/inventar" "$calls_txt"
expect_eq "... the data left as it was" inventar.db "$(ls "$fake/var/lib/inventar")"
HAVE_GROUP=1 OVERRIDE=1 postinst configure 0.1
expect_eq "an administrator's dpkg-statoverride: the binary left to dpkg" \
"getent group inventar
dpkg-statoverride --list /usr/bin/inventar" "$calls_txt"
rc=0; postinst triggered || rc=$?
expect_eq "postinst refuses an unknown argument" 1 "$rc"
rc=0; postinst abort-upgrade 0.1 || rc=$?
expect_eq "postinst abort-upgrade: nothing to undo" "0 " "$rc $calls_txt"
expect_eq "postrm never deletes anything" "" \
    "$(grep -v '^ *#' "$ctl/postrm" | grep -E '(^|[;&|[:space:]])(rm|rmdir|delgroup|deluser)[[:space:]]')"
for s in postinst postrm; do
    expect_exit "$s is valid sh" 0 sh -n "$ctl/$s"
done

# ---- what is inside ----
x=$WORK/x
dpkg-deb -x "$DEB" "$x"
expect_exit "the packaged binary runs" 0 "$x/usr/bin/inventar" --version
expect_eq "... and is the shipped build (no test hooks: INVENTAR_CONF ignored)" \
    "/etc/inventar/inventar.conf" \
    "$(INVENTAR_CONF=$WORK/other.conf "$x/usr/bin/inventar" --help | grep -o '/[a-z/]*inventar.conf')"
expect_eq "the catalog is the build's" "$(cat "$BUILD/locale/bg/LC_MESSAGES/inventar.mo" | sha256sum)" \
    "$(cat "$x/usr/share/locale/bg/LC_MESSAGES/inventar.mo" | sha256sum)"
expect_eq "the conffile is packaging/inventar.conf" "$(sha256sum <"$ROOT/packaging/inventar.conf")" \
    "$(sha256sum <"$x/etc/inventar/inventar.conf")"
# Every key of the shipped configuration, uncommented, is one inventar takes.
sed 's/^#\(db\|agency\|owner\) /\1 /' "$x/etc/inventar/inventar.conf" >"$WORK/un.conf"
expect_exit "the conffile's keys, uncommented, are accepted" 0 \
    env INVENTAR_CONF="$WORK/un.conf" "$INVENTAR_BIN" --db "$WORK/c.db" init

# ---- the man page ----
zcat "$x/usr/share/man/man1/inventar.1.gz" >"$WORK/inventar.1"
expect_eq "the packaged man page is man/inventar.1" "$(sha256sum <"$ROOT/man/inventar.1")" \
    "$(sha256sum <"$WORK/inventar.1")"
LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z "$WORK/inventar.1" 2>"$WORK/groff.err"
expect_eq "the man page renders without a warning" "" "$(cat "$WORK/groff.err")"
page=$(LC_ALL=C.UTF-8 groff -k -man -Tutf8 -rLL=2000n "$WORK/inventar.1" 2>/dev/null |
    sed 's/.\x08//g')
for sec in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
    expect_contains "the man page has $sec" "$sec" "$page"
done
for v in INVENTAR_DB XDG_DATA_HOME LANGUAGE LC_ALL LANG TZ INVENTAR_FONT NO_COLOR \
         /etc/inventar/inventar.conf /var/lib/inventar; do
    expect_contains "the man page names $v" "$v" "$page"
done
# Every command of --help; every subcommand of its usage; every option of
# each usage (CMD --help, CMD x --help in help mode, CMD SUB --help).
src=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$ROOT/man/inventar.1")
missing=""
cmds=$("$DEF" --help | awk '/^  [a-z]/ {print $1}')
[ -n "$cmds" ] || fail "inventar --help lists commands"
for c in $cmds; do
    case "$src" in *"inventar $c"*) ;; *) missing="$missing $c" ;; esac
    usage=$("$DEF" "$c" --help; "$DEF" "$c" x --help 2>&1)
    subs=$(printf '%s\n' "$usage" | sed -n "s/^usage: inventar $c \([a-z|]*\) \.\.\..*/\1/p" | tr '|' ' ')
    for s in $subs; do
        case "$src" in *"inventar $c $s"*) ;; *) missing="$missing '$c $s'" ;; esac
        usage="$usage $("$DEF" "$c" "$s" --help 2>&1)"
    done
    for o in $(printf '%s\n' "$usage" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        printf '%s\n' "$src" | grep -q -- "$o\\b" || missing="$missing $c:$o"
    done
done
expect_eq "the man page names every command, subcommand and option" "" "$missing"
finish
