# inventar: asset and equipment inventory.
# make run | make test | make bench | make fuzz | make install | make deb | make clean
# make pot (the translation template; po/README)
#
# Two builds of the same code: the shipped one (`make`, `make run`,
# `make install`: ./inventar, objects in build/) and the test build in
# build/test (build/asan under the sanitizers), compiled with
# -DINVENTAR_TEST_HOOKS: only there do the test hooks exist (INVENTAR_NOW, a
# fixed clock; INVENTAR_FAULT_KILL_AFTER_EVENTS, fault injection;
# INVENTAR_TUI_TIMINGS; INVENTAR_GLABELS_DIR; INVENTAR_CONF, another
# configuration file than SYSCONFDIR/inventar/inventar.conf). `make test` runs the suite
# against the test build and passes the shipped binary as
# INVENTAR_DEFAULT_BIN, to show that it ignores them.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
BIN     ?= inventar
CC      ?= cc
CFLAGS  ?= -O2 -g
T       ?= *
SAN     ?=
HOOKS   ?=
TEST_BUILD := build/test
DEMO_DB ?= $(HOME)/.local/share/inventar/demo.db
# The language of `make run`: a locale (C.UTF-8 for English).
INV_LANG ?= bg_BG.UTF-8

PKGS     := sqlite3 ncursesw libqrencode jansson nettle libxml-2.0 xlsxwriter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN     := -std=c11 -Wall -Wextra -Werror
CPPFLAGS += -D_GNU_SOURCE -Iinclude -Ilabels -Itui -DLOCALEDIR='"$(PREFIX)/share/locale"'
SYSCONFDIR ?= /etc
CPPFLAGS += -DSYSCONFDIR='"$(SYSCONFDIR)"'
ifeq ($(SAN),1)
  CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(HOOKS),1)
  CPPFLAGS += -DINVENTAR_TEST_HOOKS
endif
ALL_CFLAGS := $(WARN) $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS)
LIBS := $(PKG_LIBS) -lhpdf -lm

