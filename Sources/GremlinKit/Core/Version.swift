// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import GremlinBuildInfo

/// The tool's version, written into every artifact.
public enum GremlinVersion {
    /// The version in the sources; a release tag `vX.Y.Z` must match it (scripts/dist.sh checks).
    public static let source = "0.1.0"

    /// The release version stamped by `scripts/dist.sh` (`git describe`), else the source version.
    public static let current: String = {
        let stamped = String(cString: gremlin_build_version())
        return stamped.isEmpty ? source : stamped
    }()

    /// The commit a release bundle was built from; nil in a source build.
    public static let commit: String? = {
        let stamped = String(cString: gremlin_build_commit())
        return stamped.isEmpty ? nil : stamped
    }()

    /// What `gremlin --version` prints: `0.1.0 (commit 1a2b3c4d5e6f)` or `0.1.0 (source build)`.
    public static var display: String {
        "\(current) (\(commit.map { "commit \($0.prefix(12))" } ?? "source build"))"
    }
}
