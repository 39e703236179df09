// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// How files land under --out: all-or-nothing renames, the lock, and what a new audit clears.
@Suite struct OutputDirectoryTests {
    static func names(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test func atomicFilesReplaceTogetherAndLeaveNoTemporary() throws {
        let out = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        try AtomicFiles.write([("a.txt", Array("old a".utf8)), ("b.txt", Array("old b".utf8))], in: out)
        try AtomicFiles.write([("a.txt", Array("new a".utf8)), ("b.txt", [])], in: out)
        #expect(try Self.names(out) == ["a.txt", "b.txt"])
        #expect(try String(contentsOf: out.appendingPathComponent("a.txt"), encoding: .utf8) == "new a")
        #expect(try Data(contentsOf: out.appendingPathComponent("b.txt")).isEmpty)
    }

    @Test func aFileThatCannotBeWrittenRenamesNothing() throws {
        let out = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        try AtomicFiles.write([("a.txt", Array("old a".utf8))], in: out)
        // A directory where the temporary of b.txt would go: its write fails after a.txt's succeeded.
        let blocker = out.appendingPathComponent(".b.txt\(AtomicFiles.temporaryMarker)\(getpid())-1")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(
            at: blocker.appendingPathComponent("keep"), withIntermediateDirectories: false)
        let error = try #require(throws: ReportError.self) {
            try AtomicFiles.write([("a.txt", Array("new a".utf8)), ("b.txt", Array("new b".utf8))], in: out)
        }
        #expect(error.file.hasSuffix("/b.txt"))
        #expect(try String(contentsOf: out.appendingPathComponent("a.txt"), encoding: .utf8) == "old a")
        #expect(try Self.names(out) == [blocker.lastPathComponent, "a.txt"])
    }

    @Test func theLockIsExclusiveUntilReleased() throws {
        let root = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("nested/out")
        let held = try OutputDirectory.lock(out)
        #expect(try Self.names(out) == [OutputDirectory.lockFileName])
        let busy = try #require(throws: OutputDirectoryBusy.self) { try OutputDirectory.lock(out) }
        #expect(busy.description == "another gremlin audit is writing \(out.path); wait or use another --out")
        held.release()
        held.release()
        // Other tests spawn processes meanwhile: a child between fork and exec briefly shares the
        // descriptor (O_CLOEXEC closes it only at exec), so the lock may outlive `release` by moments.
        var again: OutputDirectoryLock?
        for _ in 0..<200 where again == nil {
            again = try? OutputDirectory.lock(out)
            if again == nil { usleep(10_000) }
        }
        #expect(again != nil, "the lock was not free again within 2 s of its release")
        again?.release()
    }

    @Test func anOutThatIsAFileCannotBeLocked() throws {
        let root = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("out")
        try Data("x".utf8).write(to: file)
        let error = try #require(throws: ReportError.self) { try OutputDirectory.lock(file) }
        #expect(error.file == file.path)
        #expect(error.message.contains("pass a writable --out"))
    }

    @Test func clearingRemovesOnlyTheReportsGremlinOwns() throws {
        let out = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(
            OutputDirectory.reportFileNames.sorted()
                == ["audit.json", "audit.md", "gl-code-quality.json", "gremlin.sarif", "junit.xml"])
        let kept = ["release.json", "attestation.intoto.jsonl", "notes.md", OutputDirectory.lockFileName]
        // A run killed mid-write leaves temporaries: they go too, other dot files stay.
        let leftovers = [
            ".junit.xml\(AtomicFiles.temporaryMarker)999-1", ".audit.json\(AtomicFiles.temporaryMarker)999-0",
        ]
        let keptToo = [".junit.xml.bak", ".gremlin-tmp-unrelated"]
        for name in OutputDirectory.reportFileNames + kept + leftovers + keptToo {
            try Data("x".utf8).write(to: out.appendingPathComponent(name))
        }
        try OutputDirectory.clearReports(in: out)
        try OutputDirectory.clearReports(in: out)  // nothing left to clear is fine
        #expect(try Self.names(out) == (kept + keptToo).sorted())
    }

    @Test func theFinisherWritesOnceWhoeverComesFirst() throws {
        let root = try ReportSamples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var options = AuditOptions()
        options.repository = root.path
        options.outDirectory = root.appendingPathComponent("out").path
        options.environment = ["SOURCE_DATE_EPOCH": "0"]
        let finisher = AuditFinisher(runner: AuditRunner(options: options))
        let stopped = finisher.stoppedReport(reason: "interrupted by SIGTERM")
        #expect(stopped.verdict == .error)
        #expect(stopped.reason == "interrupted by SIGTERM")
        #expect(!finisher.isFinished)
        #expect(try finisher.finish(stopped))
        #expect(finisher.isFinished)
        #expect(try finisher.finish(ReportSamples.mixed()) == false)
        let out = root.appendingPathComponent("out")
        #expect(try Self.names(out) == OutputDirectory.reportFileNames.sorted())
        let json = try JSONDecoder().decode(
            AuditReport.self, from: Data(contentsOf: out.appendingPathComponent("audit.json")))
        #expect(json.reason == "interrupted by SIGTERM")
    }
}
