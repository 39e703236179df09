// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// GitLab's Code Quality report (`gl-code-quality.json`, a subset of the Code Climate issue
/// format): the findings that have a file, shown in the merge request widget and diff.
public enum CodeQualityReport {
    public static let fileName = "gl-code-quality.json"

    /// One Code Quality issue.
    public struct Issue: Codable, Sendable, Equatable {
        /// Where the issue is: a repository-relative path and its first line.
        public struct IssueLocation: Codable, Sendable, Equatable {
            /// The first line of the issue.
            public struct Lines: Codable, Sendable, Equatable {
                public var begin: Int
            }
            public var path: String
            public var lines: Lines
        }

        public var description: String
        public var checkName: String
        /// Stable across runs: hashed from rule, path and message (never the line, which moves
        /// when unrelated lines are edited), so GitLab can tell new issues from resolved ones.
        public var fingerprint: String
        /// `info`, `minor`, `major`, `critical` or `blocker`.
        public var severity: String
        public var location: IssueLocation

        enum CodingKeys: String, CodingKey {
            case description
            case checkName = "check_name"
            case fingerprint, severity, location
        }
    }

    /// The issues of a report, in the report's check and finding order.
    public static func issues(for report: AuditReport) -> [Issue] {
        var issues: [Issue] = []
        var seen: [String: Int] = [:]
        for check in report.checks where [.fail, .warn, .error].contains(check.status) {
            for finding in check.findings {
                guard let location = finding.location, !location.path.isEmpty else { continue }
                // Two findings alike but for their line share rule, path and message; the
                // occurrence number keeps their fingerprints apart and still stable.
                let key = [finding.rule, location.path, finding.message].joined(separator: "\u{0}")
                let occurrence = seen[key, default: 0]
                seen[key] = occurrence + 1
                issues.append(
                    Issue(
                        description: "\(check.title): \(finding.message)", checkName: finding.rule,
                        fingerprint: fingerprint(key + "\u{0}\(occurrence)"),
                        severity: severity(of: finding, in: check.status),
                        location: .init(
                            path: location.path,
                            lines: .init(begin: max(1, location.line ?? 1)))))
            }
        }
        return issues
    }

    /// The report as GitLab reads it: a JSON array, keys sorted, one trailing newline.
    public static func encode(_ report: AuditReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(issues(for: report)) + Data("\n".utf8)
    }

    /// A blocking finding is a `blocker`, a finding of a check that could not be evaluated is
    /// `critical` (it blocks too, but says the input is broken), a warning is `minor`.
    static func severity(of finding: Finding, in status: CheckStatus) -> String {
        switch status {
        case .error: return "critical"
        case .fail where finding.severity != .warn: return "blocker"
        default: return "minor"
        }
    }

    static func fingerprint(_ key: String) -> String {
        // Hex by table: String(format:) per byte was a quarter of an audit with 1,000 findings.
        Hex.string(SHA256.hash(data: Data(key.utf8)))
    }
}
