// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct TagTests {
    @Test func createsAnnotatedTagIdempotently() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("one", files: ["a.txt": "1\n"])
        let second = try fixture.commit("two", files: ["a.txt": "2\n"])
        let repository = try Repository.open(at: fixture.path)
        let target = try #require(ObjectID(hex: first))
        let tagger = Signature(
            name: "Release Bot", email: "release@example.com", time: 1_710_000_000, offsetMinutes: -300)
        let name = "models/cl_unimodal/v2.1.0"
        #expect(try repository.tagTarget(name: name) == nil)

        let created = try repository.createAnnotatedTag(
            name: name, target: target,
            message: "Audit: ready\n\nstage: production-candidate", tagger: tagger)
        #expect(try fixture.git(["cat-file", "-t", created.hex]) == "tag")
        #expect(try fixture.git(["rev-parse", "refs/tags/\(name)"]) == created.hex)
        #expect(try fixture.git(["rev-parse", "\(name)^{commit}"]) == first)
        #expect(
            try fixture.git([
                "for-each-ref", "--format=%(taggername) %(taggeremail) %(taggerdate:raw)", "refs/tags/\(name)",
            ])
                == "Release Bot <release@example.com> 1710000000 -0500")
        #expect(
            try fixture.git(["tag", "-l", "--format=%(contents)", name])
                == "Audit: ready\n\nstage: production-candidate")
        #expect(try repository.tagTarget(name: name) == target)

        let info = try #require(try repository.tag(named: name))
        #expect(info.isAnnotated)
        #expect(info.id == created)
        #expect(info.tagger == tagger)
        #expect(info.message == "Audit: ready\n\nstage: production-candidate\n")

        // Same commit again: the existing tag, unchanged.
        #expect(
            try repository.createAnnotatedTag(name: name, target: target, message: "other text", tagger: tagger)
                == created)
        // Another commit: refused, tag untouched.
        let moved = try #require(throws: GitError.self) {
            try repository.createAnnotatedTag(
                name: name, target: try #require(ObjectID(hex: second)), message: "x", tagger: tagger)
        }
        #expect(moved.kind == .exists)
        #expect(moved.description.contains(name))
        #expect(try fixture.git(["rev-parse", "\(name)^{commit}"]) == first)
    }

    @Test func defaultTaggerAndBadNames() throws {
        let fixture = try GitFixture()
        let head = try fixture.commit("one", files: ["a.txt": "1\n"])
        let repository = try Repository.open(at: fixture.path)
        let target = try #require(ObjectID(hex: head))
        let created = try repository.createAnnotatedTag(name: "v1", target: target, message: "first")
        #expect(try fixture.git(["for-each-ref", "--format=%(taggername)", "refs/tags/v1"]) == GitFixture.authorName)
        #expect(try repository.tag(named: "v1")?.id == created)

        let bad = try #require(throws: GitError.self) {
            try repository.createAnnotatedTag(name: "bad..name", target: target, message: "x")
        }
        #expect(bad.kind == .invalid)
        let missing = try #require(throws: GitError.self) {
            try repository.createAnnotatedTag(
                name: "v2", target: try #require(ObjectID(hex: String(repeating: "3", count: 40))), message: "x")
        }
        #expect(missing.kind == .notFound)
    }

    @Test func readsLightweightTag() throws {
        let fixture = try GitFixture()
        let head = try fixture.commit("one", files: ["a.txt": "1\n"])
        try fixture.git(["tag", "light"])
        let repository = try Repository.open(at: fixture.path)
        let info = try #require(try repository.tag(named: "light"))
        #expect(!info.isAnnotated)
        #expect(info.id.hex == head)
        #expect(info.target.hex == head)
        #expect(try repository.tagTarget(name: "light")?.hex == head)
        // Creating an annotated tag over a lightweight one on the same commit keeps it.
        #expect(try repository.createAnnotatedTag(name: "light", target: info.target, message: "x").hex == head)
    }
}
