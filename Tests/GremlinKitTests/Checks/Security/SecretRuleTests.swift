// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The shared test every secret rule goes through (gitleaks' tps/fps idea).
@Suite struct SecretRuleTests {
    static let scanner: SecretScanner = {
        do { return try SecretScanner() } catch { preconditionFailure("built-in rules must compile: \(error)") }
    }()

    static let requiredIDs = [
        "aws-access-token", "aws-secret-key", "gcp-api-key", "gcp-service-account", "azure-storage-key",
        "github-pat", "github-fine-grained-pat", "github-oauth", "github-app-token", "gitlab-pat",
        "slack-bot-token", "slack-webhook-url", "private-key", "jwt", "stripe-access-token",
        "npm-access-token", "pypi-upload-token", "openai-api-key", "anthropic-api-key", "hf-access-token",
        "sendgrid-api-token", "twilio-api-key", "generic-api-key",
    ]

    @Test func everyRequiredRuleExistsOnceAndGenericIsLast() {
        let ids = SecretRule.builtIn.map(\.id)
        #expect(Set(ids).count == ids.count)
        for id in Self.requiredIDs { #expect(ids.contains(id), "missing rule \(id)") }
        #expect(ids.last == "generic-api-key")
        #expect(SecretRule.builtIn.filter(\.generic).map(\.id) == ["generic-api-key"])
    }

    @Test(arguments: SecretRule.builtIn.map(\.id))
    func examples(ruleID: String) throws {
        let rule = try #require(SecretRule.builtIn.first { $0.id == ruleID })
        #expect(!rule.truePositives.isEmpty && !rule.falsePositives.isEmpty)
        #expect(rule.keywords.allSatisfy { $0 == $0.lowercased() && !$0.isEmpty })
        for example in rule.truePositives {
            let bytes = Array(example.utf8)
            // The keyword gate must let every true positive through.
            #expect(
                rule.keywords.contains { example.lowercased().contains($0) }, "\(ruleID): no keyword in a true positive"
            )
            let result = Self.scanner.scan(bytes, path: "example.txt")
            let hits = result.matches.filter { $0.rule == ruleID }
            #expect(hits.count == 1, "\(ruleID) should match exactly once: \(example.prefix(24))…")
            for hit in hits {
                let secret = Array(bytes[hit.secretRange])
                #expect(hit.preview == String(decoding: secret.prefix(4), as: UTF8.self) + "…")
                if let minimum = rule.minEntropy {
                    #expect(SecretHeuristics.shannonEntropy(secret) >= minimum)
                }
            }
        }
        for example in rule.falsePositives {
            let result = Self.scanner.scan(Array(example.utf8), path: "example.txt")
            #expect(!result.matches.contains { $0.rule == ruleID }, "\(ruleID) false positive: \(example.prefix(40))")
        }
    }

    @Test func fakeTokensAreDeterministicAndUseTheirAlphabet() {
        #expect(FakeToken.alnum(36, 7) == FakeToken.alnum(36, 7))
        #expect(FakeToken.alnum(36, 7) != FakeToken.alnum(36, 8))
        #expect(FakeToken.hex(64, 1).allSatisfy { "0123456789abcdef".contains($0) })
        #expect(FakeToken.base32(16, 2).count == 16)
    }

    @Test func entropyMatchesTheDefinition() {
        #expect(SecretHeuristics.shannonEntropy(Array("aaaa".utf8)) == 0)
        #expect(SecretHeuristics.shannonEntropy(Array("abcd".utf8)) == 2)
        #expect(SecretHeuristics.shannonEntropy(Array("aabb".utf8)) == 1)
        #expect(
            abs(
                SecretHeuristics.shannonEntropy(Array("aab".utf8))
                    - (-(2.0 / 3) * log2(2.0 / 3) - (1.0 / 3) * log2(1.0 / 3))) < 1e-12)
    }
}
