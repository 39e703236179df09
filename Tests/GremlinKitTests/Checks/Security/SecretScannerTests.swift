// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation
import Testing

@testable import GremlinKit

@Suite struct SecretScannerTests {
    let scanner = SecretRuleTests.scanner
    let githubToken = "ghp_" + FakeToken.alnum(36, 9001)
    let awsKey = "AKIA" + FakeToken.base32(16, 9002)

    @Test func reportsLineColumnAndRangeOfTheSecret() throws {
        let text = "first line\n  token: \(githubToken)\nlast"
        let bytes = Array(text.utf8)
        let match = try #require(scanner.scan(bytes, path: "config.yml").matches.first)
        #expect(match.rule == "github-pat")
        #expect(match.path == "config.yml")
        #expect(match.line == 2)
        let lineStart = try #require(text.range(of: "\n")).upperBound
        let secretStart = try #require(text.range(of: githubToken))
        #expect(match.column == text.utf8.distance(from: lineStart, to: secretStart.lowerBound) + 1)
        #expect(String(decoding: bytes[match.secretRange], as: UTF8.self) == githubToken)
        #expect(match.preview == "ghp_…")
    }

    @Test func fingerprintIsSHA256OfRuleAndSecretTruncated() throws {
        let match = try #require(scanner.scan(Array("k = \(awsKey)".utf8), path: "a").matches.first)
        let digest = SHA256.hash(data: Data("aws-access-token:\(awsKey)".utf8))
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        #expect(match.fingerprint == String(hex.prefix(32)))
    }

