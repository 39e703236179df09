// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// `audit.json`: the `AuditReport` itself, key-sorted and pretty-printed, ending in a newline.
public struct JSONReport: ReportWriter {
    public var fileName: String { "audit.json" }

    public init() {}

    public func render(_ report: AuditReport, options: ReportOptions) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(report)) + [UInt8(ascii: "\n")]
        } catch {
            throw ReportError(file: fileName, message: "cannot encode the audit report: \(error)")
        }
    }

    /// Reads an `audit.json` back (used by `gremlin release` and tests).
    public static func decode(_ bytes: [UInt8], file: String = "audit.json") throws -> AuditReport {
        do {
            return try JSONDecoder().decode(AuditReport.self, from: Data(bytes))
        } catch {
            throw ReportError(file: file, message: "not a Gremlin audit report (\(error)); rerun `gremlin audit`")
        }
    }
}
