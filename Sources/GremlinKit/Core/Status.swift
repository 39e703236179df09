// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// How much a failing check matters: `block` stops the release, `warn` only reports.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case block
    case warn

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warn && rhs == .block
    }
}

/// The outcome of one check.
public enum CheckStatus: String, Codable, Sendable, CaseIterable {
    /// Evaluated and satisfied.
    case pass
    /// Evaluated and violated, severity `block`.
    case fail
    /// Evaluated and violated, severity `warn`.
    case warn
    /// Could not be evaluated (missing or malformed input); always blocks.
    case error
    /// Disabled by the policy or excluded by `--only`/`--skip`.
    case skipped

    /// The glyph the Markdown report and the summary table use.
    public var symbol: String {
        switch self {
        case .pass: return "✅"
        case .fail: return "❌"
        case .warn: return "⚠️"
        case .error: return "⛔"
        case .skipped: return "⏭️"
        }
    }
}

/// The audit's overall answer.
public enum Verdict: String, Codable, Sendable {
    /// Every enabled check passed or only warned.
    case ready
    /// A blocking check failed.
    case blocked
    /// The audit could not be evaluated.
    case error

    /// Derives the verdict from check statuses: any `error` wins, then any `fail`.
    public static func from(_ statuses: [CheckStatus]) -> Verdict {
        if statuses.contains(.error) { return .error }
        if statuses.contains(.fail) { return .blocked }
        return .ready
    }

    /// The process exit code SPEC assigns to the verdict.
    public var exitCode: ExitCode {
        switch self {
        case .ready: return .ready
        case .blocked: return .blocked
        case .error: return .invalidInput
        }
    }
}

/// Exit codes, defined once: 0 READY, 1 BLOCKED, 2 could not evaluate, 3 released but not notified.
public enum ExitCode: Int32, Sendable {
    case ready = 0
    case blocked = 1
    case invalidInput = 2
    case notificationFailed = 3
}
