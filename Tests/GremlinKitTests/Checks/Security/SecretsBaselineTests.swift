// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct SecretsBaselineTests {
    let scanner = SecretRuleTests.scanner
    let oldSecret = "glpat-" + FakeToken.b64url(20, 7001)
    let newSecret = "npm_" + FakeToken.alnum(36, 7002)

    @Test func suppressionSurvivesMovingTheSecretAndCatchesANewOneOnTheOldLine() throws {
        let before = scanner.scan(Array("a\nb\nTOKEN=\(oldSecret)\n".utf8), path: "deploy/a.env").matches
        #expect(before.count == 1)
        let baseline = SecretsBaseline(matches: before)

        // Rebased: the old secret moved to another file and line; a new secret took its old line.
        let moved = scanner.scan(Array("x\n\n\n\n\n\n\n\n\nX=\(oldSecret)\n".utf8), path: "config/b.txt").matches
        let sameLine = scanner.scan(Array("a\nb\nTOKEN=\(newSecret)\n".utf8), path: "deploy/a.env").matches
        let applied = baseline.apply(to: moved + sameLine)
        #expect(applied.suppressed.map(\.path) == ["config/b.txt"])
        #expect(applied.suppressed.map(\.line) == [10])
        #expect(applied.new.map(\.rule) == ["npm-access-token"])
        #expect(applied.new.map(\.line) == [3])
        #expect(applied.unused.isEmpty)

        // Once the secret is gone, its entry is reported unused.
        let cleaned = baseline.apply(to: sameLine)
        #expect(cleaned.unused.map(\.fingerprint) == before.map(\.fingerprint))
    }

    @Test func roundTripIsDeterministicAndSorted() throws {
        let matches = scanner.scan(Array("a=\(oldSecret)\nb=\(newSecret)\nc=\(oldSecret)\n".utf8), path: "z.txt")
            .matches
        #expect(matches.count == 3)
        let forward = SecretsBaseline(matches: matches)
        let backward = SecretsBaseline(matches: matches.reversed())
        #expect(try forward.encoded() == backward.encoded())
        #expect(forward.entries.count == 2)
        #expect(forward.entries.map(\.fingerprint) == forward.entries.map(\.fingerprint).sorted())

        let data = try forward.encoded()
        let reloaded = try SecretsBaseline.load(data: data, path: SecretsBaseline.defaultPath)
        #expect(reloaded == forward)
        #expect(try reloaded.encoded() == data)

        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "gremlin.secrets-baseline/v1")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        #expect(!text.contains(oldSecret) && !text.contains(newSecret))
    }

    @Test func writesAndLoadsAFile() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gremlin-baseline-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(SecretsBaseline.defaultPath)
        let baseline = SecretsBaseline(matches: scanner.scan(Array("k=\(newSecret)".utf8), path: "k").matches)
        try baseline.write(to: url)
        #expect(try SecretsBaseline.load(from: url) == baseline)
    }

    @Test func invalidBaselinesNameTheFileAndTheProblem() {
        let path = ".gremlin/secrets-baseline.json"
        let fingerprint = String(repeating: "ab", count: 16)
        func load(_ json: String) -> SecretsBaselineError? {
            do {
                _ = try SecretsBaseline.load(data: Data(json.utf8), path: path)
                return nil
            } catch let error as SecretsBaselineError {
                return error
            } catch {
                return nil
            }
        }
        #expect(load("[]") == .invalidJSON(path: path))
        #expect(
            load("{\"schema\":\"gremlin.secrets-baseline/v1\",\"entries\":[],\"extra\":1}")
                == .unknownKey(path: path, key: "extra"))
        #expect(load("{\"schema\":\"v0\",\"entries\":[]}") == .unsupportedSchema(path: path, found: "v0"))
        #expect(
            load(
                "{\"schema\":\"gremlin.secrets-baseline/v1\",\"entries\":[{\"fingerprint\":\"XYZ\",\"rule\":\"r\",\"path\":\"p\"}]}"
            )
                == .badFingerprint(path: path, index: 0))
        #expect(
            load(
                "{\"schema\":\"gremlin.secrets-baseline/v1\",\"entries\":[{\"fingerprint\":\"\(fingerprint)\",\"rule\":\"r\",\"path\":\"p\",\"line\":3}]}"
            )
                == .unknownKey(path: path, key: "entries[0].line"))
        #expect(
            load(
                "{\"schema\":\"gremlin.secrets-baseline/v1\",\"entries\":[{\"fingerprint\":\"\(fingerprint)\",\"rule\":\"r\",\"path\":\"p\"}]}"
            ) == nil)
        #expect(SecretsBaselineError.unknownKey(path: path, key: "extra").description.contains(path))
    }
}
