// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The verdict line and short per-check table `gremlin audit` prints on stdout.
public enum SummaryTable {
    /// `style` colours the verdict and the statuses (terminal only; the default stays plain).
    public static func render(_ report: AuditReport, style: TerminalStyle = .plain) -> String {
        var lines: [String] = []
        let subject = report.model.map { "\($0.name) \($0.version)" } ?? report.repository
        let commit = report.commit.isEmpty ? "" : " at \(report.commit.prefix(12))"
        let verdict = style.paint(
            report.verdict.rawValue.uppercased(), TerminalStyle.color(of: report.verdict), bold: true)
        lines.append(
            "\(verdict)\(partialLabel(report).map { " " + $0 } ?? "") — \(subject)\(commit) "
                + (report.policy.isEmpty ? "(no policy loaded)" : "(policy \(report.policy))"))
        if let reason = report.reason {
            lines.append(reason)
            return lines.joined(separator: "\n") + "\n"
        }
        let idWidth = max(2, report.checks.map(\.id.count).max() ?? 0)
        let titleWidth = max(5, report.checks.map(\.title.count).max() ?? 0)
        for check in report.checks {
            let status =
                style.paint(check.status.rawValue, TerminalStyle.color(of: check.status))
                + String(repeating: " ", count: max(0, 7 - check.status.rawValue.count))
            let id = check.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            let title = check.title.padding(toLength: titleWidth, withPad: " ", startingAt: 0)
            lines.append("  \(status) \(id)  \(title)  \(check.summary.split(separator: "\n").first ?? "")")
            // What to fix first, right under the check that blocks: its first finding.
            if check.status == .fail || check.status == .error, let first = check.findings.first {
                let more = check.findings.count > 1 ? " (+\(check.findings.count - 1) more in audit.md)" : ""
                let place = first.location.map { " [\($0.description)]" } ?? ""
                let message =
                    plainText(first.message).split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init)
                    ?? ""
                lines.append(String(repeating: " ", count: 10 + idWidth) + "↳ \(message)\(place)\(more)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "(partial: 3 of 10 checks)" when checks the policy enables were left out (`--only`, `--skip`).
    public static func partialLabel(_ report: AuditReport) -> String? {
        guard let coverage = report.coverage, !coverage.complete else { return nil }
        return "(partial: \(coverage.fraction))"
    }
}
