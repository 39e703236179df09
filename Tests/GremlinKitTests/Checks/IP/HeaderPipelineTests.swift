// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The pipelined audit (the walk then the sizes on one thread, the snapshot then files on
/// another) gives the one-thread audit's results and errors, whatever the thread count.
@Suite struct HeaderPipelineTests {
    static let rule = HeaderRule(withinLines: 5, spdx: ["MIT"], copyright: nil)

    /// 300 files over nested directories (several batches and size hand-offs), a third of them
    /// without a header, plus a symlink and a submodule.
    static func manyFiles() throws -> GitFixture {
        let fixture = try GitFixture()
        for number in 0..<300 {
            let path = "d\(number % 7)/s\(number % 3)/f\(number).c"
            try fixture.write(path, number % 3 == 0 ? "int x\(number);\n" : "// SPDX-License-Identifier: MIT\nint y;\n")
        }
        try fixture.git(["add", "-A"])
        try fixture.git(["update-index", "--add", "--cacheinfo", "160000,\(String(repeating: "b", count: 40)),sub"])
        try FileManager.default.createDirectory(at: fixture.url("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: fixture.url("link.c").path, withDestinationPath: "d0/s0/f0.c")
        try fixture.commit("many")
        return fixture
    }

    static func audit(_ fixture: GitFixture, threads: Int) throws -> HeaderAudit {
        let repository = try Repository.open(at: fixture.path)
        return try HeaderAudit.run(
            repository: repository, commit: try repository.resolve("HEAD"), include: [Glob("**/*")], exclude: [],
            rule: rule, threads: threads)
    }

    @Test func everyThreadCountGivesTheOneThreadResult() throws {
        let fixture = try Self.manyFiles()
        try IPCheckTests.backdateWorkTree(fixture)
        let one = try Self.audit(fixture, threads: 1)
        #expect(one.files.count == 302)
        #expect(one.failing.count == 100)
        #expect(one.readFromWorkTree == 300)
        for threads in [2, 3, 5] {
            let many = try Self.audit(fixture, threads: threads)
            #expect(IPCheckTests.summary(many) == IPCheckTests.summary(one), "threads \(threads)")
            #expect(many.readFromWorkTree == 300, "threads \(threads)")
        }
        // Without the shortcut (objects only) and on a racy index (nothing trusted): the same.
        let repository = try Repository.open(at: fixture.path)
        let objectsOnly = try HeaderAudit.run(
            repository: repository, commit: try repository.resolve("HEAD"), include: [Glob("**/*")], exclude: [],
            rule: Self.rule, threads: 2, useWorkTree: false)
        #expect(IPCheckTests.summary(objectsOnly) == IPCheckTests.summary(one))
        #expect(objectsOnly.readFromWorkTree == 0)
    }

    /// A blob missing from the object database fails the audit on the first missing file in path
    /// order, whichever thread met it.
    @Test func aMissingBlobIsTheSameErrorOnEveryThreadCount() throws {
        let fixture = try Self.manyFiles()
        for path in ["d5/s0/f201.c", "d4/s0/f249.c"] {  // unique contents: one blob each
            let blob = try fixture.git(["rev-parse", "HEAD:\(path)"])
            try FileManager.default.removeItem(
                atPath: fixture.url(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))").path)
        }
        for threads in [1, 2, 3] {
            let error = try #require(throws: GitError.self) { try Self.audit(fixture, threads: threads) }
            #expect(error.kind == .notFound, "threads \(threads)")
            #expect(error.description.contains("d4/s0/f249.c"), "threads \(threads)")
        }
    }

    /// A missing tree fails the walk before any file is read, on every thread count.
    @Test func aMissingTreeIsTheWalksError() throws {
        let fixture = try Self.manyFiles()
        let tree = try fixture.git(["rev-parse", "HEAD:d4"])
        try FileManager.default.removeItem(
            atPath: fixture.url(".git/objects/\(tree.prefix(2))/\(tree.dropFirst(2))").path)
        for threads in [1, 2, 4] {
            let error = try #require(throws: GitError.self) { try Self.audit(fixture, threads: threads) }
            #expect(error.kind == .notFound, "threads \(threads)")
            #expect(error.function == "git_tree_lookup", "threads \(threads)")
        }
    }
}
