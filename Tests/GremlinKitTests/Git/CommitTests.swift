// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct CommitTests {
    private func id(_ hex: String) throws -> ObjectID { try #require(ObjectID(hex: hex)) }

    @Test func readsCommitMetadataLikeGitLog() throws {
        let fixture = try GitFixture()
        try fixture.commit("root", files: ["a.txt": "a\n"])
        try fixture.write("a.txt", "b\n")
        let message = """
            Add the survival model
            gate for stage two

            Body paragraph explaining why.

            Signed-off-by: Ada Lovelace <ada@example.com>
            Approved-by: Grace Hopper <grace@example.com> (clinical-lead)
            """
        let head = try fixture.commit(
            message,
            environment: [
                "GIT_AUTHOR_NAME": "Grace Hopper", "GIT_AUTHOR_EMAIL": "grace@example.com",
                "GIT_AUTHOR_DATE": "@1700000000 +0530",
            ])
        let repository = try Repository.open(at: fixture.path)
        let info = try repository.commit(try id(head))

        let fields = try fixture.git(["log", "-1", "--format=%H%n%T%n%P%n%an%n%ae%n%at%n%ai%n%cn%n%ce%n%ct%n%s", head])
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(info.id.hex == fields[0])
        #expect(info.tree.hex == fields[1])
        #expect(info.parents.map(\.hex) == [fields[2]])
        #expect(info.author.name == fields[3])
        #expect(info.author.email == fields[4])
        #expect(String(info.author.time) == fields[5])
        #expect(info.author.offsetMinutes == 330)
        #expect(fields[6].hasSuffix("+0530"))
        #expect(info.committer.name == fields[7])
        #expect(info.committer.email == fields[8])
        #expect(String(info.committer.time) == fields[9])
        #expect(info.subject == fields[10])
        #expect(info.subject == "Add the survival model gate for stage two")
        #expect(info.message == (try fixture.git(["log", "-1", "--format=%B", head])) + "\n")
        #expect(!info.isMerge)
        #expect(!info.hasSignature)

        // git's own trailer parser is the reference.
        let parsed = try fixture.git(["log", "-1", "--format=%(trailers:only,unfold)", head])
            .split(separator: "\n").map { line -> Trailer in
                let colon = line.firstIndex(of: ":")!
                return Trailer(
                    key: String(line[..<colon]),
                    value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        #expect(info.trailers == parsed)
        #expect(info.trailers.count == 2)
        #expect(info.trailers.first?.key == "Signed-off-by")
        #expect(info.trailers.last?.value == "Grace Hopper <grace@example.com> (clinical-lead)")

        let root = try repository.commit(try repository.resolve("HEAD~1"))
        #expect(root.parents.isEmpty)
        #expect(root.trailers.isEmpty)
    }

    @Test func detectsSignatureHeader() throws {
        let fixture = try GitFixture()
        let head = try fixture.commit("plain", files: ["a.txt": "a\n"])
        let tree = try fixture.git(["rev-parse", "\(head)^{tree}"])
        // A commit object with a gpgsig header, written directly: git stores it as-is.
        let raw = """
            tree \(tree)
            parent \(head)
            author Ada Lovelace <ada@example.com> 1704067300 +0000
            committer Ada Lovelace <ada@example.com> 1704067300 +0000
            gpgsig -----BEGIN SSH SIGNATURE-----
             U1NIU0lHAAAAAQ==
             -----END SSH SIGNATURE-----

            signed commit

            """
        let signed = try fixture.git(["hash-object", "-t", "commit", "-w", "--stdin"], input: Array(raw.utf8))
        let repository = try Repository.open(at: fixture.path)
        let info = try repository.commit(try id(signed))
        #expect(info.hasSignature)
        #expect(info.subject == "signed commit")
        #expect(try fixture.git(["cat-file", "-p", signed]).contains("gpgsig "))
        #expect(try repository.commit(try id(head)).hasSignature == false)
    }

    /// main: m1 - m2 - m3 - M(merge of topic) - m4;  topic (from m1): t1 - t2.
    private func branchyRepository() throws -> (GitFixture, [String: String]) {
        let fixture = try GitFixture()
        var ids: [String: String] = [:]
        ids["m1"] = try fixture.commit("m1", files: ["main.txt": "1\n"])
        try fixture.git(["branch", "topic"])
        ids["m2"] = try fixture.commit("m2", files: ["main.txt": "2\n"])
        try fixture.git(["checkout", "-q", "topic"])
        ids["t1"] = try fixture.commit("t1", files: ["topic.txt": "1\n"])
        try fixture.git(["checkout", "-q", "main"])
        ids["m3"] = try fixture.commit("m3", files: ["main.txt": "3\n"])
        try fixture.git(["checkout", "-q", "topic"])
        ids["t2"] = try fixture.commit("t2", files: ["topic.txt": "2\n"])
        try fixture.git(["checkout", "-q", "main"])
        try fixture.git(["merge", "-q", "--no-ff", "-m", "Merge topic", "topic"])
        fixture.tick()
        ids["merge"] = try fixture.git(["rev-parse", "HEAD"])
        ids["m4"] = try fixture.commit("m4", files: ["main.txt": "4\n"])
        return (fixture, ids)
    }

    @Test func walksRangesInDateOrderLikeRevList() throws {
        let (fixture, ids) = try branchyRepository()
        let repository = try Repository.open(at: fixture.path)
        let head = try repository.resolve("main")
        let merge = try repository.commit(try id(ids["merge"]!))
        #expect(merge.isMerge)
        #expect(merge.parents.map(\.hex) == [ids["m3"]!, ids["t2"]!])

        for (base, limit) in [(nil, nil), ("m1", nil), ("m2", nil), ("t1", nil), ("m4", nil), (nil, 3), ("m1", 2)]
            as [(String?, Int?)]
        {
            var arguments = ["rev-list", "--date-order"]
            if let limit { arguments.append("--max-count=\(limit)") }
            arguments.append(base.map { "\(ids[$0]!)..main" } ?? "main")
            let expected = try fixture.git(arguments).split(separator: "\n").map(String.init)
            let baseID = try base.map { try id(ids[$0]!) }
            let walk = try repository.walkCommits(from: head, excluding: baseID, limit: limit)
            #expect(walk.commits.map(\.id.hex) == expected, "base \(base ?? "-") limit \(limit ?? -1)")
            #expect(!walk.reachedShallowBoundary)
            #expect(try repository.commits(from: head, excluding: baseID, limit: limit).map(\.id.hex) == expected)
            // The hand-written walk used for shallow clones gives the same answer.
            let manual = try repository.walkInSwift(from: head, excluding: baseID, limit: limit)
            #expect(manual.commits.map(\.id.hex) == expected)
            #expect(manual.truncated == walk.truncated)
        }
        let all = try repository.walkCommits(from: head, excluding: nil, limit: 3)
        #expect(all.truncated)
        #expect(try repository.walkCommits(from: head, excluding: nil, limit: nil).truncated == false)
        #expect(try repository.commits(from: head, excluding: nil, limit: 0).isEmpty)
    }

    @Test func mergeBaseAndAncestryMatchGit() throws {
        let (fixture, ids) = try branchyRepository()
        let repository = try Repository.open(at: fixture.path)
        let pairs = [("t2", "m3"), ("t1", "m4"), ("m2", "t2"), ("merge", "t2"), ("m1", "m1")]
        for (a, b) in pairs {
            let expected = try fixture.git(["merge-base", ids[a]!, ids[b]!])
            #expect(try repository.mergeBase(try id(ids[a]!), try id(ids[b]!))?.hex == expected, "\(a) \(b)")
        }
        for a in ids.keys.sorted() {
            for b in ids.keys.sorted() {
                let gitSays = (try? fixture.git(["merge-base", "--is-ancestor", ids[a]!, ids[b]!])) != nil
                #expect(
                    try repository.isAncestor(try id(ids[a]!), of: try id(ids[b]!)) == gitSays, "\(a) ancestor of \(b)")
            }
        }
        #expect(try repository.isAncestor(try id(ids["m4"]!), of: try id(ids["m4"]!)))

        // Unrelated histories have no merge base.
        try fixture.git(["checkout", "-q", "--orphan", "island"])
        let island = try fixture.commit("island", files: ["island.txt": "x\n"])
        #expect(try repository.mergeBase(try id(island), try id(ids["m4"]!)) == nil)
        #expect(try repository.isAncestor(try id(island), of: try id(ids["m4"]!)) == false)
    }

    @Test func shallowCloneReportsItsBoundary() throws {
        let (fixture, ids) = try branchyRepository()
        let shallowPath = fixture.sibling("shallow")
        try fixture.git(["clone", "-q", "--depth", "1", "--no-single-branch", "file://\(fixture.path)", shallowPath])
        let shallow = try Repository.open(at: shallowPath)
        #expect(shallow.isShallow)
        let head = try shallow.resolve("HEAD")
        #expect(head.hex == ids["m4"]!)

        // Without a base: one commit, and the walk says where history was cut.
        let walk = try shallow.walkCommits(from: head, excluding: nil, limit: 50)
        #expect(walk.commits.map(\.id.hex) == [ids["m4"]!])
        #expect(walk.shallowBoundary.map(\.hex) == [ids["m4"]!])
        #expect(try shallow.commits(from: head, excluding: nil, limit: 50).count == 1)

        // A base the clone lacks: resolve names the fix; a base id it lacks is a shallow error.
        let unresolved = try #require(throws: GitError.self) { try shallow.resolve(ids["m1"]!) }
        #expect(unresolved.kind == .notFound)
        #expect(unresolved.description.contains("fetch-depth: 0"))
        let missingBase = try #require(throws: GitError.self) {
            try shallow.commits(from: head, excluding: try id(ids["m1"]!), limit: nil)
        }
        #expect(missingBase.kind == .shallowBoundary)
        #expect(missingBase.description.contains("fetch-depth: 0"))

        // A base that is present but whose history is cut: the range cannot be trusted.
        let depthTwo = fixture.sibling("depth2")
        try fixture.git(["clone", "-q", "--depth", "2", "file://\(fixture.path)", depthTwo])
        let partial = try Repository.open(at: depthTwo)
        let base = try partial.resolve("HEAD~1")
        let cut = try #require(throws: GitError.self) {
            try partial.commits(from: try partial.resolve("HEAD"), excluding: base, limit: nil)
        }
        #expect(cut.isShallowBoundary)
        #expect(cut.description.contains("fetch-depth: 0"))
        let reported = try partial.walkCommits(from: try partial.resolve("HEAD"), excluding: base, limit: nil)
        #expect(reported.commits.map(\.id.hex) == [ids["m4"]!])
        #expect(reported.reachedShallowBoundary)
    }

    @Test func corruptCommitIsAGitErrorInEveryReader() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("one", files: ["a.txt": "1\n"])
        let second = try fixture.commit("two", files: ["a.txt": "2\n"])
        let head = try fixture.commit("three", files: ["a.txt": "3\n"])
        let objectPath = fixture.url(".git/objects/\(second.prefix(2))/\(second.dropFirst(2))").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: objectPath)
        // Garbage rather than a truncated zlib stream: libgit2 1.5.1 loops forever on the latter
        // (libgit2 issue #7342, fixed upstream by PR #7346).
        try Data("garbage, not a zlib stream".utf8).write(to: URL(fileURLWithPath: objectPath))

        let repository = try Repository.open(at: fixture.path)
        let headID = try id(head)
        let readers: [(String, () throws -> Void)] = [
            ("commit", { _ = try repository.commit(try self.id(second)) }),
            ("walk", { _ = try repository.commits(from: headID, excluding: nil) }),
            (
                "walk in Swift",
                { _ = try repository.walkInSwift(from: headID, excluding: try self.id(first), limit: nil) }
            ),
            ("added lines", { _ = try repository.addedLines(in: headID) }),
            ("ancestry", { _ = try repository.isAncestor(try self.id(first), of: headID) }),
        ]
        for (name, read) in readers {
            let error = try #require(throws: GitError.self, "\(name)") { try read() }
            #expect(error.kind == .corrupt, "\(name): \(error)")
        }
        #expect(try repository.commit(headID).parents.map(\.hex) == [second])
    }
}
