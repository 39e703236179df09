// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct RevisionTests {
    private func threeCommits() throws -> (GitFixture, [String]) {
        let fixture = try GitFixture()
        var ids: [String] = []
        for index in 1...3 { ids.append(try fixture.commit("commit \(index)", files: ["n.txt": "\(index)\n"])) }
        return (fixture, ids)
    }

    @Test func resolvesRevspecsLikeGit() throws {
        let (fixture, _) = try threeCommits()
        try fixture.git(["tag", "-a", "v1", "-m", "release v1", "HEAD~1"])
        try fixture.git(["tag", "light", "HEAD~2"])
        try fixture.git(["branch", "topic", "HEAD~1"])
        let clone = fixture.sibling("clone")
        try fixture.git(["clone", "-q", fixture.path, clone])
        let repository = try Repository.open(at: fixture.path)
        let cloned = try Repository.open(at: clone)
        for revision in ["HEAD", "main", "topic", "v1", "light", "HEAD~2", "HEAD^", "v1^{commit}", "main@{0}"] {
            let expected = try fixture.git(["rev-parse", "--verify", "\(revision)^{commit}"])
            #expect(try repository.resolve(revision).hex == expected, "\(revision)")
        }
        let full = try fixture.git(["rev-parse", "HEAD~1"])
        #expect(try repository.resolve(full).hex == full)
        #expect(try repository.resolve(String(full.prefix(7))).hex == full)
        #expect(try cloned.resolve("origin/main").hex == (try fixture.git(["rev-parse", "main"])))
        #expect(try cloned.resolve("origin/topic").hex == (try fixture.git(["rev-parse", "topic"])))
    }

    @Test func unknownRevisionIsNotFoundWithItsName() throws {
        let (fixture, _) = try threeCommits()
        let repository = try Repository.open(at: fixture.path)
        for revision in ["no-such-branch", "HEAD~10", "origin/main"] {
            let error = try #require(throws: GitError.self) { try repository.resolve(revision) }
            #expect(error.kind == .notFound, "\(revision)")
            #expect(error.description.contains("'\(revision)'"))
            #expect(error.hint == nil)
        }
        let empty = try #require(throws: GitError.self) { try repository.resolve("") }
        #expect(empty.kind == .invalid)
    }

    @Test func revisionNamingATreeOrBlobIsInvalid() throws {
        let (fixture, _) = try threeCommits()
        let repository = try Repository.open(at: fixture.path)
        let blob = try #require(throws: GitError.self) { try repository.resolve("HEAD:n.txt") }
        #expect(blob.kind == .invalid)
        #expect(blob.message.contains("blob"))
        let tree = try #require(throws: GitError.self) { try repository.resolve("HEAD^{tree}") }
        #expect(tree.message.contains("tree"))
    }

    @Test func resolvesAbbreviatedCommit() throws {
        let (fixture, ids) = try threeCommits()
        let repository = try Repository.open(at: fixture.path)
        for id in ids {
            #expect(try repository.resolveCommitPrefix(String(id.prefix(4))).hex == id)
            #expect(try repository.resolveCommitPrefix(id.uppercased()).hex == id)
        }
        let unknown = ids.contains { $0.hasPrefix("0000") } ? "ffff" : "0000"
        let missing = try #require(throws: GitError.self) { try repository.resolveCommitPrefix(unknown) }
        #expect(missing.kind == .notFound)
        for bad in ["abc", "xyz1", String(repeating: "a", count: 41)] {
            let error = try #require(throws: GitError.self) { try repository.resolveCommitPrefix(bad) }
            #expect(error.kind == .invalid, "\(bad)")
        }
    }

    /// 600 commits made by `git fast-import` (fixed dates, so fixed ids): among them, some share
    /// four hex digits with another commit, and some only with a blob or tree.
    private func crowdedRepository() throws -> GitFixture {
        let fixture = try GitFixture()
        var stream = ""
        for index in 1...600 {
            let message = "commit \(index)\n"
            let content = "file \(index)\n"
            stream += "commit refs/heads/main\ncommitter Ada <ada@example.com> \(1_704_067_200 + index * 60) +0000\n"
            stream +=
                "data \(message.utf8.count)\n\(message)M 644 inline f.txt\ndata \(content.utf8.count)\n\(content)\n"
        }
        try fixture.git(["fast-import", "--quiet"], input: Array(stream.utf8))
        return fixture
    }

    @Test func abbreviatedCommitAmbiguityAndTypeDisambiguation() throws {
        let fixture = try crowdedRepository()
        let repository = try Repository.open(at: fixture.path)
        let listing = try fixture.git(["cat-file", "--batch-check=%(objectname) %(objecttype)", "--batch-all-objects"])
        var byPrefix: [String: [(id: String, type: String)]] = [:]
        for line in listing.split(separator: "\n") {
            let parts = line.split(separator: " ")
            byPrefix[String(parts[0].prefix(4)), default: []].append((String(parts[0]), String(parts[1])))
        }

        let sharedByCommits = try #require(
            byPrefix.keys.sorted().first { key in
                byPrefix[key]!.filter { $0.type == "commit" }.count >= 2
            })
        let error = try #require(throws: GitError.self) { try repository.resolveCommitPrefix(sharedByCommits) }
        #expect(error.kind == .ambiguous)
        #expect(error.isAmbiguous)
        for commit in byPrefix[sharedByCommits]! where commit.type == "commit" {
            #expect(error.message.contains(String(commit.id.prefix(12))))
        }
        // git agrees that the prefix is ambiguous as a commit.
        #expect(throws: GitFixtureError.self) {
            try fixture.git(["rev-parse", "--verify", "-q", "\(sharedByCommits)^{commit}"])
        }

        let oneCommit = try #require(
            byPrefix.keys.sorted().first { key in
                let types = byPrefix[key]!.map(\.type)
                return types.count >= 2 && types.filter { $0 == "commit" }.count == 1
            })
        let expected = try fixture.git(["rev-parse", "--verify", "\(oneCommit)^{commit}"])
        #expect(try repository.resolveCommitPrefix(oneCommit).hex == expected)
        #expect(try repository.resolve(oneCommit).hex == expected)
    }
}
