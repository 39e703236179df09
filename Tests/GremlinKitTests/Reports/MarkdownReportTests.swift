// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct MarkdownReportTests {
    func render(
        _ report: AuditReport = ReportSamples.mixed(), options: ReportOptions = ReportOptions()
    ) throws -> String {
        String(decoding: try MarkdownReport().render(report, options: options), as: UTF8.self)
    }

    /// `|` characters that split a table row (not preceded by an escaping backslash).
    func cellSeparators(_ line: Substring) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if escaped {
                escaped = false
                continue
            }
            if character == "\\" { escaped = true } else if character == "|" { count += 1 }
        }
        return count
    }

    /// `line` without its code spans (CommonMark: a backtick run closes at the next run of the
    /// same length), so what remains is what a renderer would interpret as Markdown or HTML.
    func outsideCodeSpans(_ line: Substring) -> String {
        let characters = Array(line)
        var result = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "\\", index + 1 < characters.count {
                result.append(characters[index])
                result.append(characters[index + 1])
                index += 2
                continue
            }
            guard characters[index] == "`" else {
                result.append(characters[index])
                index += 1
                continue
            }
            var run = 0
            while index + run < characters.count, characters[index + run] == "`" { run += 1 }
            var search = index + run
            var closing: Int?
            while search < characters.count {
                var other = 0
                while search + other < characters.count, characters[search + other] == "`" { other += 1 }
                if other == run {
                    closing = search
                    break
                }
                search += max(other, 1)
            }
            guard let closing else {
                result += String(repeating: "`", count: run)
                index += run
                continue
            }
            index = closing + run
        }
        return result
    }

    @Test func bannerNamesVerdictModelCommitAndPolicy() throws {
        let text = try render()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "# Gremlin audit: ERROR ⛔ — cl\\_unimodal\\_v2 v2.1.0")
        #expect(text.contains("**Commit:** `0123456`"))
        #expect(text.contains("**Policy:** `policies/production.yaml`"))
        var ready = ReportSamples.mixed()
        ready.checks = ready.checks.filter { $0.status == .pass || $0.status == .warn }
        ready.verdict = Verdict.from(ready.checks.map(\.status))
        #expect(try render(ready).hasPrefix("# Gremlin audit: READY ✅"))
        ready.verdict = .blocked
        #expect(try render(ready).hasPrefix("# Gremlin audit: BLOCKED ❌"))
    }

    @Test func checklistHasEveryCheckWithItsGlyph() throws {
        let text = try render()
        let report = ReportSamples.mixed()
        for check in report.checks {
            #expect(
                text.contains(
                    "| \(check.status.symbol) | \(MarkdownEscaper.text(check.title)) (`\(check.id)`) | \(check.status.rawValue) | \(check.severity.rawValue) |"
                ))
            #expect(text.contains("## \(check.status.symbol) \(check.title)"))
        }
        #expect(text.contains("| ⚠️ | Commit Hygiene"))
    }

    @Test func tablesKeepTheirShapeWithHostileText() throws {
        var report = ReportSamples.mixed()
        report.checks[0].summary = "a | b \n| c `d` <x>"
        let text = try render(report)
        var columns: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                columns = nil
                continue
            }
            let count = cellSeparators(line)
            if let columns { #expect(count == columns, "row \(line) breaks its table") } else { columns = count }
        }
        #expect(text.contains("a \\| b  \\| c \\`d\\` &lt;x&gt;"))
    }

    @Test func hostileTextRendersAsText() throws {
        let text = try render()
        // Outside code spans the only tags are the report's own <details>/<summary>.
        let interpreted = text.split(separator: "\n").map(outsideCodeSpans).joined(separator: "\n")
        let tags = interpreted.split(separator: "<").dropFirst().map { $0.prefix { $0 != ">" && $0 != " " } }
        #expect(Set(tags) == ["details", "summary", "/summary", "/details"])
        #expect(
            text.contains(
                "&lt;script&gt;alert(\"x\")&lt;/script&gt; \\| pipe \\`tick\\` \\[link\\](http://evil.example) \\*bold\\* \\# heading"
            ))
        // Paths are code spans: literal, so `<script>` inside backticks is shown, not executed.
        #expect(text.contains("- `docs/<script>alert(1)</script>.md:3:2` — no copyright line &lt;b&gt;bold&lt;/b&gt;"))
        // No line was injected by a newline inside a message.
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("# heading") })
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!text.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
    }

    @Test func findingsAreCappedAndFragmentsIncluded() throws {
        var report = ReportSamples.mixed()
        report.checks[0].findings = (1...60).map {
            Finding(rule: "ip.missing-header", message: "missing", location: Location(path: "f\($0).py", line: 1))
        }
        let text = try render(report, options: ReportOptions(markdownFindingLimit: 50))
        #expect(text.contains("**Findings (60):**"))
        #expect(text.components(separatedBy: " — missing (`ip.missing-header`)").count - 1 == 50)
        #expect(text.contains("- … 10 more (see `audit.json`)"))
        #expect(text.contains("| metric | candidate | baseline |\n| --- | --- | --- |\n| c_index | 0.71 | 0.68 |\n"))
    }

    @Test func statisticsConventionsFollowThePerformanceCheck() throws {
        let text = try render()
        #expect(text.contains("## Statistics conventions"))
        #expect(text.contains("Efron"))
        #expect(text.contains("Settings: bootstrap `1000`, seed `42`."))
        var without = ReportSamples.mixed()
        without.checks.removeAll { $0.id == "performance" }
        #expect(!(try render(without)).contains("Statistics conventions"))
    }

    @Test func unevaluatedAuditShowsTheReason() throws {
        let text = try render(ReportSamples.unevaluated())
        #expect(text.hasPrefix("# Gremlin audit: ERROR ⛔\n"))
        #expect(
            text.contains(
                "> **Could not evaluate:** policies/production.yaml: checks.ip.spdxx: unknown key — did you mean \\`spdx\\`?"
            ))
    }

    /// The performance check's own shape (`bootstrap: {replicates, seed, confidence}`) renders
    /// its values, not `…`.
    @Test func nestedBootstrapSettingsRender() throws {
        var report = ReportSamples.mixed()
        let index = try #require(report.checks.firstIndex { $0.id == "performance" })
        report.checks[index].measurements = [
            "bootstrap": .object(["replicates": .int(200), "seed": .int(7), "confidence": .double(0.9)]),
            "ties": .string("breslow"),
        ]
        let text = try render(report)
        #expect(text.contains("Settings: bootstrap replicates `200`, seed `7`, confidence `0.9`, ties `breslow`."))
        #expect(!text.contains("`…`"))
    }

    @Test func renderingIsByteIdentical() throws {
        #expect(try render() == render())
    }

    @Test func codeSpansOutfenceBackticks() {
        #expect(MarkdownEscaper.code("a`b") == "``a`b``")
        #expect(MarkdownEscaper.code("`x`") == "`` `x` ``")
        #expect(MarkdownEscaper.code("a|b", inTable: true) == "`a\\|b`")
        #expect(MarkdownEscaper.code("a\nb\u{07}") == "`a b`")
    }
}
