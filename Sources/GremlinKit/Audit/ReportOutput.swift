// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension AuditRunner {
    /// Writes every report format under `--out` (also for an audit that could not be evaluated).
    public func writeReports(_ report: AuditReport) throws {
        try writeModelCard(report)
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

extension AuditRunner {
    /// Writes the model card the `model_card` check rendered (`measurements.card`) to its policy
    /// path under the repository's work tree; returns that path, or nil when there is no card to
    /// write (check skipped or in error) or no work tree. Checks never write files: this is the
    /// runner's half of the `model_card` check.
    @discardableResult
    public func writeModelCard(_ report: AuditReport) throws -> String? {
        guard let check = report.checks.first(where: { $0.id == ModelCardCheck.descriptor.id }),
              check.status != .error, check.status != .skipped,
              case .string(let card)? = check.measurements["card"],
              case .string(let path)? = check.measurements["card_path"],
              let root = (try? Repository.discover(from: options.repository))?.workdir else { return nil }
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(card.utf8).write(to: url, options: .atomic)
        return url.path
    }
}
