// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser

/// `--repo`: the repository a command works in. `init` and `headers` take it alone
/// (`headers` has a `--rev` of its own that defaults to nothing, not HEAD).
struct RepositoryLocation: ParsableArguments {
    @Option(name: .customLong("repo"), help: "The repository (a work tree or a folder inside one).")
    var path: String = "."
}

/// `--repo` and `--rev`: the repository and the revision in it that a command reads.
struct RepositoryOptions: ParsableArguments {
    @OptionGroup var location: RepositoryLocation
    @Option(name: .customLong("rev"), help: "The revision to read: a commit, branch or tag.")
    var revision: String = "HEAD"

    /// `--repo`.
    var path: String { location.path }
}
