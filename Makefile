# inventar: asset and equipment inventory.
# make run | make test | make bench | make fuzz | make install | make clean
# make pot (the translation template; po/README)

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
BIN     ?= inventar
CC      ?= cc
CFLAGS  ?= -O2 -g
T       ?= *
SAN     ?=
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

.PHONY: all run test test-quick test-asan bench fuzz install clean deps deps-test deps-bench demo pot
.DEFAULT_GOAL := all

all: $(BIN) $(MO_FILES)

$(BIN): $(APP_OBJ) $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $(APP_OBJ) $(LIBA) $(LIBS)

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BUILD)/%.o: %.c
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

# Build, make the demo database once (outside the repository), open it,
# in Bulgarian unless INV_LANG names another locale (INV_LANG=C.UTF-8).
run: deps
	@$(MAKE) --no-print-directory all
	@LANGUAGE= LC_ALL="$(INV_LANG)" sh scripts/run-demo.sh ./$(BIN) "$(DEMO_DB)"

# The whole suite, then once more under AddressSanitizer and UBSan.
test: deps-test
	@$(MAKE) --no-print-directory test-quick
	@$(MAKE) --no-print-directory test-asan

test-quick: all $(UNIT_BIN) $(TOOL_BIN)
	@sh tests/run.sh "$(abspath $(BIN))" "$(abspath $(BUILD))" "$(T)"

test-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/inventar SAN=1 \
	    all $(patsubst $(BUILD)/%,build/asan/%,$(UNIT_BIN) $(TOOL_BIN))
	@INVENTAR_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1 \
	    sh tests/run.sh "$(abspath build/asan/inventar)" "$(abspath build/asan)" "$(T)"

bench: deps-bench
	@$(MAKE) --no-print-directory all $(TOOL_BIN)
	@sh tests/bench/run.sh "$(abspath $(BIN))" "$(abspath $(BUILD))"

fuzz: deps-test
	@sh tests/fuzz/run.sh "$(abspath build/fuzz)"

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/inventar
	for l in $(LINGUAS); do \
	    install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
	    install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/inventar.mo \
	        $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/inventar.mo || exit 1; \
	done

clean:
	rm -rf build $(BIN)
