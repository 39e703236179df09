// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Whole-file comparisons against reviewed outputs in `Fixtures/reports/golden/`.
///
/// The tool version is replaced by `{{VERSION}}`; times are deterministic by default. After an
/// intended change, regenerate with `GREMLIN_UPDATE_GOLDEN=1 swift test --filter GoldenReportTests`
/// and review the diff.
@Suite struct GoldenReportTests {
    static let cases: [(file: String, writer: any ReportWriter, options: ReportOptions)] = [
        ("mixed.junit.xml", JUnitReport(), ReportOptions(junitFlavor: .gitlab)),
        ("mixed.strict.junit.xml", JUnitReport(), ReportOptions(junitFlavor: .strict)),
        ("mixed.gremlin.sarif", SARIFReport(), ReportOptions()),
        ("mixed.audit.md", MarkdownReport(), ReportOptions()),
        ("mixed.audit.json", JSONReport(), ReportOptions()),
    ]

    @Test(arguments: cases.indices)
    func matchesGolden(index: Int) throws {
        let (file, writer, options) = Self.cases[index]
        let rendered = String(decoding: try writer.render(ReportSamples.mixed(), options: options), as: UTF8.self)
            .replacingOccurrences(of: "gremlin \(GremlinVersion.current)", with: "gremlin {{VERSION}}")
            .replacingOccurrences(
                of: "\"version\" : \"\(GremlinVersion.current)\"", with: "\"version\" : \"{{VERSION}}\"")
        if ProcessInfo.processInfo.environment["GREMLIN_UPDATE_GOLDEN"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/reports/golden/\(file)")
            try Data(rendered.utf8).write(to: source)
            Issue.record("updated \(source.path); review the diff and rerun without GREMLIN_UPDATE_GOLDEN")
            return
        }
        let golden = try String(contentsOf: ReportSamples.fixture("golden/\(file)"), encoding: .utf8)
        #expect(rendered == golden, "\(file) differs from Fixtures/reports/golden/\(file)")
    }
}
