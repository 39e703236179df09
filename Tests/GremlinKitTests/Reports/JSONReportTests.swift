// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct JSONReportTests {
    @Test func roundTripsThroughAuditReport() throws {
        let report = ReportSamples.mixed()
        let bytes = try JSONReport().render(report, options: ReportOptions())
        let decoded = try JSONReport.decode(bytes)
        #expect(decoded.schema == "gremlin.audit/v1")
        #expect(decoded.verdict == .error)
        #expect(decoded.commit == report.commit)
        #expect(decoded.model == report.model)
        #expect(decoded.inputs == report.inputs)
        #expect(decoded.checks.map(\.id) == report.checks.map(\.id))
        #expect(decoded.checks.map(\.status) == report.checks.map(\.status))
        #expect(decoded.checks.map(\.findings) == report.checks.map(\.findings))
        #expect(decoded.checks.map(\.measurements) == report.checks.map(\.measurements))
        // Durations and Markdown fragments are not part of audit.json, so re-encoding is a fixed point.
        #expect(try JSONReport().render(decoded, options: ReportOptions()) == bytes)
    }

    @Test func formatIsSortedPrettyWithTrailingNewline() throws {
        let bytes = try JSONReport().render(ReportSamples.mixed(), options: ReportOptions())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"policy\" : \"policies/production.yaml\""))
        #expect(!text.contains("\\/"))
        #expect(!text.contains("\"duration\""))
        // Top-level keys appear in sorted order.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let positions = object.keys.sorted().compactMap { text.range(of: "\n  \"\($0)\" :")?.lowerBound }
        #expect(positions.count == object.keys.count)
        #expect(positions == positions.sorted())
    }

    @Test func garbageIsAnErrorNamingTheFile() throws {
        let error = try #require(throws: ReportError.self) {
            try JSONReport.decode(Array("{\"schema\": 1}".utf8), file: "out/audit.json")
        }
        #expect(error.file == "out/audit.json")
    }
}
