# Switchboard — build, run and test.
#   make run    install Debian packages, build, start on https://localhost:8443
#   make test   build with ASan+UBSan and run every test suite
VERSION   := 0.1.0
CACHE     ?= .cache
CIVETWEB  := $(CACHE)/civetweb
DATA      ?= $(CURDIR)/data
LISTEN    ?= 0.0.0.0:8443

CC        ?= cc
PKGS      := sqlite3 jansson libsodium openssl xlsxwriter libarchive expat zlib \
	     libgsf-1 libzip
WARN      := -std=c11 -Wall -Wextra -Werror -Wstrict-prototypes \
	     -Wmissing-prototypes -Wshadow -Wpointer-arith -Wcast-qual \
	     -Wwrite-strings -Wvla -Wformat-security
HARDEN    := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
# Full RELRO: the GOT is read-only once the libraries are bound.
LDHARDEN  := -Wl,-z,relro,-z,now
DEFS      := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	     -DSWITCHBOARD_VERSION='"$(VERSION)"'
INCS       = -I$(CIVETWEB)/include
LIBS       = $(CIVETWEB)/lib/libcivetweb.a \
	     $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -ldl

PARTS     := lib http system phones assistant provisioning reboots unify \
	     sip_devices
SRC       := $(foreach p,$(PARTS),$(wildcard server/$(p)/*.c)) $(wildcard db/*.c)
LIB_SRC   := $(filter-out server/http/main.c,$(SRC))
HDR       := $(foreach p,$(PARTS),$(wildcard server/$(p)/*.h)) $(wildcard db/*.h)
MIGRATIONS:= $(sort $(wildcard migrations/*.sql))

REL       := build/release
SAN       := build/san
SANFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=undefined

.PHONY: all run test deps deps-test deps-deb civetweb clean unit api e2e \
	check-format check-layers deb deb-test fuzz fuzz-build \
	deps-image image image-test bench deps-bench security-test crash-test

all: $(REL)/switchboard

deps:
	@sh packaging/install-deps.sh run

deps-test:
	@sh packaging/install-deps.sh test

deps-deb:
	@sh packaging/install-deps.sh deb

deps-image:
	@sh packaging/install-deps.sh image

deps-bench:
	@sh packaging/install-deps.sh bench

$(CIVETWEB)/lib/libcivetweb.a:
	@sh packaging/build-civetweb.sh $(CIVETWEB)

civetweb: $(CIVETWEB)/lib/libcivetweb.a

build/migrations.c: $(MIGRATIONS) packaging/embed-migrations.sh
	@mkdir -p build
	sh packaging/embed-migrations.sh migrations > $@.tmp && mv $@.tmp $@

# $(1): output dir, $(2): extra flags, $(3): extra link flags
define build_tree
$(1)/%.o: %.c $(HDR) $(CIVETWEB)/lib/libcivetweb.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(WARN) $(2) $$(DEFS) $$(INCS) \
	    $$(shell pkg-config --cflags $$(PKGS)) -c $$< -o $$@
$(1)/migrations.o: build/migrations.c db/migrate.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(WARN) $(2) $$(DEFS) $$(INCS) -c $$< -o $$@
$(1)/libswitchboard.a: $$(LIB_SRC:%.c=$(1)/%.o) $(1)/migrations.o
	ar rcs $$@ $$^
$(1)/switchboard: $(1)/server/http/main.o $(1)/libswitchboard.a
	$$(CC) $(2) -pie $(3) -o $$@ $$^ $$(LIBS)
endef

$(eval $(call build_tree,$(REL),-O2 -g $(HARDEN),$(LDHARDEN)))
$(eval $(call build_tree,$(SAN),-O1 -g $(SANFLAGS) -fPIE -DSB_TEST_HOOKS))

# Fuzzing (tests/fuzz/): the library again with clang's libFuzzer hooks,
# ASan and UBSan; one binary per target. make fuzz runs each for
# FUZZ_SECONDS; make test runs each for FUZZ_QUICK runs from its corpus.
FUZ       := build/fuzz
FUZZFLAGS := -O1 -g -fsanitize=address,undefined,fuzzer-no-link \
	     -fno-omit-frame-pointer -fno-sanitize-recover=undefined
$(FUZ)/%: CC := clang
$(eval $(call build_tree,$(FUZ),$(FUZZFLAGS) -fPIE))
FUZZ_SRC  := $(wildcard tests/fuzz/*_fuzz.c)
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZ)/tests/%)
FUZZ_SECONDS ?= 60
FUZZ_QUICK   ?= 20000

$(FUZ)/tests/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(FUZ)/libswitchboard.a
	@mkdir -p $(dir $@)
	clang $(WARN) $(FUZZFLAGS) -fsanitize=fuzzer $(DEFS) $(INCS) -Iserver \
	    -Idb $(shell pkg-config --cflags $(PKGS)) $< $(FUZ)/libswitchboard.a \
	    -o $@ $(LIBS)

fuzz-build: deps-test civetweb
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

# Each target for FUZZ_SECONDS, or for FUZZ_RUNS executions, from its
# corpus (kept growing in .cache/fuzz/); a crash leaves its input in
# build/fuzz/findings/. FUZZ_TARGETS=name,… picks some.
FUZZ_PICK = $(if $(FUZZ_TARGETS),$(foreach t,$(subst $(comma), ,$(FUZZ_TARGETS)),$(FUZ)/tests/$(t)_fuzz),$(FUZZ_BIN))
comma := ,
fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(if $(FUZZ_RUNS),runs $(FUZZ_RUNS),long $(FUZZ_SECONDS)) $(FUZZ_PICK)

# Browser libraries from npm, by the lock file, served by the appliance.
WEB_VENDOR := web/vendor/chart.umd.min.js

$(WEB_VENDOR): packaging/web-deps/package.json packaging/web-deps/package-lock.json
	cd packaging/web-deps && npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p web/vendor
	cp packaging/web-deps/node_modules/chart.js/dist/chart.umd.min.js $@

# The Debian package, ./switchboard_$(VERSION)_ARCH.deb (README,
# "Installing the package"); make deb-test installs it in a debootstrapped
# Debian 12 (tests/deb/run.sh), as make test does.
DEB       := switchboard_$(VERSION)_$(shell dpkg --print-architecture).deb

deb: deps-deb civetweb
	@$(MAKE) --no-print-directory $(WEB_VENDOR)
	@sh packaging/build-deb.sh $(VERSION) $(CACHE)

deb-test: deb
	@DEB=$(DEB) CACHE=$(CACHE) SUITES=deb sh tests/run.sh

# The appliance disk image (README, "The appliance image"): Debian 12 by
# debootstrap with the package installed; make image-test boots it under
# qemu-system-x86_64 and reaches /healthz.
IMAGE     := build/image/switchboard-$(VERSION)-amd64.img
IMAGE_MIB ?= 4096

image: deps-image deb
	@sh packaging/build-image.sh $(DEB) $(CACHE) $(IMAGE) $(IMAGE_MIB)

image-test: deps-image
	@[ -f $(IMAGE) ] || $(MAKE) --no-print-directory image
	@IMAGE=$(IMAGE) SUITES=image sh tests/run.sh

run: deps civetweb
	@$(MAKE) --no-print-directory $(REL)/switchboard $(WEB_VENDOR)
	@mkdir -p $(DATA)
	./$(REL)/switchboard --data $(DATA) --admin-listen $(LISTEN) \
	    --web-root web

UNIT_SRC  := $(wildcard tests/unit/*_test.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(SAN)/tests/%)

$(SAN)/tests/%: tests/unit/%.c tests/unit/test.h $(SAN)/libswitchboard.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SANFLAGS) $(DEFS) $(INCS) -Iserver -Idb -Itests/unit \
	    $(shell pkg-config --cflags $(PKGS)) $< $(SAN)/libswitchboard.a \
	    -o $@ $(LIBS)

tests/e2e/node_modules: tests/e2e/package.json tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The release build too: -O2 with _FORTIFY_SOURCE warns where -O1 does
# not, and "make run" must keep building.
test: deps-test civetweb
	@$(MAKE) --no-print-directory $(SAN)/switchboard $(UNIT_BIN) \
	    $(REL)/switchboard $(FAULTFS) tests/e2e/node_modules $(WEB_VENDOR) \
	    $(FUZZ_BIN)
	@$(MAKE) --no-print-directory deb
	@SWITCHBOARD_BIN=$(SAN)/switchboard UNIT_BINS="$(UNIT_BIN)" \
	    FUZZ_BINS="$(FUZZ_BIN)" FUZZ_QUICK=$(FUZZ_QUICK) DEB=$(DEB) \
	    CACHE=$(CACHE) sh tests/run.sh

# One suite at a time (the same build): make unit, make api [T=name],
# make e2e; make check-layers holds the includes to README's "Layout".
unit: deps-test civetweb
	@$(MAKE) --no-print-directory $(UNIT_BIN)
	@UNIT_BINS="$(UNIT_BIN)" SUITES=unit sh tests/run.sh

api: deps-test civetweb
	@$(MAKE) --no-print-directory $(SAN)/switchboard $(WEB_VENDOR)
	@SWITCHBOARD_BIN=$(SAN)/switchboard SUITES=api T="$(T)" sh tests/run.sh

e2e: deps-test civetweb
	@$(MAKE) --no-print-directory $(SAN)/switchboard tests/e2e/node_modules \
	    $(WEB_VENDOR)
	@SWITCHBOARD_BIN=$(SAN)/switchboard SUITES=e2e sh tests/run.sh

# The standing attack suite with its full counts (README, "Security
# tests"); make test runs its quick form.
security-test: deps-test civetweb
	@$(MAKE) --no-print-directory $(SAN)/switchboard
	@SWITCHBOARD_BIN=$(SAN)/switchboard SUITES=security SECURITY_LONG=1 \
	    sh tests/run.sh

# Crash safety (tests/crash/): make test runs the quick form (a few kills
# per operation under ASan, the fault injection of one commit's fsyncs);
# make crash-test the long one (>= 50 kills per operation on the release
# build, a 100,000-row import; every write and fsync of three commits
# failed in turn with EIO and ENOSPC). The shim is LD_PRELOADed into the
# release build, so ASan's interceptors never meet it.
FAULTFS   := build/faultfs.so

$(FAULTFS): tests/crash/faultfs.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -shared -fPIC -o $@ $< -ldl

crash-test: deps-test civetweb
	@$(MAKE) --no-print-directory $(REL)/switchboard $(FAULTFS)
	@SWITCHBOARD_BIN=$(REL)/switchboard CRASH_MODE=long SUITES=crash \
	    sh tests/run.sh

check-layers:
	@python3 packaging/check-layers.py

# Every benchmark on the release build, BENCHMARKS.md rewritten from the
# run (tests/bench/run.py). Nothing else should run meanwhile.
bench: deps-bench civetweb
	@$(MAKE) --no-print-directory $(REL)/switchboard
	@python3 tests/bench/run.py

clean:
	rm -rf build
