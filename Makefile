# Every target is a one-liner over the apigen CLI and the go tool.
GO ?= go

.PHONY: generate check test vet lint golden build corpus corpus-wide bench buildcost docs

generate: ## regenerate gen/ from specs/, overlays/ and apigen.yaml
	$(GO) generate ./...

check: generate ## fail when the committed generated output is stale
	@test -z "$$(git status --porcelain -- gen)" || { git status --porcelain -- gen; echo "gen/ is stale: run make generate and commit"; exit 1; }

test: ## every test, hermetic (no network)
	$(GO) test ./...

vet:
	$(GO) vet ./...

lint: vet ## gofmt and vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }

golden: ## rewrite the golden files after an intended output change
	$(GO) test ./generator -run TestGolden -update

build:
	$(GO) build -o bin/apigen ./cmd/apigen

corpus: ## every spec in ../shared/corpus through apigen and plain oapi-codegen, compiled; prints a table
	$(GO) run ./tools/corpus -dir ../shared/corpus

corpus-wide: ## the 261 real specs of ../shared/corpus-wide, 2 at a time, 5 min limit each: table and totals beside plain oapi-codegen (about 30 min; not in .ci/run)
	$(GO) run ./tools/corpus -dir ../shared/corpus-wide -j $${JOBS:-2} -timeout $${TIMEOUT:-5m}

bench: ## apigen beside oapi-codegen's CLI (generate) and oasdiff (diff) on the same inputs: median ms, max RSS, ratio; BENCH=diff for the diff rows only
	RUNS=$${RUNS:-5} bash scripts/bench.sh
	$(GO) test ./generator -run '^$$' -bench . -benchtime 3x

buildcost: ## compile gen/admtools as before issue 15 (46931d9) and now: time, peak memory, lines per operation
	RUNS=$${RUNS:-5} bash scripts/buildcost.sh

docs: generate ## the static docs site in site/: Redoc pages with every sample
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	$(GO) run ./cmd/apigen docs --out site
