// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The snapshot's lookup by path bytes and its single read of the index file: every file is
/// matched with its own index entry, never a neighbour's, and a linked worktree reads its own.
@Suite struct WorkTreeSnapshotPathTests {
    /// Same-size files whose names differ where `-`, `.` and `/` sort around each other.
    static let files = [
        "a-b": "one-1\n", "a.b": "two-2\n", "a/b": "thr-3\n", "a/b-": "fou-4\n", "ab": "fiv-5\n", "a b": "six-6\n",
    ]

    @Test func neighbouringPathsReadTheirOwnBytes() throws {
        let fixture = try WorkTreeSnapshotTests.cleanRepository(files: Self.files)
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        #expect(snapshot.count == Self.files.count)
        for path in Self.files.keys.sorted() {
            let entry = try WorkTreeSnapshotTests.entry(repository, path)
            #expect(snapshot.entries[PathKey(entry.rawPath)]?.oid == entry.oid)
            let read = try repository.readBlob(entry, prefix: nil, snapshot: snapshot)
            #expect(read.source == .workTree, "\(path)")
            #expect(read.bytes == Array(try #require(Self.files[path]).utf8), "\(path)")
        }
        #expect(snapshot.entries[PathKey(Array("a".utf8))] == nil)
        #expect(snapshot.entries[PathKey(Array("a/".utf8))] == nil)
    }

    /// A file edited after it was staged, same size and the old mtime put back: only its
    /// ctime tells, and the audit reads the committed bytes; its neighbours keep the shortcut.
    @Test func anEditKeepingSizeAndMtimeIsReadFromObjectsByTheAudit() throws {
        let header = "// SPDX-License-Identifier: MIT\n"
        let other = "// " + String(repeating: "x", count: header.utf8.count - 4) + "\n"
        #expect(other.utf8.count == header.utf8.count)
        var files = Self.files.mapValues { header + $0 }
        files["a.b"] = other + "two-2\n"
        let fixture = try WorkTreeSnapshotTests.cleanRepository(files: files)
        // The work tree now holds a compliant header where the commit has none, and the other
        // way round for a-b, both at the committed size and mtime.
        try WorkTreeSnapshotTests.overwriteKeepingMtime(fixture, "a.b", header + "two-2\n")
        try WorkTreeSnapshotTests.overwriteKeepingMtime(fixture, "a-b", other + "one-1\n")
        let repository = try Repository.open(at: fixture.path)
        let rule = HeaderRule(withinLines: 5, spdx: ["MIT"], copyright: nil)
        for threads in [1, 2] {
            let audit = try HeaderAudit.run(
                repository: repository, commit: try repository.resolve("HEAD"), include: [Glob("**/*")], exclude: [],
                rule: rule, threads: threads)
            #expect(audit.files.map(\.path) == ["a b", "a-b", "a.b", "a/b", "a/b-", "ab"])
            #expect(audit.failing.map(\.path) == ["a.b"], "threads \(threads)")
            #expect(audit.readFromWorkTree == files.count - 2, "threads \(threads)")
        }
    }

    /// A linked worktree has an index of its own: the snapshot is read from it, not from the
    /// main work tree's.
    @Test func aLinkedWorktreeReadsItsOwnIndex() throws {
        let fixture = try WorkTreeSnapshotTests.cleanRepository()
        let linked = fixture.sibling("linked")
        try fixture.git(["worktree", "add", "-q", linked])
        try Data("staged in the linked worktree\n".utf8).write(to: URL(fileURLWithPath: linked + "/a.txt"))
        try fixture.git(["add", "a.txt"], in: linked)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: linked + "/a.txt")
        try fixture.git(["update-index", "-q", "--really-refresh"], in: linked)
        let staged = try #require(ObjectID(hex: try fixture.git(["rev-parse", ":a.txt"], in: linked)))
        let committed = try #require(ObjectID(hex: try fixture.git(["rev-parse", ":a.txt"])))
        #expect(staged != committed)

        let main = try #require(try Repository.open(at: fixture.path).workTreeSnapshot())
        #expect(main.entries[PathKey(Array("a.txt".utf8))]?.oid == committed)
        let repository = try Repository.open(at: linked)
        #expect(repository.isWorktree)
        let snapshot = try #require(repository.workTreeSnapshot())
        #expect(snapshot.entries[PathKey(Array("a.txt".utf8))]?.oid == staged)
        let entry = try WorkTreeSnapshotTests.entry(repository, "a.txt")
        let read = try repository.readBlob(entry, prefix: nil, snapshot: snapshot)
        #expect(read.source == .objectDatabase)
        #expect(read.bytes == Array("alpha alpha\n".utf8))
    }

    /// The index the snapshot read becomes the handle's own: the handle's later index reads see
    /// the same entries as a fresh handle, and a later `git add`.
    @Test func theHandleKeepsAWorkingIndexAfterTheSnapshot() throws {
        let fixture = try WorkTreeSnapshotTests.cleanRepository()
        let repository = try Repository.open(at: fixture.path)
        #expect(repository.workTreeSnapshot() != nil)
        let fresh = try Repository.open(at: fixture.path)
        #expect(try repository.indexEntries() == (try fresh.indexEntries()))
        #expect(try repository.indexEntries().map(\.path) == ["a.txt", "b.txt", "dir/c.txt"])
        try fixture.write("e.txt", "echo\n")
        try fixture.git(["add", "e.txt"])
        #expect(try repository.indexEntries().map(\.path) == ["a.txt", "b.txt", "dir/c.txt", "e.txt"])
        #expect(try repository.indexEntry(at: "e.txt")?.oid == ObjectID(hex: try fixture.git(["rev-parse", ":e.txt"])))
    }

    @Test func pathKeysAreTheirBytes() {
        let paths: [[UInt8]] = [[], [0x61], [0x61, 0x2F], [0x61, 0x2D], [0x2F, 0x61], [0xFF], [0x61, 0x00]]
        var table: [PathKey: Int] = [:]
        for (number, path) in paths.enumerated() { table[PathKey(path)] = number }
        #expect(table.count == paths.count)
        for (number, path) in paths.enumerated() { #expect(table[PathKey(path)] == number) }
        #expect(PathKey([0x61, 0x62]) == PathKey(Array("ab".utf8)))
        #expect(PathKey([0x61, 0x62]).hashValue == PathKey(Array("ab".utf8)).hashValue)
    }
}
