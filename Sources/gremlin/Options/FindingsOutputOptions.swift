// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

/// `gremlin secrets|headers --format`: the lines for a person, or a document for CI.
enum FindingsFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case text
    case json
    case sarif
}

/// `--format text|json|sarif` and `--report PATH`: how a command that lists findings writes
/// them, and where (stdout, or a file written atomically like the audit's reports).
struct FindingsOutputOptions: ParsableArguments {
    @Option(help: "Output: text (lines), json (a gremlin.<command>/v1 document) or sarif (SARIF 2.1.0).")
    var format = LenientChoice(FindingsFormat.text)
    @Option(help: ArgumentHelp("Write the output to this file instead of stdout.", valueName: "path"))
    var report: String?

    func validate() throws {
        try format.validate("--format")
        if let report, report.isEmpty || report.hasSuffix("/") {
            throw ValidationError("--report must name a file, not '\(report)'")
        }
    }

    var value: FindingsFormat { format.value ?? .text }

    /// Whether a non-default output was asked for (for commands that then refuse another mode).
    var isSet: Bool { value != .text || report != nil }

    /// Writes `text`, or the document `render` makes for json/sarif, to `--report` or stdout.
    /// With a document on stdout, `summary` goes to stderr so stdout stays one parseable document.
    func emit(text: String, summary: String, report findings: CommandFindingsReport) throws {
        let bytes: [UInt8]
        switch value {
        case .text: bytes = Array((text + summary).utf8)
        case .json: bytes = try findings.json()
        case .sarif: bytes = try findings.sarif()
        }
        guard let path = report else {
            FileHandle.standardOutput.write(Data(bytes))
            if value != .text { FileHandle.standardError.write(Data(summary.utf8)) }
            return
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw InputError(
                key: "--report", message: "cannot create the directory of \(path): \(error.localizedDescription)",
                fix: "pass a --report path in a writable directory")
        }
        do {
            try AtomicFiles.write([(url.lastPathComponent, bytes)], in: directory)
        } catch let error as ReportError {
            throw InputError(key: "--report", message: error.description, fix: "pass a --report path you can write")
        }
        FileHandle.standardError.write(Data(("wrote \(path)\n" + summary).utf8))
    }
}
