// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// Which checks the policy enables, which of them ran, and why every other check did not.
///
/// An audit is complete when every check the policy enables ran (whatever its status). A partial
/// audit (`--only`, `--skip`) keeps its verdict and exit code for the fast local loop, but says
/// so in every report and can never become a release.
public struct AuditCoverage: Codable, Sendable, Equatable {
    /// Why a check did not run.
    public enum SkipReason: String, Codable, Sendable {
        /// The policy enables it, but `--only` or `--skip` left it out: the audit is partial.
        case flag
        /// The policy disables it (`enabled: false`) or does not list it.
        case policy
    }

    /// A check that did not run.
    public struct Skipped: Codable, Sendable, Equatable {
        public var id: String
        public var reason: SkipReason
        /// The same words as the check's summary ("excluded by --skip", "disabled by the policy").
        public var detail: String

        public init(id: String, reason: SkipReason, detail: String) {
            self.id = id
            self.reason = reason
            self.detail = detail
        }
    }

    /// Checks the policy enables, sorted by id.
    public var enabled: [String]
    /// Enabled checks that ran (passed, warned, failed or errored), sorted by id.
    public var ran: [String]
    /// Every check that did not run, sorted by id.
    public var skipped: [Skipped]

    public init(enabled: [String], ran: [String], skipped: [Skipped]) {
        self.enabled = enabled.sorted()
        self.ran = ran.sorted()
        self.skipped = skipped.sorted { $0.id < $1.id }
    }

    /// Enabled checks that did not run.
    public var missing: [String] { enabled.filter { !ran.contains($0) } }

    /// Whether every check the policy enables ran.
    public var complete: Bool { missing.isEmpty }

    /// "3 of 10 checks".
    public var fraction: String { "\(ran.count) of \(enabled.count) checks" }

    /// The reason a check was skipped, if it was.
    public func skipReason(_ id: String) -> Skipped? { skipped.first { $0.id == id } }
}

/// The digest an audit records for its policy.
public enum PolicyDigest {
    /// sha256 of the newline-terminated hex sha256 of each policy file in load order (the named file
    /// first, then what it `extends:`): `sha256sum policy.yaml base.yaml | cut -c1-64 | sha256sum`.
    public static func of(fileDigests: [String]) -> String {
        let text = fileDigests.map { $0.lowercased() + "\n" }.joined()
        return Hex.string(SHA256.hash(data: Data(text.utf8)))
    }

    /// The digest of a loaded policy's files as they are on disk now; nil when one cannot be read.
    public static func of(_ policy: Policy) -> String? {
        var digests: [String] = []
        for url in policy.files {
            guard let digest = FileDigest.sha256(of: url) else { return nil }
            digests.append(digest.sha256)
        }
        return of(fileDigests: digests)
    }
}
