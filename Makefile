# salonbox: `make run` to try it, `make test` to prove it. Both install what is missing first.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
DATA ?= data
LISTEN ?= 127.0.0.1:8080
MAKEFLAGS += --no-print-directory

.PHONY: run test build release package deps deps-test bench clean windows msi test-windows

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

# Release build, used by `make run`, the package and the benchmark.
release: deps
	@cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
	@cmake --build build/release -j $(JOBS)

build: release

# The Debian package of the release build, checked (name, conffiles, maintainer scripts, lintian errors).
package: release
	@scripts/install-deps.sh package
	@rm -f build/release/salonbox_*.deb
	@cd build/release && cpack >/dev/null
	@scripts/check-package.sh build/release/salonbox_*_$$(dpkg --print-architecture).deb
	@echo "Built $$(ls build/release/salonbox_*_$$(dpkg --print-architecture).deb)"

run: release
	@if [ ! -f "$(DATA)/salons/demo.db" ]; then \
	  build/release/salonbox demo --data "$(DATA)" | tee "$(DATA).sign-ins.txt"; \
	  chmod 600 "$(DATA).sign-ins.txt"; \
	else \
	  echo "Using the existing demo salon in $(DATA)/ (sign-ins as first printed, kept in $(DATA).sign-ins.txt):"; \
	  cat "$(DATA).sign-ins.txt" 2>/dev/null || true; \
	fi
	@echo
	@echo "Open http://$(LISTEN)/s/demo/admin/login (staff) or http://$(LISTEN)/s/demo/login (customers). Ctrl-C stops."
	@build/release/salonbox serve --data "$(DATA)" --listen "$(LISTEN)" --mail-transport console

# Debug build with AddressSanitizer and UBSan; unit, integration and browser tests through ctest. Then the
# optimised build that `make run` and the package use, since the optimiser warns about things the debug build
# does not see (-Werror makes that a failure).
test: deps-test
	@cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DSALONBOX_SANITIZE=ON >/dev/null
	@cmake --build build/test -j $(JOBS)
	@cd build/test && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory release

# Windows, cross-compiled with Debian's mingw-w64: build/windows/salonbox.exe, and the installer
# build/windows/salonbox-<version>-x64.msi. The libraries are built once from Debian's sources into
# ~/.cache/salonbox-windows (scripts/build-windows-deps.sh).
windows:
	@scripts/install-deps.sh windows
	@scripts/build-windows.sh exe

msi:
	@scripts/install-deps.sh windows
	@scripts/build-windows.sh msi

# salonbox.exe under wine: --version, demo, serve, and a sign-in to the portal over loopback.
test-windows: windows
	@python3 tests/windows/test_under_wine.py build/windows/salonbox.exe

bench: release
	@cmake --build build/release --target bench_availability -j $(JOBS) >/dev/null
	@build/release/bench_availability
	@scripts/install-deps.sh bench
	@scripts/bench.sh build/release/salonbox

clean:
	rm -rf build
