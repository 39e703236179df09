// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Every artifact format, written together into the output directory.
public enum ReportSet {
    /// The writers `gremlin audit` runs, in the order their files are written.
    public static let writers: [any ReportWriter] = [JSONReport(), JUnitReport(), MarkdownReport(), SARIFReport()]

    /// Renders every format and writes the files under `directory` (created if needed): each to
    /// a temporary name first, all renamed into place at the end (`AtomicFiles`), so a reader
    /// never sees half an artifact.
    ///
    /// Formats that render are written even when another fails, so an audit that cannot be
    /// evaluated still leaves `audit.json` and `junit.xml`; the first failure is then thrown.
    /// - Parameter extra: more files to write in the same batch (e.g. `gl-code-quality.json`).
    /// - Returns: the files written, in `writers` order, then `extra`.
    @discardableResult
    public static func writeAll(
        report: AuditReport, to directory: URL,
        options: ReportOptions = ReportOptions(), extra: [(name: String, bytes: [UInt8])] = []
    ) throws -> [URL] {
        try OutputDirectory.create(directory)
        var files: [(name: String, bytes: [UInt8])] = []
        var firstFailure: Error?
        for writer in writers {
            do {
                files.append((writer.fileName, try writer.render(report, options: options)))
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        files += extra
        try AtomicFiles.write(files, in: directory)
        if let firstFailure { throw firstFailure }
        return files.map { directory.appendingPathComponent($0.name) }
    }
}
