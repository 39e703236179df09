// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The tree walk yields paths in byte order without sorting a well-formed tree, and sorts a tree
/// whose entries are stored out of order; sizes left to the workers are the walk's sizes.
@Suite struct TreeOrderTests {
    /// Names whose order depends on how `/` (0x2F) compares with `-` (0x2D), `.` (0x2E), `0`,
    /// space and bytes above 0x7F: git sorts a subtree's name as if it ended in `/`.
    static let names = [
        "a-b", "a.b", "a/b", "a/a-b", "a/a.b", "a/a/c", "a0", "a b", "ab", "A", "caf\u{E9}", "z/y/x", "z-", "z.",
    ]

    @Test func aWellFormedTreeIsWalkedInPathByteOrder() throws {
        let fixture = try GitFixture()
        for (number, name) in Self.names.enumerated() { try fixture.write(name, "file \(number)\n") }
        try fixture.write(rawName: Array("a".utf8) + [0xFF], bytes: Array("raw\n".utf8))
        let head = try fixture.commit("names")
        let repository = try Repository.open(at: fixture.path)
        let entries = try repository.treeEntries(at: try #require(ObjectID(hex: head)))
        let paths = entries.map(\.rawPath)
        #expect(paths.count == Self.names.count + 1)
        #expect(paths == paths.sorted { $0.lexicographicallyPrecedes($1) })
        // git's own order for the same tree.
        let listed = try fixture.gitBytes(["ls-tree", "-r", "--name-only", "-z", head]).split(separator: 0).map(
            Array.init)
        #expect(paths == listed)
        #expect(Repository.sortedByPath(entries).map(\.rawPath) == paths)
        let index = try #require(paths.firstIndex(of: Array("a.b".utf8)))
        #expect(paths[index - 1] == Array("a-b".utf8))
        #expect(paths[index + 1] == Array("a/a-b".utf8))
    }

    @Test func pathBytesPrecedeIsLexicographicByteOrder() {
        let samples: [[UInt8]] = [
            [], [0], [0x2D], [0x2E], [0x2F], [0x61], [0x61, 0x2F], [0x61, 0x2D, 0x62], [0x61, 0x2F, 0x62], [0x7F],
            [0x80], [0xFF], [0xFF, 0x00], [0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61], [0x61, 0xFF],
        ]
        for a in samples {
            for b in samples {
                #expect(Repository.pathBytesPrecede(a, b) == a.lexicographicallyPrecedes(b), "\(a) \(b)")
            }
        }
    }

    /// A tree written with its entries out of order (git would not, other tools might) still
    /// lists its files in path order.
    @Test func anOutOfOrderTreeIsSortedByPath() throws {
        let fixture = try GitFixture()
        func blob(_ text: String) throws -> [UInt8] {
            let hex = try fixture.git(["hash-object", "-w", "--stdin"], input: Array(text.utf8))
            return try #require(ObjectID(hex: hex)).bytes
        }
        func tree(_ entries: [(mode: String, name: String, id: [UInt8])]) throws -> [UInt8] {
            var raw: [UInt8] = []
            for entry in entries { raw += Array("\(entry.mode) \(entry.name)".utf8) + [0] + entry.id }
            let hex = try fixture.git(["hash-object", "-t", "tree", "-w", "--literally", "--stdin"], input: raw)
            return try #require(ObjectID(hex: hex)).bytes
        }
        let inner = try tree([("100644", "x", try blob("x\n"))])
        // Stored order: b, a (a subtree), a-c: byte order is a-c, a/x, b.
        let outer = try tree([
            ("100644", "b", try blob("b\n")), ("40000", "a", inner), ("100644", "a-c", try blob("c\n")),
        ])
        let commit = try fixture.git(["commit-tree", ObjectID(bytes: outer)!.hex, "-m", "unsorted"])
        let repository = try Repository.open(at: fixture.path)
        let entries = try repository.treeEntries(at: try #require(ObjectID(hex: commit)))
        #expect(entries.map(\.path) == ["a-c", "a/x", "b"])
        #expect(entries.map(\.size) == [2, 2, 2])
    }

    /// `sizes: false` leaves the sizes to `withSize`, which reads the same object headers.
    @Test func sizesReadLaterAreTheWalksSizes() throws {
        let fixture = try GitFixture()
        try fixture.write("small.txt", "s\n")
        try fixture.write("dir/big.txt", String(repeating: "0123456789", count: 1000))
        try fixture.write("empty.txt", "")
        try fixture.git(["add", "-A"])
        try fixture.git(["update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,sub"])
        let head = try fixture.commit("sizes", addAll: false)
        let repository = try Repository.open(at: fixture.path)
        let commit = try #require(ObjectID(hex: head))
        let walked = try repository.treeEntries(at: commit)
        let bare = try repository.treeEntries(at: commit, where: { _ in true }, sizes: false)
        #expect(bare.map(\.rawPath) == walked.map(\.rawPath))
        #expect(bare.allSatisfy { $0.size == nil })
        let sized = try bare.map { try repository.withSize($0) }
        #expect(sized == walked)
        #expect(sized.map(\.size) == [10_000, 0, 2, nil])

        let missing = TreeEntry(
            path: "gone.txt", rawPath: Array("gone.txt".utf8), mode: 0o100644, kind: .blob,
            oid: try #require(ObjectID(hex: String(repeating: "2", count: 40))), size: nil)
        let error = try #require(throws: GitError.self) { try repository.withSize(missing) }
        #expect(error.kind == .notFound)
        #expect(error.description.contains("gone.txt"))
    }
}
