// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A typed value a check hands to the checks that run after it (`CheckDescriptor.after`), which
/// ask for it by type with `CheckResult.evidence(_:)`. It stays in memory: never in `audit.json`.
public protocol CheckEvidence: Sendable {}

/// A file a check renders for the repository's work tree (the model card). Checks never write
/// files: they return them, and the runner writes every check's files after the audit.
public struct OutputFile: Sendable, Equatable {
    /// Relative to the work tree root, inside it (the check validates it).
    public var path: String
    public var contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }
}

/// What a check returns: its status is derived by the runner from findings, errors and severity.
public struct CheckOutcome: Sendable {
    /// Findings that violate the policy (they make the check fail or warn).
    public var findings: [Finding]
    /// One line for the summary table and reports, e.g. "412 files, 3 without a header".
    public var summary: String
    /// Structured numbers for `audit.json` (counts, metrics, overlaps…).
    public var measurements: [String: JSONValue]
    /// Extra Markdown the check contributes to `audit.md` (tables); rendered under its heading.
    public var markdown: String?
    /// Findings that are informational only (skipped files, insufficient groups); never fail.
    public var notes: [Finding]
    /// Typed results for the checks that run after this one.
    public var evidence: [any CheckEvidence]
    /// Files for the work tree; the runner writes them.
    public var files: [OutputFile]

    public init(
        findings: [Finding] = [], summary: String, measurements: [String: JSONValue] = [:],
        markdown: String? = nil, notes: [Finding] = [], evidence: [any CheckEvidence] = [],
        files: [OutputFile] = []
    ) {
        self.findings = findings
        self.summary = summary
        self.measurements = measurements
        self.markdown = markdown
        self.notes = notes
        self.evidence = evidence
        self.files = files
    }
}

extension CheckResult {
    /// The typed evidence of this kind the check handed on, if it ran and produced some.
    public func evidence<E: CheckEvidence>(_ type: E.Type) -> E? {
        evidence.lazy.compactMap { $0 as? E }.first
    }
}

/// The recorded result of one check in an audit.
public struct CheckResult: Codable, Sendable {
    public var id: String
    public var title: String
    public var status: CheckStatus
    public var severity: Severity
    public var summary: String
    public var findings: [Finding]
    public var notes: [Finding]
    public var measurements: [String: JSONValue]
    /// Wall time in seconds; excluded from byte-identical artifacts unless timings are requested.
    public var duration: Double
    /// Extra Markdown for `audit.md`; not part of `audit.json`.
    public var markdown: String?
    /// The check's typed results for later checks; not part of `audit.json`.
    public var evidence: [any CheckEvidence] = []
    /// Files the check rendered for the work tree; not part of `audit.json`.
    public var files: [OutputFile] = []
    /// Where a finding without a place of its own points (the manifest or policy key the check
    /// reads), for code-scanning reports; set by the runner, not part of `audit.json`.
    public var anchor: Location?

    enum CodingKeys: String, CodingKey {
        case id, title, status, severity, summary, findings, notes, measurements
    }

    public init(
        id: String, title: String, status: CheckStatus, severity: Severity, summary: String,
        findings: [Finding] = [], notes: [Finding] = [], measurements: [String: JSONValue] = [:],
        duration: Double = 0, markdown: String? = nil
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.severity = severity
        self.summary = summary
        self.findings = findings
        self.notes = notes
        self.measurements = measurements
        self.duration = duration
        self.markdown = markdown
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        status = try container.decode(CheckStatus.self, forKey: .status)
        severity = try container.decode(Severity.self, forKey: .severity)
        summary = try container.decode(String.self, forKey: .summary)
        findings = try container.decodeIfPresent([Finding].self, forKey: .findings) ?? []
        notes = try container.decodeIfPresent([Finding].self, forKey: .notes) ?? []
        measurements = try container.decodeIfPresent([String: JSONValue].self, forKey: .measurements) ?? [:]
        duration = 0
        markdown = nil
    }
}
