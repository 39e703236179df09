// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct PolicyLoaderTests {
    @Test func contractPolicyLoadsUnchanged() throws {
        let policy = try PolicyLoader.load(path: Fixtures.path("contract/policies/production.yaml"))
        #expect(policy.name == "production")
        #expect(
            policy.checks.keys.sorted() == [
                "approvals", "bias", "commits", "ip", "leakage", "lineage", "model_card",
                "performance", "pii", "security",
            ])
        let performance = try #require(policy.settings(for: "performance"))
        #expect(performance.severity == .block)
        #expect(performance.config.double("absolute_min") == 0.60)
        #expect(performance.config.int("bootstrap") == 1000)
        #expect(performance.config.int("seed") == 20_241_201)
        #expect(policy.settings(for: "approvals")?.severity == .warn)
        let ip = try #require(policy.settings(for: "ip"))
        #expect(ip.config.strings("spdx") == ["Apache-2.0", "LicenseRef-Tempus-Internal"])
        #expect(ip.config.int("within_lines") == 20)
        let pii = try #require(policy.settings(for: "pii"))
        #expect(try pii.config.namedRegexes("patterns").map(\.name) == ["mrn"])
    }

    @Test func shippedPoliciesLoad() throws {
        for name in ["production", "pre-merge", "release", "self"] {
            let policy = try PolicyLoader.load(
                path: Fixtures.packageRoot.appendingPathComponent("policies/\(name).yaml").path)
            #expect(policy.name == name)
        }
        let release = try PolicyLoader.load(
            path: Fixtures.packageRoot.appendingPathComponent("policies/release.yaml").path)
        #expect(release.settings(for: "approvals")?.severity == .block)
        #expect(release.settings(for: "performance")?.config.double("absolute_min") == 0.60)
        #expect(release.files.count == 2)
    }

    @Test func unknownKeyNamesFileKeyAndNearestKey() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Fixtures.write(
            """
            apiVersion: gremlin/v1
            kind: Policy
            checks:
              performance:
                min_detla: 0.01
            """, to: "bad.yaml", in: directory)
        let error = try #require(throws: InputErrors.self) { try PolicyLoader.load(path: path) }
        let first = try #require(error.errors.first)
        #expect(first.file == path)
        #expect(first.key == "checks.performance.min_detla")
        #expect(first.line == 5)
        #expect(first.fix == "did you mean min_delta?")
        #expect(error.description.contains("checks.performance.min_detla: unknown key — did you mean min_delta?"))
    }

    @Test func unknownCheckIdSuggestsTheRealOne() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Fixtures.write(
            "apiVersion: gremlin/v1\nkind: Policy\nchecks:\n  lineag: {}\n", to: "p.yaml", in: directory)
        let error = try #require(throws: InputErrors.self) { try PolicyLoader.load(path: path) }
        #expect(error.errors.map(\.key) == ["checks.lineag"])
        #expect(error.errors.first?.fix == "did you mean lineage?")
    }

    @Test func wrongTypeAndInvalidRegexAreReported() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Fixtures.write(
            """
            apiVersion: gremlin/v1
            kind: Policy
            checks:
              ip:
                within_lines: twenty
                copyright: 'Copyright (c'
              commits:
                sign_off: yes please
            """, to: "p.yaml", in: directory)
        let error = try #require(throws: InputErrors.self) { try PolicyLoader.load(path: path) }
        let keys = error.errors.map { $0.key ?? "" }
        #expect(keys == ["checks.ip.within_lines", "checks.ip.copyright", "checks.commits.sign_off"])
        #expect(error.errors[0].message == "expected an integer, got 'twenty'")
        #expect(error.errors[1].message.hasPrefix("invalid regular expression"))
        #expect(error.errors[2].line == 8)
    }

    @Test func yamlSyntaxErrorGivesLineAndColumn() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Fixtures.write(
            "apiVersion: gremlin/v1\nkind: Policy\nchecks:\n  ip: [unclosed\n", to: "p.yaml", in: directory)
        let error = try #require(throws: InputError.self) { try PolicyLoader.load(path: path) }
        #expect(error.file == path)
        #expect(error.line != nil && error.column != nil)
        #expect(error.message.hasPrefix("YAML syntax error"))
    }

    @Test func missingFileIsAnInputError() throws {
        let error = try #require(throws: InputError.self) { try PolicyLoader.load(path: "/nonexistent/policy.yaml") }
        #expect(error.message == "file not found")
    }

    @Test func extendsMergesAndDetectsCycles() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Fixtures.write(
            "apiVersion: gremlin/v1\nkind: Policy\nname: base\nchecks:\n  ip:\n    spdx: [MIT]\n    within_lines: 5\n",
            to: "base.yaml", in: directory)
        let child = try Fixtures.write(
            "apiVersion: gremlin/v1\nkind: Policy\nextends: base.yaml\nchecks:\n  ip:\n    within_lines: 7\n",
            to: "child.yaml", in: directory)
        let policy = try PolicyLoader.load(path: child)
        #expect(policy.name == "base")
        #expect(policy.settings(for: "ip")?.config.int("within_lines") == 7)
        #expect(policy.settings(for: "ip")?.config.strings("spdx") == ["MIT"])

        try Fixtures.write("apiVersion: gremlin/v1\nkind: Policy\nextends: b.yaml\n", to: "a.yaml", in: directory)
        try Fixtures.write("apiVersion: gremlin/v1\nkind: Policy\nextends: a.yaml\n", to: "b.yaml", in: directory)
        let error = try #require(throws: InputError.self) {
            try PolicyLoader.load(path: directory.appendingPathComponent("a.yaml").path)
        }
        #expect(error.message.contains("cycle"))
    }

    @Test func absentChecksAreDisabledAndDefaultsApply() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Fixtures.write(
            "apiVersion: gremlin/v1\nkind: Policy\nchecks:\n  leakage: {}\n", to: "p.yaml", in: directory)
        let policy = try PolicyLoader.load(path: path)
        #expect(policy.settings(for: "ip") == nil)
        let leakage = try #require(policy.settings(for: "leakage"))
        #expect(leakage.enabled)
        #expect(leakage.config.string("normalize") == "trim")
        #expect(leakage.config.strings("splits") == ["train", "validation", "test"])
    }
}

