// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension AuditRunner {
    /// Writes every report format under `--out` (also for an audit that could not be evaluated).
    public func writeReports(_ report: AuditReport) throws {
        guard let out = options.outDirectory else { return }
        let options = ReportOptions(junitFlavor: self.options.junitFlavor, environment: self.options.environment)
        let written = try ReportSet.writeAll(report: report, to: URL(fileURLWithPath: out), options: options)
        if let summary = self.options.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty,
           let markdown = written.first(where: { $0.lastPathComponent == MarkdownReport().fileName }) {
            let bytes = try [UInt8](Data(contentsOf: markdown))
            try GitHubStepSummary.append(bytes, toFileAt: summary)
        }
    }
}
