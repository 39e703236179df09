// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension AuditRunner {
    /// Writes the CI-native artifacts under `--out`: `gl-code-quality.json` always (GitLab reads
    /// it when a job declares `reports: codequality`; elsewhere it is a small, harmless file).
    public func writeCIReports(_ report: AuditReport) throws {
        guard let out = options.outDirectory else { return }
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try AtomicFiles.write(
            [(CodeQualityReport.fileName, Array(try CodeQualityReport.encode(report)))], in: directory)
    }

    /// What to print on stdout for the CI running the audit, before the summary table: GitHub
    /// workflow-command annotations under GitHub Actions, nothing elsewhere.
    public func ciConsoleOutput(_ report: AuditReport, cap: Int = GitHubAnnotations.defaultCap) -> String {
        guard CIEnvironment.detect(options.environment)?.provider == .github else { return "" }
        let hint = options.outDirectory.map { $0.hasSuffix("/") ? $0 + "audit.md" : $0 + "/audit.md" }
        return GitHubAnnotations.render(report, cap: cap, reportHint: hint)
    }
}