@Suite struct ManifestLoaderTests {
    @Test func contractManifestLoadsUnchanged() throws {
        let manifest = try ManifestLoader.load(path: Fixtures.path("contract/release.yaml"))
        #expect(manifest.model.name == "cl_unimodal_v2")
        #expect(manifest.model.version == "1.0.0")
        #expect(manifest.model.fields["intended_use"]?.hasPrefix("Research-grade") == true)
        #expect(manifest.artifacts.count == 1)
        #expect(manifest.artifacts[0].path == "artifacts/model.pt")
        #expect(manifest.lineage == "lineage.yaml")
        #expect(manifest.evaluation?.baseline?.name == "cl_unimodal_v1")
        #expect(manifest.evaluation?.score == "risk")
        #expect(manifest.splits?.files.map(\.name) == ["train", "validation", "test"])
        #expect(manifest.splits?.idColumn == "patient_id")
        #expect(manifest.piiScan == ["samples/notes_sample.jsonl"])
        #expect(manifest.limitations.count == 3)
        #expect(manifest.approvals == "approvals.yaml")
        #expect(manifest.value(at: "model.intended_use") != nil)
        #expect(manifest.value(at: "model.missing") == nil)
    }

    @Test func unknownManifestKeyIsAnError() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Fixtures.write(
            """
            apiVersion: gremlin/v1
            kind: ModelRelease
            model: {name: m, version: 1.0.0, intended_us: x}
            """, to: "release.yaml", in: directory)
        let error = try #require(throws: InputErrors.self) { try ManifestLoader.load(path: path) }
        #expect(error.errors.first?.key == "model.intended_us")
        #expect(error.errors.first?.fix == "did you mean intended_use?")
    }
}

@Suite struct GlobTests {
    @Test(arguments: [
        ("**/*.swift", "Sources/a/b.swift", true),
        ("**/*.swift", "b.swift", true),
        ("*.swift", "Sources/b.swift", true),
        ("Sources/*.swift", "Sources/a/b.swift", false),
        ("Sources/*.swift", "Sources/b.swift", true),
        ("**/.env", ".env", true),
        ("**/.env", "a/b/.env", true),
        ("**/third_party/**", "x/third_party/y/z.c", true),
        ("**/third_party/**", "third_party/z.c", true),
        ("**/*.pb.swift", "Sources/x.pb.swift", true),
        ("**/id_rsa*", "keys/id_rsa.pub", true),
        ("docs/", "docs/a/b.md", true),
        ("/Makefile", "sub/Makefile", false),
        ("file[0-9].txt", "file7.txt", true),
        ("file[!0-9].txt", "file7.txt", false),
        ("a?c", "a/c", false),
    ])
    func gitignoreSemantics(pattern: String, path: String, expected: Bool) {
        #expect(Glob(pattern).matches(path) == expected)
    }
}
