// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct TreeTests {
    /// `git ls-tree -r -l -z` parsed into (mode, type, oid, size, raw path), the reference.
    private func lsTree(
        _ fixture: GitFixture, _ revision: String
    ) throws -> [(mode: UInt32, type: String, oid: String, size: Int?, path: [UInt8])] {
        let bytes = try fixture.gitBytes(["ls-tree", "-r", "-l", "-z", revision])
        return bytes.split(separator: 0).map { record in
            let tab = record.firstIndex(of: UInt8(ascii: "\t"))!
            let fields = String(decoding: record[record.startIndex..<tab], as: UTF8.self).split(
                separator: " ", omittingEmptySubsequences: true)
            return (
                UInt32(fields[0], radix: 8)!, String(fields[1]), String(fields[2]), Int(fields[3]),
                Array(record[(tab + 1)...])
            )
        }
    }

    private static let binary: [UInt8] =
        [0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0xfe] + (0..<600).map { UInt8($0 % 256) }
    private static let latin1Name: [UInt8] = Array("caf".utf8) + [0xe9] + Array(".txt".utf8)

    private func richRepository() throws -> (GitFixture, String) {
        let fixture = try GitFixture()
        try fixture.write("README.md", "# Readme\n")
        try fixture.write("src/model.py", "print('hi')\n")
        try fixture.write("src/nested/deep/config.yaml", "a: 1\n")
        try fixture.write("assets/logo.png", bytes: Self.binary)
        try fixture.write("dir with spaces/odd ]]> & <name>.txt", "cdata\n")
        try fixture.write("run.sh", "#!/bin/sh\necho hi\n")
        try fixture.write(rawName: Self.latin1Name, bytes: Array("latin-1 name\n".utf8))
        try FileManager.default.createSymbolicLink(
            atPath: fixture.url("link-to-readme").path, withDestinationPath: "README.md")
        try fixture.git(["add", "-A"])
        try fixture.git(["update-index", "--chmod=+x", "run.sh"])
        try fixture.git([
            "update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,vendor/sub",
        ])
        let head = try fixture.commit("everything", addAll: false)
        return (fixture, head)
    }

    @Test func walksTreeLikeLsTree() throws {
        let (fixture, head) = try richRepository()
        let repository = try Repository.open(at: fixture.path)
        let entries = try repository.treeEntries(at: try #require(ObjectID(hex: head)))
        let reference = try lsTree(fixture, head)
        #expect(entries.count == reference.count)
        #expect(entries.count == 9)
        for (entry, expected) in zip(entries, reference) {
            #expect(entry.rawPath == expected.path)
            #expect(entry.mode == expected.mode)
            #expect(entry.oid.hex == expected.oid)
            #expect(entry.size == expected.size)
        }
        // Sorted by bytes, as git sorts file paths.
        #expect(entries.map(\.rawPath) == entries.map(\.rawPath).sorted { $0.lexicographicallyPrecedes($1) })

        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0) })
        #expect(byPath["run.sh"]?.kind == .executable)
        #expect(byPath["link-to-readme"]?.kind == .symlink)
        #expect(byPath["link-to-readme"]?.size == "README.md".utf8.count)
        #expect(byPath["vendor/sub"]?.kind == .submodule)
        #expect(byPath["vendor/sub"]?.size == nil)
        #expect(byPath["vendor/sub"]?.oid.hex == String(repeating: "1", count: 40))
        #expect(byPath["assets/logo.png"]?.kind == .blob)
        #expect(byPath["assets/logo.png"]?.size == Self.binary.count)
        #expect(byPath["dir with spaces/odd ]]> & <name>.txt"]?.kind == .blob)
        #expect(byPath["src/nested/deep/config.yaml"]?.mode == 0o100644)

        let latin = try #require(entries.first { $0.rawPath == Self.latin1Name })
        #expect(latin.path == "caf\u{FFFD}.txt")
    }

    @Test func readsBlobWholeAndPrefixLooseAndPacked() throws {
        let (fixture, head) = try richRepository()
        let id = try #require(ObjectID(hex: try fixture.git(["rev-parse", "\(head):assets/logo.png"])))
        let reference = try fixture.gitBytes(["cat-file", "blob", id.hex])
        #expect(reference == Self.binary)

        func check(_ repository: Repository) throws {
            #expect(try repository.readBlob(id) == reference)
            #expect(try repository.readBlob(id, prefix: 5) == Array(reference.prefix(5)))
            #expect(try repository.readBlob(id, prefix: 0) == [])
            #expect(try repository.readBlob(id, prefix: 100_000) == reference)
        }
        try check(try Repository.open(at: fixture.path))  // loose objects
        try fixture.git(["gc", "-q", "--prune=now"])
        #expect(
            FileManager.default.fileExists(
                atPath: fixture.url(".git/objects/\(id.hex.prefix(2))/\(id.hex.dropFirst(2))").path) == false)
        try check(try Repository.open(at: fixture.path))  // packed

        let repository = try Repository.open(at: fixture.path)
        let notBlob = try #require(throws: GitError.self) { try repository.readBlob(try repository.resolve("HEAD")) }
        #expect(notBlob.kind == .invalid)
        #expect(notBlob.message.contains("commit"))
        let missing = try #require(throws: GitError.self) {
            try repository.readBlob(try #require(ObjectID(hex: String(repeating: "2", count: 40))))
        }
        #expect(missing.kind == .notFound)
    }

    @Test func corruptLooseObjectIsAGitError() throws {
        let fixture = try GitFixture()
        let head = try fixture.commit("one", files: ["a.txt": "alpha\n", "b.txt": "beta\n"])
        let blob = try fixture.git(["rev-parse", "\(head):a.txt"])
        let objectPath = fixture.url(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: objectPath)
        try Data("this is not zlib".utf8).write(to: URL(fileURLWithPath: objectPath))

        let repository = try Repository.open(at: fixture.path)
        let id = try #require(ObjectID(hex: blob))
        for prefix in [nil, 4] as [Int?] {
            let error = try #require(throws: GitError.self) { try repository.readBlob(id, prefix: prefix) }
            #expect(error.kind == .corrupt)
            #expect(error.isCorrupt)
            #expect(error.description.contains(id.short))
        }
        let walk = try #require(throws: GitError.self) {
            try repository.treeEntries(at: try #require(ObjectID(hex: head)))
        }
        #expect(walk.kind == .corrupt)
        #expect(walk.description.contains("a.txt"))
        // The other blob is still readable.
        let beta = try #require(ObjectID(hex: try fixture.git(["rev-parse", "\(head):b.txt"])))
        #expect(try repository.readBlob(beta) == Array("beta\n".utf8))
    }

    @Test func objectIDParsesAndOrders() throws {
        let text = "0123456789abcdef0123456789ABCDEF01234567"
        let id = try #require(ObjectID(hex: text))
        #expect(id.hex == text.lowercased())
        #expect(id.short == "0123456789ab")
        #expect(id.bytes.count == 20)
        #expect(ObjectID(bytes: id.bytes) == id)
        #expect(ObjectID(hex: "xyz") == nil)
        #expect(ObjectID(hex: String(text.dropLast())) == nil)
        let ids = ["ff", "00", "0f", "f0"].map { ObjectID(hex: $0 + String(repeating: "0", count: 38))! }
        #expect(ids.sorted().map(\.hex) == ids.map(\.hex).sorted())
        let encoded = try JSONEncoder().encode([id])
        #expect(try JSONDecoder().decode([ObjectID].self, from: encoded) == [id])
    }
}
