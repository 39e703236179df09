// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct ReportSetTests {
    @Test func writesEveryFormatIntoANewDirectory() throws {
        let root = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("nested/out")
        let report = ReportSamples.mixed()
        let options = ReportOptions(junitFlavor: .strict)
        let written = try ReportSet.writeAll(report: report, to: out, options: options)
        #expect(written.map(\.lastPathComponent) == ["audit.json", "junit.xml", "audit.md", "gremlin.sarif"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
                == ["audit.json", "audit.md", "gremlin.sarif", "junit.xml"])
        for writer in ReportSet.writers {
            let onDisk = try [UInt8](Data(contentsOf: out.appendingPathComponent(writer.fileName)))
            #expect(
                onDisk == (try writer.render(report, options: options)), "\(writer.fileName) differs from its rendering"
            )
        }
        // A second run over existing files replaces them with identical bytes.
        let before = try Data(contentsOf: out.appendingPathComponent("junit.xml"))
        try ReportSet.writeAll(report: report, to: out, options: options)
        #expect(try Data(contentsOf: out.appendingPathComponent("junit.xml")) == before)
    }

    @Test func anUnwritableDirectoryNamesThePath() throws {
        let root = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let blocker = root.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let error = try #require(throws: ReportError.self) {
            try ReportSet.writeAll(report: ReportSamples.unevaluated(), to: blocker.appendingPathComponent("out"))
        }
        #expect(error.file.hasSuffix("file/out"))
    }
}
