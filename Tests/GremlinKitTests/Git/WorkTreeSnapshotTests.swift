// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The work-tree shortcut of `readBlob(_:prefix:snapshot:)`: bytes come from disk only when the
/// index proves the file is the blob; every other case reads the object database.
@Suite struct WorkTreeSnapshotTests {
    static let files = ["a.txt": "alpha alpha\n", "b.txt": "bravo bravo\n", "dir/c.txt": "charlie\n"]

    /// A committed repository whose files' mtimes are an hour back and whose index was rewritten
    /// since, so no entry is racily clean.
    static func cleanRepository(files: [String: String] = files) throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.commit("one", files: files)
        try backdate(fixture, Array(files.keys))
        return fixture
    }

    static func backdate(_ fixture: GitFixture, _ paths: [String]) throws {
        for path in paths {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -3600)],
                ofItemAtPath: fixture.url(path).path)
        }
        try fixture.git(["update-index", "-q", "--really-refresh"])
    }

    static func entry(_ repository: Repository, _ path: String) throws -> TreeEntry {
        try #require(try repository.treeEntries(at: try repository.resolve("HEAD")).first { $0.path == path })
    }

    /// Rewrites a file in place (same inode), then puts its mtime back: only ctime still tells.
    static func overwriteKeepingMtime(_ fixture: GitFixture, _ path: String, _ text: String) throws {
        let url = fixture.url(path)
        let mtime = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: mtime], ofItemAtPath: url.path)
    }

    @Test func cleanFilesComeFromTheWorkTreeWithTheBlobsBytes() throws {
        let fixture = try Self.cleanRepository()
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        #expect(snapshot.count == 3)
        #expect(snapshot.allVerbatim)
        for path in Self.files.keys.sorted() {
            let entry = try Self.entry(repository, path)
            let read = try repository.readBlob(entry, prefix: 5, snapshot: snapshot)
            #expect(read.source == .workTree)
            #expect(read.bytes == (try repository.readBlob(entry.oid, prefix: 5)))
            let whole = try repository.readBlob(entry, prefix: nil, snapshot: snapshot)
            #expect(whole.source == .workTree)
            #expect(whole.bytes == Array(try #require(Self.files[path]).utf8))
        }
    }

    @Test func sameSizeEditWithTheOldMtimeIsReadFromObjects() throws {
        let fixture = try Self.cleanRepository()
        try Self.overwriteKeepingMtime(fixture, "a.txt", "ALPHA ALPHA\n")
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        let read = try repository.readBlob(try Self.entry(repository, "a.txt"), prefix: nil, snapshot: snapshot)
        #expect(read.source == .objectDatabase)
        #expect(read.bytes == Array("alpha alpha\n".utf8))
        // The untouched file still takes the shortcut.
        #expect(
            try repository.readBlob(try Self.entry(repository, "b.txt"), prefix: nil, snapshot: snapshot).source
                == .workTree)
    }

    @Test func editAfterTheSnapshotIsCaughtByTheStatAfterTheRead() throws {
        let fixture = try Self.cleanRepository()
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        try Self.overwriteKeepingMtime(fixture, "b.txt", "BRAVO BRAVO\n")
        let read = try repository.readBlob(try Self.entry(repository, "b.txt"), prefix: nil, snapshot: snapshot)
        #expect(read.source == .objectDatabase)
        #expect(read.bytes == Array("bravo bravo\n".utf8))
    }

    /// Entries modified no earlier than the index was written are racily clean: git itself
    /// cannot tell them from an edit made in the same instant, so neither does Gremlin.
    @Test func racilyCleanEntriesAreNotTrusted() throws {
        let fixture = try GitFixture()
        try fixture.commit("one", files: Self.files)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -3600)],
            ofItemAtPath: fixture.url("a.txt").path)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -3600)],
            ofItemAtPath: fixture.url("b.txt").path)
        // Later than the index about to be written: racy however it was made.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 3600)],
            ofItemAtPath: fixture.url("dir/c.txt").path)
        try fixture.git(["update-index", "-q", "--really-refresh"])
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        #expect(snapshot.count == 2)
        let racy = try repository.readBlob(try Self.entry(repository, "dir/c.txt"), prefix: nil, snapshot: snapshot)
        #expect(racy.source == .objectDatabase)
        #expect(racy.bytes == Array("charlie\n".utf8))
        #expect(
            try repository.readBlob(try Self.entry(repository, "a.txt"), prefix: nil, snapshot: snapshot).source
                == .workTree)

        // An index older than every entry: nothing qualifies, so there is no snapshot at all.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -7200)],
            ofItemAtPath: fixture.url(".git/index").path)
        #expect(repository.workTreeSnapshot() == nil)
    }

    @Test func assumeUnchangedAndSkipWorktreeEntriesAreNotTrusted() throws {
        let fixture = try Self.cleanRepository()
        try fixture.git(["update-index", "--assume-unchanged", "a.txt"])
        try fixture.git(["update-index", "--skip-worktree", "b.txt"])
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        #expect(snapshot.count == 1)
        #expect(
            try repository.readBlob(try Self.entry(repository, "a.txt"), prefix: nil, snapshot: snapshot).source
                == .objectDatabase)
        #expect(
            try repository.readBlob(try Self.entry(repository, "b.txt"), prefix: nil, snapshot: snapshot).source
                == .objectDatabase)
        #expect(
            try repository.readBlob(try Self.entry(repository, "dir/c.txt"), prefix: nil, snapshot: snapshot).source
                == .workTree)
    }

    @Test func aStagedChangeIsNotTheCommittedBlob() throws {
        let fixture = try Self.cleanRepository()
        try fixture.write("a.txt", "staged text\n")
        try fixture.git(["add", "a.txt"])
        try Self.backdate(fixture, ["a.txt"])
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        let read = try repository.readBlob(try Self.entry(repository, "a.txt"), prefix: nil, snapshot: snapshot)
        #expect(read.source == .objectDatabase)
        #expect(read.bytes == Array("alpha alpha\n".utf8))
    }

    /// With a `.gitattributes`, the decision is libgit2's, per file: CRLF files are read from
    /// objects (even one without a newline, whose bytes happen to be equal), others from disk.
    @Test func attributesAreCheckedPerFile() throws {
        let fixture = try GitFixture()
        try fixture.write(".gitattributes", "*.crlf text eol=crlf\n")
        try fixture.commit("one", files: ["a.crlf": "one\ntwo\n", "flat.crlf": "no newline", "b.txt": "plain\n"])
        try FileManager.default.removeItem(at: fixture.url("a.crlf"))
        try fixture.git(["checkout", "--", "a.crlf"])
        #expect(try Data(contentsOf: fixture.url("a.crlf")) == Data("one\r\ntwo\r\n".utf8))
        try Self.backdate(fixture, [".gitattributes", "a.crlf", "flat.crlf", "b.txt"])
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        #expect(snapshot.allVerbatim == false)
        let crlf = try repository.readBlob(try Self.entry(repository, "a.crlf"), prefix: nil, snapshot: snapshot)
        #expect(crlf.source == .objectDatabase)
        #expect(crlf.bytes == Array("one\ntwo\n".utf8))
        #expect(
            try repository.readBlob(try Self.entry(repository, "flat.crlf"), prefix: nil, snapshot: snapshot).source
                == .objectDatabase)
        #expect(
            try repository.readBlob(try Self.entry(repository, "b.txt"), prefix: nil, snapshot: snapshot).source
                == .workTree)
    }

    /// An untracked `.gitattributes` counts too (libgit2 reads the work tree's first).
    @Test func untrackedAttributesFileDisablesTheRepositoryWideAnswer() throws {
        let fixture = try Self.cleanRepository()
        try fixture.write("dir/.gitattributes", "*.txt ident\n")
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        #expect(snapshot.allVerbatim == false)
        #expect(
            try repository.readBlob(try Self.entry(repository, "dir/c.txt"), prefix: nil, snapshot: snapshot).source
                == .objectDatabase)
        #expect(
            try repository.readBlob(try Self.entry(repository, "a.txt"), prefix: nil, snapshot: snapshot).source
                == .workTree)
    }

    /// A `.gitattributes` three levels up from the file still counts.
    @Test func attributesInAnAncestorDirectoryCount() throws {
        let fixture = try Self.cleanRepository(files: ["top.txt": "top\n", "deep/er/c.txt": "charlie\n"])
        try fixture.write("deep/.gitattributes", "*.txt ident\n")
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        #expect(snapshot.allVerbatim == false)
        #expect(
            try repository.readBlob(try Self.entry(repository, "deep/er/c.txt"), prefix: nil, snapshot: snapshot).source
                == .objectDatabase)
        #expect(
            try repository.readBlob(try Self.entry(repository, "top.txt"), prefix: nil, snapshot: snapshot).source
                == .workTree)
    }

    /// Attributes that select no filter (linguist's, diff, export-ignore) keep the one-probe answer.
    @Test func attributesThatSelectNoFilterKeepTheRepositoryWideAnswer() throws {
        let files = [
            "a.txt": "alpha\n", "vendor/b.txt": "bravo\n",
            ".gitattributes": "# comment naming text\nvendor/* linguist-vendored\n*.txt diff=plain -export-ignore\n",
        ]
        let fixture = try Self.cleanRepository(files: files)
        let repository = try Repository.open(at: fixture.path)
        let snapshot = try #require(repository.workTreeSnapshot())
        #expect(snapshot.allVerbatim)
        #expect(
            try repository.readBlob(try Self.entry(repository, "vendor/b.txt"), prefix: nil, snapshot: snapshot).source
                == .workTree)
    }

    @Test(arguments: [
        ("*.txt linguist-generated=true\n", false), ("# text\n\n", false), ("*.sh diff=bash merge=union\n", false),
        ("*.txt text\n", true), ("*.txt -text\n", true), ("* !eol\n", true), ("*.bat eol=crlf\n", true),
        ("*.c ident\n", true), ("*.bin filter=lfs diff=lfs\n", true), ("*.png binary\n", true),
        ("*.txt working-tree-encoding=UTF-16\n", true), ("[attr]mine -diff\n", true), ("\"a b\" crlf\n", true),
    ])
    func filterSelectingAttributesAreFound(text: String, expected: Bool) {
        #expect(Repository.mayFilter(attributes: Array(text.utf8)) == expected)
    }

    @Test func autocrlfLeavesNoSnapshot() throws {
        let fixture = try Self.cleanRepository()
        try fixture.git(["config", "core.autocrlf", "true"])
        #expect(try Repository.open(at: fixture.path).workTreeSnapshot() == nil)
    }

    @Test func bareRepositoryHasNoSnapshot() throws {
        let fixture = try Self.cleanRepository()
        let bare = fixture.sibling("bare.git")
        try fixture.git(["clone", "-q", "--bare", fixture.path, bare])
        #expect(try Repository.open(at: bare).workTreeSnapshot() == nil)
    }
}