    @Test func fingerprintIgnoresLocation() throws {
        let first = try #require(scanner.scan(Array("x = \(awsKey)".utf8), path: "a.txt").matches.first)
        let moved = try #require(
            scanner.scan(Array("\n\n\n    other: \(awsKey) # moved".utf8), path: "b/c.txt").matches.first)
        #expect(first.fingerprint == moved.fingerprint)
        #expect(first.line != moved.line)
    }

    @Test func inlineAllowSuppressesOnlyItsLine() {
        let text = "a = \(awsKey)  # gremlin:allow\nb = \(awsKey)\n"
        let result = scanner.scan(Array(text.utf8), path: "x")
        #expect(result.matches.map(\.line) == [2])
        #expect(result.allowed.map(\.line) == [1])
    }

    @Test func binaryBlobsAreScannedInTheirPrintableRuns() {
        // Mostly non-text bytes with a NUL: binary, so only its printable runs are scanned.
        let noise = (0..<300).map { UInt8(($0 * 37 + 11) % 256) }
        let generic = Array(" api_key = '\(FakeToken.alnum(32, 9001))' ".utf8)
        var bytes = noise + [0] + Array(githubToken.utf8) + [0, 1] + generic + noise
        let result = scanner.scan(bytes, path: "blob.bin")
        #expect(result.binary)
        // High-confidence rules only: the token is found (no line, its byte offset named), the
        // generic assignment is not.
        #expect(result.matches.map(\.rule) == ["github-pat"])
        #expect(result.matches.first?.line == 0)
        #expect(result.matches.first?.via == "in the printable text of a binary file at byte 301")
        #expect(result.matches.first?.finding.location == Location(path: "blob.bin"))
        // A NUL beyond the probe window does not make a blob binary.
        bytes =
            Array(repeating: UInt8(ascii: "a"), count: SecretScanner.binaryProbeLength) + [0x0A]
            + Array("\(githubToken)\n".utf8) + [0]
        let late = scanner.scan(bytes, path: "late.txt")
        #expect(!late.binary)
        #expect(late.matches.map(\.rule) == ["github-pat"])
    }

    @Test func carriageReturnsAndMissingFinalNewline() throws {
        let text = "one\r\nkey = \(githubToken)\r\nthree = \(awsKey)"
        let result = scanner.scan(Array(text.utf8), path: "w.txt")
        #expect(result.matches.map(\.rule) == ["github-pat", "aws-access-token"])
        #expect(result.matches.map(\.line) == [2, 3])
    }

    @Test func specificRuleWinsOverGenericOnTheSameBytes() {
        let result = scanner.scan(Array("GITHUB_TOKEN=\"\(githubToken)\"".utf8), path: ".env")
        #expect(result.matches.map(\.rule) == ["github-pat"])
    }

    @Test func privateKeyBlockReportsItsBeginLine() throws {
        let key = SecretRule.privateKey.truePositives[0]
        let text = "intro\n\n" + key
        let result = scanner.scan(Array(text.utf8), path: "id_rsa")
        let match = try #require(result.matches.first)
        #expect(result.matches.count == 1)
        #expect(match.rule == "private-key")
        #expect(match.line == 3)
        #expect(match.column == 1)
    }

    @Test func nonUTF8BytesDoNotShiftColumns() throws {
        let prefix: [UInt8] = [0xC3, 0xA9, 0xFF, 0x20]
        let bytes = prefix + Array("tok=\(awsKey)".utf8)
        let match = try #require(scanner.scan(bytes, path: "latin.txt").matches.first)
        #expect(match.column == prefix.count + 5)
        #expect(Array(bytes[match.secretRange]) == Array(awsKey.utf8))
    }

    /// Redaction by construction: no encoding or description of a match or finding holds the secret.
    @Test func matchesAndFindingsNeverCarryTheSecret() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var checked = 0
        for rule in SecretRule.builtIn {
            for example in rule.truePositives {
                let bytes = Array(example.utf8)
                let result = scanner.scan(bytes, path: "planted.txt")
                for match in result.matches {
                    let secret = String(decoding: bytes[match.secretRange], as: UTF8.self)
                    let finding = match.finding
                    let outputs = [
                        String(decoding: try encoder.encode(match), as: UTF8.self),
                        String(decoding: try encoder.encode(finding), as: UTF8.self),
                        String(decoding: try encoder.encode([finding]), as: UTF8.self),
                        String(decoding: try SecretsBaseline(matches: [match]).encoded(), as: UTF8.self),
                        String(describing: match), String(reflecting: finding), finding.message,
                    ]
                    for output in outputs {
                        #expect(!output.contains(secret), "\(rule.id) leaked into \(output.prefix(60))")
                        // Nor any 8-byte window of it (a partial leak is still a leak).
                        let secretBytes = Array(secret.utf8)
                        if secretBytes.count > 8 {
                            let window = String(decoding: secretBytes[4..<12], as: UTF8.self)
                            #expect(!output.contains(window), "\(rule.id) partially leaked")
                        }
                    }
                    #expect(finding.fingerprint == match.fingerprint)
                    #expect(finding.rule == "security.\(rule.id)")
                    checked += 1
                }
            }
        }
        #expect(checked >= SecretRule.builtIn.count)
    }

    @Test func placeholdersAreNotSecrets() {
        let text = """
            AWS_ACCESS_KEY_ID=AKIA\("IOSFODNN7")EXAMPLE
            password = "your_password_here_1234"
            api_key = "xxxxxxxxxxxxxxxxxxxxxxxx"
            """
        #expect(scanner.scan(Array(text.utf8), path: "README.md").matches.isEmpty)
    }

    @Test func badRulesAreRejectedWithTheRuleNamed() {
        let bad = SecretRule(
            id: "broken", description: "x", pattern: "(unclosed", keywords: ["x"],
            truePositives: [], falsePositives: [])
        #expect(throws: SecretScannerError.self) { try SecretScanner(rules: [bad]) }
        let noKeyword = SecretRule(
            id: "ungated", description: "x", pattern: "x", keywords: [],
            truePositives: [], falsePositives: [])
        #expect(throws: SecretScannerError.noKeywords(rule: "ungated")) { try SecretScanner(rules: [noKeyword]) }
    }

    @Test func keywordAutomatonFindsOverlappingKeywordsCaseInsensitively() {
        let automaton = KeywordAutomaton(keywords: [["he", "she"], ["hers"], ["xyz"]])
        var state = 0
        var seen: UInt64 = 0
        for byte in Array("uSHErS".utf8) {
            state = Int(automaton.transitions[state << 8 | Int(byte)])
            seen |= automaton.ruleMasks[state]
        }
        #expect(seen == 0b011)
    }
}

@Suite struct LongLineTests {
    /// A multi-megabyte single line is scanned in keyword windows with the same answers.
    @Test func secretsInAHugeLineAreFoundAtTheirColumns() throws {
        let scanner = SecretRuleTests.scanner
        let token = "ghp_" + FakeToken.alnum(36, 8101)
        let key = "AKIA" + FakeToken.base32(16, 8102)
        var line = String(repeating: "{\"k\":1},", count: 40_000)
        let firstColumn = line.utf8.count + 1
        line +=
            token + String(repeating: ",[0]", count: 50_000) + " \"api_secret\": \"" + FakeToken.alnum(30, 8103)
            + "\"  "
        let secondColumn = line.utf8.count + 1
        line += key + "\n"
        #expect(line.utf8.count > SecretScanner.longLine)
        let bytes = Array(line.utf8)
        let matches = scanner.scan(bytes, path: "big.json").matches
        #expect(matches.map(\.rule) == ["github-pat", "generic-api-key", "aws-access-token"])
        #expect(matches.first?.column == firstColumn)
        #expect(matches.last?.column == secondColumn)
        for match in matches { #expect(match.line == 1) }
        #expect(String(decoding: bytes[try #require(matches.first).secretRange], as: UTF8.self) == token)
    }
}
