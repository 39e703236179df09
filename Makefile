# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# The two commands of the README:
#   make demo   install what is missing, build, audit the bundled examples (artifacts in out/)
#   make test   install what is missing, build, run the whole test suite
#   make fuzz   libFuzzer harnesses for the parsers, FUZZ_SECONDS each (default 60; not run by CI)

SWIFT ?= swift
BIN := .build/debug/gremlin

.PHONY: demo test deps build self-audit bench fuzz clean

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build --build-tests

demo: build
	@./examples/demo.sh

test: build
	$(SWIFT) test --skip-build
	bash Tests/templates/validate_templates.sh --install --cli $(BIN)

self-audit: build
	@./scripts/self-audit.sh

bench: build
	@./bench/run.sh

fuzz:
	SWIFT=$(SWIFT) ./Fuzz/run.sh

clean:
	rm -rf out .build .build-fuzz
