# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# The two commands of the README:
#   make demo   install what is missing, build, audit the bundled examples (artifacts in out/)
#   make test   install what is missing, build, run the whole test suite
#   make fuzz   libFuzzer harnesses for the parsers, FUZZ_SECONDS each (default 60; not run by CI)
#   make dist   the release bundle: dist/gremlin-<version>-linux-<arch>.tar.gz and its .sha256

SWIFT ?= swift
BIN := .build/debug/gremlin

.PHONY: demo test deps deps-test build self-audit bench fuzz dist clean

deps:
	@./scripts/install-deps.sh

deps-test:
	@./scripts/install-deps.sh --test

build: deps
	$(SWIFT) build --build-tests

demo: build
	@./examples/demo.sh

test: deps-test build
	$(SWIFT) test --skip-build
	bash Tests/templates/validate_templates.sh --install --cli $(BIN)
	bash Tests/dist/run.sh

dist: deps
	@./scripts/dist.sh

self-audit: build
	@./scripts/self-audit.sh

bench: build
	@./bench/run.sh

fuzz:
	SWIFT=$(SWIFT) ./Fuzz/run.sh

clean:
	rm -rf out dist .build .build-fuzz .build-dist
