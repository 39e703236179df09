// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// GitHub Actions workflow commands (`::error file=…,line=…::message`) that turn an audit's
/// findings into annotations on the pull request's diff.
public enum GitHubAnnotations {
    /// GitHub shows at most 10 errors and 10 warnings per step and 50 per job; more would only
    /// be dropped, so the rest is summarised in one line.
    public static let defaultCap = 50

    /// One annotation before escaping.
    public struct Annotation: Sendable, Equatable {
        public enum Level: String, Sendable { case error, warning, notice }
        public var level: Level
        public var title: String
        public var message: String
        public var location: Location?

        public init(level: Level, title: String, message: String, location: Location? = nil) {
            self.level = level
            self.title = title
            self.message = message
            self.location = location
        }

        /// The workflow command line, escaped as the runner expects.
        public var command: String {
            var properties: [(String, String)] = []
            if let location, !location.path.isEmpty {
                properties.append(("file", location.path))
                if let line = location.line, line > 0 {
                    properties.append(("line", String(line)))
                    if let column = location.column, column > 0 { properties.append(("col", String(column))) }
                }
            }
            properties.append(("title", title))
            let rendered = properties.map { "\($0.0)=\(GitHubAnnotations.escapeProperty($0.1))" }.joined(separator: ",")
            return "::\(level.rawValue) \(rendered)::\(GitHubAnnotations.escapeData(message))"
        }
    }

    /// The annotations for a report: errors first (check errors, then blocking findings), then
    /// warnings, in the report's check order.
    public static func annotations(for report: AuditReport) -> [Annotation] {
        var errors: [Annotation] = []
        var warnings: [Annotation] = []
        if let reason = report.reason {
            errors.append(Annotation(level: .error, title: "Gremlin: audit could not be evaluated", message: reason))
        }
        for check in report.checks where check.id != "setup" || report.reason == nil {
            let title = "\(check.title) (\(check.id))"
            switch check.status {
            case .pass, .skipped:
                continue
            case .error:
                errors.append(
                    Annotation(level: .error, title: "\(title): could not be evaluated", message: check.summary))
                for finding in check.findings {
                    errors.append(
                        Annotation(
                            level: .error, title: "\(title): \(finding.rule)", message: finding.message,
                            location: finding.location))
                }
            case .fail, .warn:
                for finding in check.findings {
                    let blocking = check.status == .fail && finding.severity != .warn
                    let annotation = Annotation(
                        level: blocking ? .error : .warning, title: "\(title): \(finding.rule)",
                        message: finding.message, location: finding.location)
                    if blocking { errors.append(annotation) } else { warnings.append(annotation) }
                }
                if check.findings.isEmpty {
                    let level: Annotation.Level = check.status == .fail ? .error : .warning
                    let annotation = Annotation(level: level, title: title, message: check.summary)
                    if level == .error { errors.append(annotation) } else { warnings.append(annotation) }
                }
            }
        }
        return errors + warnings
    }

    /// The workflow commands to print on stdout, at most `cap` annotations plus one notice for
    /// the rest. `reportHint` says where the full report is (e.g. `out/audit.md`).
    public static func render(_ report: AuditReport, cap: Int = defaultCap, reportHint: String? = nil) -> String {
        let all = annotations(for: report)
        let limit = max(0, cap)
        var lines = all.prefix(limit).map(\.command)
        if all.count > limit {
            let rest = all.dropFirst(limit)
            let errors = rest.filter { $0.level == .error }.count
            let seeAlso = reportHint.map { "; see \($0)" } ?? ""
            let notice = Annotation(
                level: .notice, title: "Gremlin",
                message: "\(rest.count) more findings (\(errors) errors, \(rest.count - errors) warnings) "
                    + "not shown as annotations\(seeAlso)")
            lines.append(notice.command)
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Escapes a command's message: `%`, CR and LF, so a hostile message cannot end the command
    /// early or start a new one on the next line.
    public static func escapeData(_ text: String) -> String {
        escape(text, property: false)
    }

    /// Escapes a property value: as data, plus `:` and `,`, which delimit properties.
    public static func escapeProperty(_ text: String) -> String {
        escape(text, property: true)
    }

    private static func escape(_ text: String, property: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
