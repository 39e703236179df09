// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Every artifact format, written together into the output directory.
public enum ReportSet {
    /// The writers `gremlin audit` runs, in the order their files are written.
    public static let writers: [any ReportWriter] = [JSONReport(), JUnitReport(), MarkdownReport(), SARIFReport()]

    /// Renders every format and writes each file atomically under `directory` (created if needed).
    ///
    /// Formats that render are written even when another fails, so an audit that cannot be
    /// evaluated still leaves `audit.json` and `junit.xml`; the first failure is then thrown.
    /// - Returns: the files written, in `writers` order.
    @discardableResult
    public static func writeAll(
        report: AuditReport, to directory: URL,
        options: ReportOptions = ReportOptions()
    ) throws -> [URL] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError(
                file: directory.path,
                message: "cannot create the output directory (\(error.localizedDescription)); pass a writable --out")
        }
        var written: [URL] = []
        var firstFailure: Error?
        for writer in writers {
            let url = directory.appendingPathComponent(writer.fileName)
            do {
                let bytes = try writer.render(report, options: options)
                try write(bytes, to: url)
                written.append(url)
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        if let firstFailure { throw firstFailure }
        return written
    }

    /// Writes through a temporary file and a rename, so a reader never sees half an artifact.
    static func write(_ bytes: [UInt8], to url: URL) throws {
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw ReportError(
                file: url.path, message: "cannot write (\(error.localizedDescription)); pass a writable --out")
        }
    }
}
