// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The verdict line and short per-check table `gremlin audit` prints on stdout.
public enum SummaryTable {
    public static func render(_ report: AuditReport) -> String {
        var lines: [String] = []
        let subject = report.model.map { "\($0.name) \($0.version)" } ?? report.repository
        let commit = report.commit.isEmpty ? "" : " at \(report.commit.prefix(12))"
        lines.append("\(report.verdict.rawValue.uppercased()) — \(subject)\(commit) (policy \(report.policy))")
        if let reason = report.reason {
            lines.append(reason)
            return lines.joined(separator: "\n") + "\n"
        }
        let idWidth = max(2, report.checks.map(\.id.count).max() ?? 0)
        let titleWidth = max(5, report.checks.map(\.title.count).max() ?? 0)
        for check in report.checks {
            let status = check.status.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            let id = check.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            let title = check.title.padding(toLength: titleWidth, withPad: " ", startingAt: 0)
            lines.append("  \(status) \(id)  \(title)  \(check.summary.split(separator: "\n").first ?? "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
