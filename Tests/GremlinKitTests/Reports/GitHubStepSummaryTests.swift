// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct GitHubStepSummaryTests {
    @Test func appendsWhenItFits() throws {
        let directory = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("summary.md").path
        try Data("previous step\n".utf8).write(to: URL(fileURLWithPath: path))
        let markdown = try MarkdownReport().render(ReportSamples.mixed(), options: ReportOptions())
        #expect(try GitHubStepSummary.append(markdown, toFileAt: path) == false)
        let content = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(content == Array("previous step\n\n".utf8) + markdown)
    }

    @Test func createsAMissingFile() throws {
        let directory = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("new.md").path
        #expect(try GitHubStepSummary.append(Array("# hi\n".utf8), toFileAt: path) == false)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("# hi\n".utf8))
    }

    @Test func truncatesAtALineWithinTheLimitAndClosesFences() throws {
        let directory = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("summary.md").path
        let existing = Array(String(repeating: "x", count: 999).utf8) + [UInt8(ascii: "\n")]
        try Data(existing).write(to: URL(fileURLWithPath: path))
        // A long fenced block of multi-byte lines: the cut lands inside it.
        let body = "# Report\n\n```mermaid\n" + String(repeating: "模型 ü line\n", count: 400) + "```\n"
        let limit = 4_000
        #expect(try GitHubStepSummary.append(Array(body.utf8), toFileAt: path, limit: limit) == true)
        let content = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(content.count <= limit)
        #expect(Array(content.prefix(existing.count)) == existing)
        let text = try #require(String(validating: content, as: UTF8.self))
        #expect(text.hasSuffix(String(decoding: GitHubStepSummary.truncationNote, as: UTF8.self)))
        let fenceLines = text.split(separator: "\n").filter { $0.hasPrefix("```") }
        #expect(fenceLines.count == 2)
        #expect(text.contains("模型 ü line\n```\n"))
    }

    @Test func aFullSummaryGetsNothingButTheNoteIfItFits() {
        let markdown = Array(String(repeating: "y\n", count: 100).utf8)
        #expect(GitHubStepSummary.fitted(markdown, budget: 10) == ([], true))
        let noteOnly = GitHubStepSummary.fitted(markdown, budget: GitHubStepSummary.truncationNote.count + 2)
        #expect(noteOnly == (GitHubStepSummary.truncationNote, true))
    }
}
