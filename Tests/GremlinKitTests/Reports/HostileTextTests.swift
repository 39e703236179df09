// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import GremlinXML
import Testing

@testable import GremlinKit

/// Hostile file names and commit subjects, in every output format at once: nothing they hold
/// may start a new Markdown block, a workflow command, an XML element or a terminal escape.
@Suite struct HostileTextTests {
    static let injected =
        "fix: ok\n::add-mask::leak\n::error file=x::fake\r\n# heading\n<script>alert(1)</script>]]>\u{1B}[31m\u{07}"

    static func report() -> AuditReport {
        var report = ReportSamples.mixed()
        let index = report.checks.firstIndex { $0.id == "commits" } ?? 0
        report.checks[index].status = .fail
        report.checks[index].findings.append(
            Finding(
                rule: "commits.subject", message: "commit a1b2c3d: subject \(injected)",
                location: Location(path: "dir/\(injected).py", line: 2)))
        return report
    }

    static func text(_ writer: any ReportWriter) throws -> String {
        String(decoding: try writer.render(report(), options: ReportOptions()), as: UTF8.self)
    }

    static func noControlCharacters(_ text: String) -> Bool {
        !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F }
    }

    @Test func markdownEscapesEveryBlock() throws {
        let text = try Self.text(MarkdownReport())
        #expect(Self.noControlCharacters(text))
        // Raw HTML only inside code spans, where it is text.
        let outsideCode = text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 0 }.map(\.element).joined()
        #expect(!outsideCode.contains("<script>"))
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("# heading") || $0.hasPrefix("::") })
    }

    @Test func junitIsWellFormedXML() throws {
        let bytes = try JUnitReport().render(Self.report(), options: ReportOptions())
        _ = try ParsedXML(bytes: bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("<script>"))
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"))
    }

    @Test func jsonFormatsParse() throws {
        for writer in [JSONReport() as any ReportWriter, SARIFReport()] {
            let bytes = try writer.render(Self.report(), options: ReportOptions())
            #expect((try? JSONSerialization.jsonObject(with: Data(bytes))) != nil)
            // JSON escapes C0 controls (DEL is valid JSON as is).
            #expect(!String(decoding: bytes, as: UTF8.self).unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        }
        #expect((try? JSONSerialization.jsonObject(with: try CodeQualityReport.encode(Self.report()))) != nil)
    }

    /// One workflow command per annotation: a newline in a message or a path cannot end it and
    /// start `::add-mask::` or a fake `::error`.
    @Test func annotationsCannotInjectWorkflowCommands() {
        let text = GitHubAnnotations.render(Self.report())
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            #expect(line.hasPrefix("::error") || line.hasPrefix("::warning") || line.hasPrefix("::notice"), "\(line)")
            #expect(!line.contains("\r"))
        }
        #expect(!text.contains("\n::add-mask::"))
    }

    @Test func consoleSummaryHasNoEscapes() {
        #expect(Self.noControlCharacters(SummaryTable.render(Self.report())))
    }
}
