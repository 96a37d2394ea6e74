# The tutorial's TCP server and client, ported to Go on golang.org/x/sys/unix.
# `make help` lists the targets.

GO          ?= go
CC          ?= cc
CFLAGS      ?= -Wall -Wextra -O2
# The tests and tools compile the C with these too (sockettest.CompileC).
export CC CFLAGS
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
ACTIONLINT  := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
DEADCODE    := golang.org/x/tools/cmd/deadcode@v0.52.0
GOIMPORTS   := golang.org/x/tools/cmd/goimports@v0.52.0
# Other systems the code must build for: make lint vets every package for
# each; make cross links the programs a user there runs, and every test
# binary for darwin/arm64.
CROSS       := darwin/amd64 darwin/arm64 freebsd/amd64 openbsd/amd64 netbsd/amd64 linux/386
# Nothing built for CROSS is run, so it is compiled without optimisation or
# inlining (-N -l): the checks read the source, not the machine code, and
# the standard library compiles in a fifth less time for each system. One
# flag set for vet, staticcheck and the builds, which share what it compiles.
CROSSFLAGS  := GOFLAGS="$$GOFLAGS '-gcflags=all=-N -l'"
PROGRAMS    := ./server ./client ./scripts/grownup/server ./scripts/grownup/client ./scripts/run
# What make test-arm64 runs. The programs' packages and the strace
# comparison: their tests run natively and start the programs built for
# linux/arm64 through the emulator (a test binary under qemu-user once hung
# CI in a fork that never returned; the programs fork nothing). The
# library the programs share: its tests call it in-process, so they run as
# a linux/arm64 test binary under the emulator. The other tools' tests
# drive this machine's strace, namespaces and capture: left out.
ARM64_PKGS  := ./server ./client ./scripts/grownup/... ./scripts/compare
ARM64_UNIT  := ./sockutil/...
# The emulator that runs the linux/arm64 test suite (Debian: qemu-user-static).
QEMU        ?= qemu-aarch64-static

.PHONY: help build c run compare compare-readme compare-net compare-net-readme tour tour-readme diagram diagram-readme wire wire-readme exercise bench flakes fuzz test test-checks test-runs test-arm64 lint cross clean

help: ## list the targets
	@# Each description wrapped to fit 80 columns, under its own indent.
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ \
	  line = sprintf("  make %-15s", $$1); n = split($$2, w, " "); \
	  for (i = 1; i <= n; i++) { \
	    if (length(line) + 1 + length(w[i]) > 80) { print line; line = sprintf("%23s", "") w[i] } \
	    else line = line " " w[i] } \
	  print line }'

build: ## build the Go programs: the tutorial's bin/server, bin/client; the grown-up bin/grownup-server, bin/grownup-client
	$(GO) build -o bin/ ./server ./client
	$(GO) build -o bin/grownup-server ./scripts/grownup/server
	$(GO) build -o bin/grownup-client ./scripts/grownup/client

c: bin/server-c bin/client-c ## build the tutorial's C programs: bin/server-c, bin/client-c

bin/%-c: scripts/tutorial/%.c
	@mkdir -p bin
	$(CC) $(CFLAGS) -o $@ $<

run: build ## start bin/server, run bin/client against it: prints Server Message
	$(GO) run ./scripts/run

WIDTH ?= -1
compare: build ## strace the C and Go programs, print their socket calls side by side (WIDTH=80: no wider; default: the terminal's)
	$(GO) run ./scripts/compare -go bin -c scripts/tutorial -width $(WIDTH)

compare-readme: build ## make compare, and put its output into README.md (the exchange) and scripts/compare/README.md (all)
	$(GO) run ./scripts/compare -go bin -c scripts/tutorial -width 0 -readme README.md -doc scripts/compare/README.md

compare-net: build ## the C, the port and the same programs written with Go's net package, call by call, each of net's calls explained by the Go source that makes it (Linux; strace)
	$(GO) run ./scripts/compare -go bin -c scripts/tutorial -net -width $(WIDTH)

