// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("in-toto statement and attestation verification")
struct AttestationTests {
    static let weights = String(repeating: "1f", count: 32)
    static let tokenizer = String(repeating: "2e", count: 32)

    static func report() -> AuditReport {
        let checks = [
            CheckResult(
                id: "approvals", title: "Approval Chain", status: .warn, severity: .warn, summary: "1 role missing"),
            CheckResult(id: "commits", title: "Commit Hygiene", status: .pass, severity: .block, summary: "3 commits"),
            CheckResult(id: "ip", title: "IP Compliant", status: .pass, severity: .block, summary: "12 files"),
            CheckResult(id: "pii", title: "PII Scrubbed", status: .skipped, severity: .block, summary: "not in policy"),
        ]
        return AuditReport(
            tool: "gremlin test", verdict: .ready, repository: ".", revision: "HEAD",
            commit: String(repeating: "a", count: 40), policy: "production",
            model: ModelInfo(name: "m", version: "1"), generatedAt: "2024-06-01T00:00:00Z",
            inputs: [:], checks: checks)
    }

    static func statement() -> InTotoStatement {
        InTotoStatement.forRelease(
            artifacts: [
                .init(name: "weights", uri: "s3://b/w.pt", sha256: weights),
                .init(name: "tokenizer", uri: nil, sha256: tokenizer),
            ],
            audit: report(),
            configuration: [
                .init(name: "policies/production.yaml", sha256: String(repeating: "3d", count: 32)),
                .init(name: "out/audit.json", sha256: String(repeating: "4c", count: 32)),
            ])
    }

    @Test("the statement lists artifacts as subjects, checks as tests, policy and audit as configuration")
    func statementShape() throws {
        let body = try Self.statement().serialized()
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(json["_type"] as? String == "https://in-toto.io/Statement/v1")
        #expect(json["predicateType"] as? String == "https://in-toto.io/attestation/test-result/v0.1")
        let subjects = try #require(json["subject"] as? [[String: Any]])
        #expect(subjects.map { $0["name"] as? String } == ["weights", "tokenizer"])
        #expect((subjects[0]["digest"] as? [String: String]) == ["sha256": Self.weights])
        let predicate = try #require(json["predicate"] as? [String: Any])
        #expect(predicate["result"] as? String == "PASSED")
        #expect(predicate["passedTests"] as? [String] == ["commits", "ip"])
        #expect(predicate["warnedTests"] as? [String] == ["approvals"])
        #expect(predicate["failedTests"] as? [String] == [])
        let configuration = try #require(predicate["configuration"] as? [[String: Any]])
        #expect(configuration.map { $0["name"] as? String } == ["policies/production.yaml", "out/audit.json"])
        // Sorted keys, no whitespace: the signed bytes are reproducible.
        #expect(
            String(decoding: body, as: UTF8.self).hasPrefix(
                "{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicate\":{"))
    }

    static func signed(_ statement: InTotoStatement, key: SigningKey) throws -> DSSEEnvelope {
        try DSSE.sign(body: try statement.serialized(), type: DSSE.inTotoPayloadType, key: key)
    }

    @Test("a valid attestation verifies, with artifacts matched to subjects by sha256")
    func valid() throws {
        let key = SigningKey.generate()
        let envelope = try Self.signed(Self.statement(), key: key)
        let verified = try AttestationVerifier.verify(
            envelope, key: key.publicKey,
            artifacts: [("dist/tok.json", Self.tokenizer), ("w.pt", Self.weights)])
        #expect(verified.artifacts.map(\.subject) == ["tokenizer", "weights"])
        #expect(verified.keyID == key.publicKey.keyID)
    }

    @Test("wrong artifact, wrong key, wrong result, wrong types: each names its part")
    func invalid() throws {
        let key = SigningKey.generate()
        let envelope = try Self.signed(Self.statement(), key: key)
        let wrongArtifact = #expect(throws: AttestationInvalid.self) {
            try AttestationVerifier.verify(
                envelope, key: key.publicKey, artifacts: [("evil.pt", String(repeating: "00", count: 32))])
        }
        #expect(wrongArtifact?.part == "subject")
        #expect(wrongArtifact?.message.contains("evil.pt") == true)

        let wrongKey = #expect(throws: AttestationInvalid.self) {
            try AttestationVerifier.verify(envelope, key: SigningKey.generate().publicKey, artifacts: [])
        }
        #expect(wrongKey?.part == "signature")

        var failed = Self.statement()
        failed.predicate.result = "FAILED"
        let result = #expect(throws: AttestationInvalid.self) {
            try AttestationVerifier.verify(try Self.signed(failed, key: key), key: key.publicKey, artifacts: [])
        }
        #expect(result?.part == "predicate.result")

        var provenance = Self.statement()
        provenance.predicateType = "https://slsa.dev/provenance/v1"
        let predicateType = #expect(throws: AttestationInvalid.self) {
            try AttestationVerifier.verify(try Self.signed(provenance, key: key), key: key.publicKey, artifacts: [])
        }
        #expect(predicateType?.part == "predicateType")

        var old = Self.statement()
        old.type = "https://in-toto.io/Statement/v0.1"
        let type = #expect(throws: AttestationInvalid.self) {
            try AttestationVerifier.verify(try Self.signed(old, key: key), key: key.publicKey, artifacts: [])
        }
        #expect(type?.part == "_type")

        let notAStatement = try DSSE.sign(body: Data("[1,2]".utf8), type: DSSE.inTotoPayloadType, key: key)
        let payload = #expect(throws: AttestationInvalid.self) {
            try AttestationVerifier.verify(notAStatement, key: key.publicKey, artifacts: [])
        }
        #expect(payload?.part == "payload")
    }

    @Test("a file that is not an envelope is unreadable (exit 2), not invalid")
    func unreadable() {
        let error = #expect(throws: InputError.self) {
            try AttestationVerifier.readEnvelope(Data("{\"hello\": 1}".utf8), source: "a.json")
        }
        #expect(error?.file == "a.json")
    }
}
