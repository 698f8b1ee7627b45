# Reprise — build, run, test, fuzz, bench. `make help` lists the targets.

GO        ?= go
BIN       := bin
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
FUZZTIME  ?= 60s
ADDR      ?= 127.0.0.1:8080
DEMO      ?= fixtures/recordings/dynamic.json
HARNESS   := fixtures/harness
PLAYER    := player-web

# package:FuzzTarget pairs run by `make fuzz`
FUZZ_TARGETS := \
	./engine/rrweb:FuzzDecode ./engine/rrweb:FuzzJSONData ./engine/rrweb:FuzzUnpack \
	./engine/rrweb:FuzzPayloadDecoders ./engine/rrweb:FuzzEventStream ./engine:FuzzOpen ./engine:FuzzMutations ./engine:FuzzPatch ./engine:FuzzTimeline ./engine:FuzzDecodeMask \
	./engine/internal/mask:FuzzMask ./engine/internal/mask:FuzzMaskRawEvent ./engine/internal/mask:FuzzMutReader \
	./engine/internal/mask:FuzzFastPathMatchesGeneralPath ./engine/internal/mask:FuzzJSONMayHoldCard \
	./engine/internal/selector:FuzzParse ./fixtures/conform:FuzzNormalize

.PHONY: help build run test vet test-go test-wasm test-node fuzz bench bench-player \
	wasm player fixtures expected crosscheck clean

help:
	@echo "make run          build everything and open the demo recording on http://$(ADDR)/"
	@echo "make test         everything: vet, Go tests (native, then -race -short), engine tests under WASM, browser tests"
	@echo "make build        bin/reprise (+ the player if its npm deps are installed)"
	@echo "make fuzz         each fuzz target for FUZZTIME ($(FUZZTIME))"
	@echo "make bench        engine benchmarks on the long fixture (decode, open, seek, snapshot, mask)"
	@echo "make bench-player rrweb Replayer vs <reprise-player> in Chromium"
	@echo "make wasm         engine.wasm + wasm_exec.js into player-web/dist, with sizes"
	@echo "make fixtures     re-record the fixtures in Chromium (then: make expected)"
	@echo "make expected     regenerate rrweb's expected DOMs; make crosscheck: normalizer oracle"

build:
	$(GO) build -trimpath -o $(BIN)/reprise ./cmd/reprise
	@if [ -f $(PLAYER)/package.json ]; then $(MAKE) --no-print-directory player; fi

run: build
	$(BIN)/reprise preview --addr $(ADDR) $(DEMO)

test: vet test-go test-wasm test-node

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
		if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./engine/... $(if $(wildcard wasm/*.go),./wasm/...)

# Every test natively, then every test under the race detector in -short
# mode: -short leaves out the 59k-event fixture and cuts the random rounds
# of the corpus tests, which under -race alone took over ten minutes on a
# 2-core VM; the native run keeps them whole.
test-go:
	$(GO) test -count=1 ./...
	$(GO) test -race -short -count=1 ./...

# The engine must behave identically natively and under WASM (node).
test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -short -count=1 -exec="$(WASM_EXEC)" ./engine/... ./fixtures/conform/

test-node:
	@if [ -f $(PLAYER)/package.json ]; then \
		cd $(PLAYER) && npm test; \
	else echo "test-node: skipped: no player-web/package.json yet"; fi

fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) bash scripts/fuzz.sh $(FUZZ_TARGETS)

# The masking pipelines run in three rounds rather than with -count 3:
# -count runs each benchmark three times in a row, so a noisy VM's drift
# lands on one of the two being compared.
bench:
	$(GO) test ./engine/rrweb -run '^$$' -bench 'Decode|Encode' -benchmem -count 1
	$(GO) test ./engine -run '^$$' -bench 'Open|SnapshotEnd' -benchtime 5x -count 1
	$(GO) test ./engine -run '^$$' -bench 'StateAt' -benchtime 1x -count 1
	$(GO) test ./wasm -run '^$$' -bench 'SeekPoints' -benchtime 100x -count 1
	for i in 1 2 3; do $(GO) test ./engine -run '^$$' -bench 'Mask$$|MaskOnly|DecodeEncode' -benchtime 40x -benchmem -count 1 || exit 1; done
	$(GO) test ./engine -run '^$$' -bench 'MaskOverhead' -benchtime 6x -count 3

wasm:
	sh wasm/build.sh $(PLAYER)/dist

player:
	cd $(PLAYER) && (test -d node_modules || npm ci --no-audit --no-fund) && npm run build

bench-player: player
	cd $(PLAYER) && npm run bench

fixtures:
	cd $(HARNESS) && npm ci --no-audit --no-fund && node record.mjs

expected:
	cd $(HARNESS) && npm ci --no-audit --no-fund && node expect.mjs

crosscheck:
	cd $(HARNESS) && npm ci --no-audit --no-fund && node crosscheck.mjs

clean:
	rm -rf $(BIN) $(PLAYER)/dist
