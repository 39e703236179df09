// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct IndexTests {
    /// Moves the files' mtime an hour back and refreshes the index, so no entry is racily clean
    /// (modified within the index's own timestamp) with no need to wait.
    private func backdate(_ fixture: GitFixture, _ paths: [String]) throws {
        for path in paths {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -3600)],
                ofItemAtPath: fixture.url(path).path)
        }
        try fixture.git(["update-index", "-q", "--really-refresh"])
    }

    @Test func indexEntriesMatchLsFiles() throws {
        let fixture = try GitFixture()
        try fixture.commit("one", files: ["a.txt": "alpha\n", "dir/b.txt": "beta\n", "run.sh": "#!/bin/sh\n"])
        try fixture.git(["update-index", "--chmod=+x", "run.sh"])
        try fixture.write("staged.txt", "staged only\n")
        try fixture.git(["add", "staged.txt"])
        let repository = try Repository.open(at: fixture.path)
        let entries = try repository.indexEntries()
        let reference = try fixture.git(["ls-files", "-s"]).split(separator: "\n").map {
            line -> (String, String, Int, String) in
            let tab = line.firstIndex(of: "\t")!
            let fields = line[..<tab].split(separator: " ")
            return (String(fields[0]), String(fields[1]), Int(fields[2])!, String(line[line.index(after: tab)...]))
        }
        #expect(entries.count == reference.count)
        for (entry, expected) in zip(entries, reference) {
            #expect(String(entry.mode, radix: 8) == expected.0)
            #expect(entry.oid.hex == expected.1)
            #expect(entry.stage == expected.2)
            #expect(entry.path == expected.3)
        }
        let staged = try #require(entries.first { $0.path == "staged.txt" })
        let info = try FileManager.default.attributesOfItem(atPath: fixture.url("staged.txt").path)
        #expect(staged.size == (info[.size] as? Int))
        #expect(staged.mtimeSeconds == Int64((info[.modificationDate] as! Date).timeIntervalSince1970))
        #expect(entries.first { $0.path == "run.sh" }?.kind == .executable)
    }

    @Test func stagedBlobIsWhatIsStagedNotTheWorkTree() throws {
        let fixture = try GitFixture()
        try fixture.commit("one", files: ["a.txt": "committed\n"])
        try fixture.write("a.txt", "staged\n")
        try fixture.git(["add", "a.txt"])
        try fixture.write("a.txt", "work tree only\n")
        let repository = try Repository.open(at: fixture.path)
        #expect(try repository.stagedBlob(at: "a.txt") == Array("staged\n".utf8))
        #expect(try repository.stagedBlob(at: "a.txt", prefix: 3) == Array("sta".utf8))
        #expect(try repository.stagedBlob(at: "missing.txt") == nil)
        #expect(try repository.indexEntry(at: "a.txt")?.oid.hex == (try fixture.git(["rev-parse", ":a.txt"])))

        // The cached index is re-read after another process changes it.
        try fixture.git(["add", "a.txt"])
        #expect(try repository.stagedBlob(at: "a.txt") == Array("work tree only\n".utf8))
    }

    @Test func workTreeFileMatchesBlob() throws {
        let fixture = try GitFixture()
        let head = try fixture.commit("one", files: ["a.txt": "alpha\n", "b.txt": "bravo\n", "c.txt": "charlie\n"])
        try backdate(fixture, ["a.txt", "b.txt", "c.txt"])
        let repository = try Repository.open(at: fixture.path)
        func blob(_ path: String) throws -> ObjectID {
            try #require(ObjectID(hex: try fixture.git(["rev-parse", "\(head):\(path)"])))
        }

        #expect(try repository.workTreeFileMatches("a.txt", blob: try blob("a.txt")))
        #expect(try repository.compareWorkTreeFile("a.txt", blob: try blob("a.txt")) == .matchesByIndex)
        #expect(try repository.workTreeFileMatches("a.txt", blob: try blob("b.txt")) == false)
        try fixture.write("b.txt", "BRAVO\n")  // same size, other bytes
        #expect(try repository.workTreeFileMatches("b.txt", blob: try blob("b.txt")) == false)
        try fixture.write("c.txt", "charlie, longer\n")
        #expect(try repository.workTreeFileMatches("c.txt", blob: try blob("c.txt")) == false)
        try fixture.write("c.txt", "charlie\n")  // same bytes, new stat: hashed
        #expect(try repository.workTreeFileMatches("c.txt", blob: try blob("c.txt")))
        #expect(try repository.compareWorkTreeFile("c.txt", blob: try blob("c.txt")) == .matchesByHash)
        try FileManager.default.removeItem(at: fixture.url("a.txt"))
        #expect(try repository.workTreeFileMatches("a.txt", blob: try blob("a.txt")) == false)
        #expect(try repository.compareWorkTreeFile("a.txt", blob: try blob("a.txt")) == .missing)

        let bare = fixture.sibling("bare.git")
        try fixture.git(["clone", "-q", "--bare", fixture.path, bare])
        let error = try #require(throws: GitError.self) {
            try Repository.open(at: bare).workTreeFileMatches("a.txt", blob: try blob("a.txt"))
        }
        #expect(error.kind == .invalid)
    }

    @Test func filteredFileIsNotTrustedFromStat() throws {
        let fixture = try GitFixture()
        try fixture.write(".gitattributes", "*.txt text eol=crlf\n")
        let head = try fixture.commit("one", files: ["a.txt": "alpha\nbeta\n"])
        try FileManager.default.removeItem(at: fixture.url("a.txt"))
        try fixture.git(["checkout", "--", "a.txt"])
        #expect(try Data(contentsOf: fixture.url("a.txt")) == Data("alpha\r\nbeta\r\n".utf8))
        try backdate(fixture, ["a.txt"])
        let repository = try Repository.open(at: fixture.path)
        let blob = try #require(ObjectID(hex: try fixture.git(["rev-parse", "\(head):a.txt"])))
        #expect(try repository.workTreeFileMatches("a.txt", blob: blob) == false)
        #expect(try repository.readBlob(blob) == Array("alpha\nbeta\n".utf8))
    }

    /// A smudge filter that keeps the size (like LFS-style drivers libgit2 cannot run): git's
    /// index stat data matches the file, yet its bytes are not the blob's.
    @Test func sameSizeSmudgeFilterIsNotTrustedFromStat() throws {
        let fixture = try GitFixture()
        try fixture.git(["config", "filter.upper.smudge", "tr a-z A-Z"])
        try fixture.git(["config", "filter.upper.clean", "tr A-Z a-z"])
        try fixture.write(".gitattributes", "*.up filter=upper\n")
        let head = try fixture.commit("one", files: ["a.up": "lower case\n", "plain.txt": "plain\n"])
        try FileManager.default.removeItem(at: fixture.url("a.up"))
        try fixture.git(["checkout", "--", "a.up"])
        #expect(try Data(contentsOf: fixture.url("a.up")) == Data("LOWER CASE\n".utf8))
        try backdate(fixture, ["a.up", "plain.txt"])
        #expect(try fixture.git(["diff", "--name-only"]) == "")  // git itself sees the file as clean

        let repository = try Repository.open(at: fixture.path)
        let blob = try #require(ObjectID(hex: try fixture.git(["rev-parse", "\(head):a.up"])))
        #expect(try repository.compareWorkTreeFile("a.up", blob: blob) == .differs)
        let plain = try #require(ObjectID(hex: try fixture.git(["rev-parse", "\(head):plain.txt"])))
        #expect(try repository.compareWorkTreeFile("plain.txt", blob: plain) == .matchesByIndex)
    }
}
