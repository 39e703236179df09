// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser

/// `--out` and `--quiet`: where a command that writes reports or records puts them, and
/// whether it reports its progress on stderr (`audit`, `release`).
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("out"), help: "Where to write the output files.")
    var directory: String = "out"
    @Flag(help: "No progress lines on stderr.")
    var quiet = false
}
