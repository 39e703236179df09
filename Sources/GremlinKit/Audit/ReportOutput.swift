// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension AuditRunner {
    /// Writes every report format under `--out` (also for an audit that could not be evaluated),
    /// all renamed into place together; with `includingCI`, `gl-code-quality.json` too.
    public func writeReports(_ report: AuditReport, includingCI: Bool = false) throws {
        try writeCheckFiles(report)
        guard let out = options.outDirectory else { return }
        let options = ReportOptions(junitFlavor: self.options.junitFlavor, environment: self.options.environment)
        var extra: [(name: String, bytes: [UInt8])] = []
        if includingCI { extra.append((CodeQualityReport.fileName, Array(try CodeQualityReport.encode(report)))) }
        let written = try ReportSet.writeAll(
            report: report, to: URL(fileURLWithPath: out), options: options, extra: extra)
        if let summary = self.options.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty,
            let markdown = written.first(where: { $0.lastPathComponent == MarkdownReport().fileName })
        {
            let bytes = try [UInt8](Data(contentsOf: markdown))
            try GitHubStepSummary.append(bytes, toFileAt: summary)
        }
    }
}

extension AuditRunner {
    /// Writes the files the checks rendered (`CheckOutcome.files`, e.g. the model card) under the
    /// repository's work tree and returns their paths; nothing for a check that was skipped or in
    /// error, nor without a work tree (a bare repository). Checks never write files: this is the
    /// runner's half of every check that renders one.
    @discardableResult
    public func writeCheckFiles(_ report: AuditReport) throws -> [String] {
        let files = report.checks.filter { $0.status != .error && $0.status != .skipped }.flatMap(\.files)
        guard !files.isEmpty, let root = (try? Repository.discover(from: options.repository))?.workdir else {
            return []
        }
        var written: [String] = []
        for file in files {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.hasPrefix("/"), !parts.contains(".."), !parts.contains("") else {
                throw InputError(
                    message: "refusing to write \(file.path): outside the repository",
                    fix: "give the check a relative path inside the repository")
            }
            let url = URL(fileURLWithPath: root).appendingPathComponent(file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, options: .atomic)
            written.append(url.path)
        }
        return written
    }
}
