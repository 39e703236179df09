// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser

/// `--policy`: the policy file a command reads; nil means policies/production.yaml at the
/// repository root.
struct PolicyOptions: ParsableArguments {
    @Option(
        name: .customLong("policy"),
        help: "The policy file (default: policies/production.yaml at the repository root).")
    var path: String?
}

/// `--manifest`, required: the release manifest of the commands that cannot work without
/// one (`card`, `release`). `audit`'s `--manifest` is optional and declared there.
struct ManifestOptions: ParsableArguments {
    @Option(name: .customLong("manifest"), help: ManifestOptions.help)
    var path: String

    /// The help of every `--manifest`, required or not.
    static let help: ArgumentHelp = "The release manifest (release.yaml)."
}