compare-net-readme: build ## make compare-net, and put its output into scripts/compare/README.md
	$(GO) run ./scripts/compare -go bin -c scripts/tutorial -net -width 0 -doc scripts/compare/README.md

tour: build ## step the C pair and the Go pair through one exchange, showing the kernel's sockets (ss) after each call (Linux; ptrace)
	$(GO) run ./scripts/tour -go bin -c scripts/tutorial

tour-readme: build ## make tour, and put its output into scripts/tour/README.md, and its states into README.md
	$(GO) run ./scripts/tour -go bin -c scripts/tutorial -width 80 -readme scripts/tour/README.md -lesson README.md

diagram: build ## draw one exchange of each pair as a sequence diagram from a real run: bin/exchange-c.svg, bin/exchange-go.svg (Linux)
	$(GO) run ./scripts/tour -svg bin

diagram-readme: build ## make diagram, into scripts/tour/, where the README shows them
	$(GO) run ./scripts/tour -svg scripts/tour

wire: build ## capture one exchange's TCP segments, C pair and Go pair, each in a network namespace of its own (Linux, root or user namespaces)
	$(GO) run ./scripts/wire -go bin -c scripts/tutorial

wire-readme: build ## make wire, and put its output into scripts/wire/README.md
	$(GO) run ./scripts/wire -go bin -c scripts/tutorial -width 80 -readme scripts/wire/README.md

# $(call shell-quote,VALUE) is VALUE as one word for the shell, whatever it
# holds: in single quotes, each of its own quotes as '\''. EX='echo; ls' is
# a name that is no exercise, not two commands.
shell-quote = '$(subst ','\'',$(1))'

exercise: ## the exercises: with no EX, the list; EX=NAME checks your answer, scripts/exercises/NAME (PKG=DIR: a Go main package elsewhere in this module), against the C reference, call by call (Linux; strace)
	$(GO) run ./scripts/exercises -width $(call shell-quote,$(WIDTH)) $(if $(PKG),-pkg $(call shell-quote,$(PKG)) )$(if $(EX),-- $(call shell-quote,$(EX)))

bench: ## the Go port against the C and Go's net package: throughput, connections/s, start-up, syscalls, memory
	$(GO) run ./scripts/bench $(BENCHFLAGS)

flakes: ## the flake hunt: the process tests COUNT times (20) with every CPU busy; each test's failures (RUN=, PKGS=, TIMEOUT=)
	scripts/flakes.sh

FUZZTIME ?= 30s
fuzz: ## fuzz the -ip and -port parsing for FUZZTIME each (the seeds run in make test)
	$(GO) test -run '^$$' -fuzz '^FuzzParseIP$$' -fuzztime $(FUZZTIME) ./sockutil
	$(GO) test -run '^$$' -fuzz '^FuzzParsePort$$' -fuzztime $(FUZZTIME) ./sockutil

# make test runs two chains at once: the checks of the source, which
# compile it for every system (CPU), and the runs, whose tests spend much
# of their time waiting on the programs they start. Each step's output is
# printed whole when it ends (--output-sync, GNU make 4.0); macOS's make,
# 3.81, has no --output-sync, and runs them one after the other.
ifneq ($(filter output-sync,$(.FEATURES)),)
TEST_JOBS := -j2 --output-sync=target
endif
test: ## everything CI checks, in two chains at once: lint and cross-builds; make run twice, go test -race and the arm64 suite
	@echo "make test: $(if $(TEST_JOBS),two chains at once,one after the other (make $(MAKE_VERSION))): lint, cross; make run twice, go test -race, test-arm64$(if $(TEST_JOBS),; each step printed whole when it ends)"
	@$(MAKE) --no-print-directory $(TEST_JOBS) test-checks test-runs

# The two chains: make -j2 runs two of its goals at a time, so each chain is
# one goal whose steps follow each other.
test-checks:
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory cross

test-runs:
	@echo "make run, twice in a row:"
	@$(MAKE) --no-print-directory run && $(MAKE) --no-print-directory run
	$(GO) test -race -count=1 ./...
	@$(MAKE) --no-print-directory test-arm64

