// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

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

    public init(findings: [Finding] = [], summary: String, measurements: [String: JSONValue] = [:],
                markdown: String? = nil, notes: [Finding] = []) {
        self.findings = findings
        self.summary = summary
        self.measurements = measurements
        self.markdown = markdown
        self.notes = notes
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

    enum CodingKeys: String, CodingKey {
        case id, title, status, severity, summary, findings, notes, measurements
    }

    public init(id: String, title: String, status: CheckStatus, severity: Severity, summary: String,
                findings: [Finding] = [], notes: [Finding] = [], measurements: [String: JSONValue] = [:],
                duration: Double = 0, markdown: String? = nil) {
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
