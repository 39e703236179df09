// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// A place in a file: repository-relative (or manifest-relative) path, 1-based line and column.
public struct Location: Codable, Sendable, Hashable, Comparable {
    public var path: String
    public var line: Int?
    public var column: Int?

    public init(path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:column`, dropping what is unknown.
    public var description: String {
        var text = path
        if let line { text += ":\(line)" }
        if let line = line, line > 0, let column { text += ":\(column)" }
        return text
    }

    public static func < (lhs: Location, rhs: Location) -> Bool {
        if lhs.path != rhs.path { return lhs.path.utf8.lexicographicallyPrecedes(rhs.path.utf8) }
        if (lhs.line ?? 0) != (rhs.line ?? 0) { return (lhs.line ?? 0) < (rhs.line ?? 0) }
        return (lhs.column ?? 0) < (rhs.column ?? 0)
    }
}

/// One thing a check found. Never carries a secret, a raw patient ID or PII sample text.
public struct Finding: Codable, Sendable, Hashable {
    /// A stable identifier of the kind of finding, e.g. `ip.missing-header`, `security.aws-access-token`.
    public var rule: String
    /// One sentence a reader can act on.
    public var message: String
    /// Where, when the finding has a place.
    public var location: Location?
    /// A stable fingerprint (secrets: rule + content hash), when the finding has one.
    public var fingerprint: String?
    /// Severity override for this finding; `nil` means the check's severity.
    public var severity: Severity?

    public init(
        rule: String, message: String, location: Location? = nil,
        fingerprint: String? = nil, severity: Severity? = nil
    ) {
        self.rule = rule
        self.message = message
        self.location = location
        self.fingerprint = fingerprint
        self.severity = severity
    }

    /// Deterministic order: by location (findings without one first), then rule, then message.
    public static func sortedOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        switch (lhs.location, rhs.location) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (let l?, let r?) where l != r: return l < r
        default: break
        }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message.utf8.lexicographicallyPrecedes(rhs.message.utf8)
    }
}