test-arm64: ## the programs' tests with -short (one test of each kind), the programs built for linux/arm64 and run under qemu-user (Linux)
	@if [ "$$(uname -s)" != Linux ]; then echo "test-arm64: not Linux, so no qemu-user: skipped"; exit 0; fi; \
	if [ "$$($(GO) env GOHOSTARCH)" = arm64 ]; then echo "test-arm64: this machine is arm64: go test ran natively"; exit 0; fi; \
	if ! command -v $(QEMU) >/dev/null; then \
	  if [ -n "$$CI" ]; then echo "test-arm64: $(QEMU) is not installed, and CI is set: failing"; exit 1; fi; \
	  echo "test-arm64: SKIPPED: $(QEMU) is not installed (Debian: apt-get install qemu-user-static)"; exit 0; \
	fi; \
	echo "GOARCH=arm64 go test -short -exec $(QEMU) -count=1 $(ARM64_UNIT)"; \
	GOARCH=arm64 $(GO) test -short -exec $(QEMU) -count=1 $(ARM64_UNIT) && \
	echo "TCPSOCKET_GOARCH=arm64 TCPSOCKET_EXEC=$(QEMU) go test -short -count=1 $(ARM64_PKGS)" && \
	TCPSOCKET_GOARCH=arm64 TCPSOCKET_EXEC=$(QEMU) $(GO) test -short -count=1 $(ARM64_PKGS)

lint: ## gofmt; goimports (the module's imports in a group of their own); go mod tidy changes nothing; deadcode -test finds nothing; go vet and staticcheck for this system and every one in CROSS; actionlint on the GitHub workflow
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$bad" ]; then echo "not gofmt-ed: $$bad"; exit 1; fi
	@$(GO) mod tidy -diff || { echo "go.mod or go.sum is not tidy: run go mod tidy, and commit the change"; exit 1; }
	$(GO) vet ./...
	@# Built once for this machine (go run would build it for GOOS), then run per target:
	@# a symbol used only by _linux files is unused on darwin, and only a darwin run sees it.
	GOOS= GOARCH= GOBIN=$(CURDIR)/bin/tools $(GO) install $(STATICCHECK)
	GOOS= GOARCH= GOBIN=$(CURDIR)/bin/tools $(GO) install $(DEADCODE)
	GOOS= GOARCH= GOBIN=$(CURDIR)/bin/tools $(GO) install $(GOIMPORTS)
	@bad=$$(bin/tools/goimports -local tcpsocket -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$bad" ]; then echo "imports not grouped (bin/tools/goimports -local tcpsocket -w FILE): $$bad"; exit 1; fi
	bin/tools/staticcheck ./...
	@dead=$$(bin/tools/deadcode -test ./...); \
	  if [ -n "$$dead" ]; then echo "deadcode -test: unreachable code:"; echo "$$dead"; exit 1; fi
	@for t in $(CROSS); do \
	  echo "GOOS=$${t%/*} GOARCH=$${t#*/}: go vet, staticcheck"; \
	  $(CROSSFLAGS) GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet ./... && \
	  $(CROSSFLAGS) GOOS=$${t%/*} GOARCH=$${t#*/} bin/tools/staticcheck ./... || exit 1; \
	done
	$(GO) run $(ACTIONLINT) .github/workflows/ci.yml

cross: ## build the programs for the other systems, and link the tests for darwin/arm64, the Mac's stand-in (go test -exec true, running none; make lint vets every package for every target)
	@for t in $(CROSS); do \
	  echo "GOOS=$${t%/*} GOARCH=$${t#*/}: go build $(PROGRAMS)"; \
	  $(CROSSFLAGS) GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) build -o /dev/null $(PROGRAMS) || exit 1; \
	done
	@echo "GOOS=darwin GOARCH=arm64: go test -exec true"
	@$(CROSSFLAGS) GOOS=darwin GOARCH=arm64 $(GO) test -exec true ./... >/dev/null

clean: ## remove bin/
	rm -rf bin