# The core (src/ minus the command line), labels/ and tui/.
CLI_SRC  := src/main.c $(wildcard src/cli*.c) $(wildcard src/cmd_*.c)
CORE_SRC := $(filter-out $(CLI_SRC),$(wildcard src/*.c))
LAB_SRC  := $(wildcard labels/*.c)
TUI_SRC  := $(wildcard tui/*.c)
LIB_SRC  := $(CORE_SRC) $(LAB_SRC)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
APP_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o) $(TUI_SRC:%.c=$(BUILD)/%.o)
LIBA     := $(BUILD)/libinventar.a
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
# Message catalogs: po/LANG.po -> $(BUILD)/locale/LANG/LC_MESSAGES/inventar.mo,
# where a binary run from the checkout (or from $(BUILD)) finds them (main.c).
LINGUAS  := $(basename $(notdir $(wildcard po/*.po)))
MO_FILES := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/inventar.mo)

# What kind of build $(BUILD) holds (hooks, sanitizers): when it changes,
# every object is compiled again, so a test hook can't linger in the
# shipped binary nor be missing from the test build.
BUILD_KIND  := hooks=$(HOOKS) san=$(SAN) cflags=$(CFLAGS) ldflags=$(LDFLAGS)
KIND_STAMP  := $(BUILD)/.build-kind
$(shell mkdir -p $(BUILD) && { [ "$$(cat $(KIND_STAMP) 2>/dev/null)" = "$(BUILD_KIND)" ] || echo "$(BUILD_KIND)" >$(KIND_STAMP); })

.PHONY: all run test test-quick test-asan test-bins bench fuzz install deb clean deps deps-test deps-bench deps-deb demo pot
.DEFAULT_GOAL := all

all: $(BIN) $(MO_FILES)

$(BIN): $(APP_OBJ) $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $(APP_OBJ) $(LIBA) $(LIBS)

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BUILD)/%.o: %.c $(KIND_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# --check refuses a translation whose format directives differ from the
# English ones (a printf that would crash) and a malformed header.
$(BUILD)/locale/%/LC_MESSAGES/inventar.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@.tmp $<
	mv $@.tmp $@

# The template translators start from (po/README).
pot:
	sh scripts/pot.sh po/inventar.pot

$(BUILD)/tests/%: tests/unit/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBA) $(LIBS) $(shell pkg-config --libs cmocka) $(LDFLAGS)

$(BUILD)/tools/%: tests/tools/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBA) $(LIBS) $(LDFLAGS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

deps:
	@sh scripts/deps.sh run
deps-test:
	@sh scripts/deps.sh test
deps-bench:
	@sh scripts/deps.sh bench
deps-deb:
	@sh scripts/deps.sh deb

# Build, make the demo database once (outside the repository), open it,
# in Bulgarian unless INV_LANG names another locale (INV_LANG=C.UTF-8).
run: deps
	@$(MAKE) --no-print-directory all
	@LANGUAGE= LC_ALL="$(INV_LANG)" sh scripts/run-demo.sh ./$(BIN) "$(DEMO_DB)"

# The whole suite, then once more under AddressSanitizer and UBSan.
test: deps-test
	@$(MAKE) --no-print-directory test-quick
	@$(MAKE) --no-print-directory test-asan

# The test build (HOOKS=1) of the suite's binaries, in $(BUILD).
test-bins: all $(UNIT_BIN) $(TOOL_BIN)

test-quick: all
	@$(MAKE) --no-print-directory BUILD=$(TEST_BUILD) BIN=$(TEST_BUILD)/inventar HOOKS=1 test-bins
	@INVENTAR_DEFAULT_BIN="$(abspath $(BIN))" \
	    sh tests/run.sh "$(abspath $(TEST_BUILD)/inventar)" "$(abspath $(TEST_BUILD))" "$(T)"

test-asan: all
	@$(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/inventar SAN=1 HOOKS=1 test-bins
	@INVENTAR_DEFAULT_BIN="$(abspath $(BIN))" INVENTAR_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1 \
	    sh tests/run.sh "$(abspath build/asan/inventar)" "$(abspath build/asan)" "$(T)"

# On the test build (the same optimisation): the TUI's benchmark reads
# its INVENTAR_TUI_TIMINGS.
bench: deps-bench
	@$(MAKE) --no-print-directory BUILD=$(TEST_BUILD) BIN=$(TEST_BUILD)/inventar HOOKS=1 \
	    all $(patsubst $(BUILD)/%,$(TEST_BUILD)/%,$(TOOL_BIN))
	@sh tests/bench/run.sh "$(abspath $(TEST_BUILD)/inventar)" "$(abspath $(TEST_BUILD))"

fuzz: deps-test
	@sh tests/fuzz/run.sh "$(abspath build/fuzz)"

# The program, its catalogs, the man page; the configuration's example
# only where there is none (an administrator's file is never replaced).
install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/inventar
	for l in $(LINGUAS); do \
	    install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
	    install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/inventar.mo \
	        $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/inventar.mo || exit 1; \
	done
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0644 man/inventar.1 $(DESTDIR)$(PREFIX)/share/man/man1/inventar.1
	install -d $(DESTDIR)$(SYSCONFDIR)/inventar
	[ -e $(DESTDIR)$(SYSCONFDIR)/inventar/inventar.conf ] || \
	    install -m 0644 packaging/inventar.conf $(DESTDIR)$(SYSCONFDIR)/inventar/inventar.conf

# build/inventar_VERSION_ARCH.deb (scripts/mkdeb.sh): the shipped build
# (no test hooks) for /usr, in a build directory of its own, hardened as
# Debian builds its packages (the binary is installed setgid): stack
# protector, _FORTIFY_SOURCE, full RELRO (bindnow); PIE is gcc's default.
DEB_BUILD := build/deb
DEB_CFLAGS ?= -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2
DEB_LDFLAGS ?= -Wl,-z,relro -Wl,-z,now
deb: deps-deb
	@$(MAKE) --no-print-directory BUILD=$(DEB_BUILD) BIN=$(DEB_BUILD)/inventar \
	    PREFIX=/usr SYSCONFDIR=/etc HOOKS= SAN= CFLAGS="$(DEB_CFLAGS)" LDFLAGS="$(DEB_LDFLAGS)" all
	@sh scripts/mkdeb.sh $(DEB_BUILD)/inventar $(DEB_BUILD)/locale build

clean:
	rm -rf build $(BIN)
