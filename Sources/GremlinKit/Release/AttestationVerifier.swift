// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// An attestation that was read but does not hold: `part` names what failed (signature, _type…).
public struct AttestationInvalid: Error, Sendable, Equatable, CustomStringConvertible {
    public var part: String
    public var message: String

    public init(part: String, message: String) {
        self.part = part
        self.message = message
    }

    public var description: String { "\(part): \(message)" }
}

/// Checks a release attestation: DSSE signature, statement type, predicate type, PASSED, artifact digests.
public enum AttestationVerifier {
    /// A file given with `--artifact` and the subject its digest matched.
    public struct ArtifactMatch: Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var subject: String
    }

    /// What a successful verification established.
    public struct Verified: Sendable {
        public var statement: InTotoStatement
        public var keyID: String
        public var artifacts: [ArtifactMatch]
    }

    /// Parses the envelope file's bytes; anything that is not a DSSE envelope is unreadable (exit 2).
    public static func readEnvelope(_ data: Data, source: String) throws -> DSSEEnvelope {
        do {
            return try JSONDecoder().decode(DSSEEnvelope.self, from: data)
        } catch {
            throw InputError(
                file: source, message: "not a DSSE envelope (JSON with payloadType, payload, signatures)",
                fix: "pass the attestation.intoto.json that `gremlin release --sign` wrote")
        }
    }

    /// Verifies the envelope against `key` and each artifact's sha256 against the subjects.
    /// Throws `AttestationInvalid` naming the first part that fails.
    public static func verify(
        _ envelope: DSSEEnvelope, key: VerifyingKey,
        artifacts: [(path: String, sha256: String)]
    ) throws -> Verified {
        let body: Data
        do {
            body = try DSSE.verify(envelope, key: key)
        } catch {
            throw AttestationInvalid(part: error.part, message: error.detail)
        }
        let statement: InTotoStatement
        do {
            statement = try JSONDecoder().decode(InTotoStatement.self, from: body)
        } catch {
            throw AttestationInvalid(
                part: "payload", message: "the signed payload is not an in-toto Statement with a test-result predicate")
        }
        guard statement.type == InTotoStatement.statementType else {
            throw AttestationInvalid(
                part: "_type", message: "'\(statement.type)', expected '\(InTotoStatement.statementType)'")
        }
        guard statement.predicateType == InTotoStatement.testResultPredicateType else {
            throw AttestationInvalid(
                part: "predicateType",
                message: "'\(statement.predicateType)', expected '\(InTotoStatement.testResultPredicateType)'")
        }
        guard statement.predicate.result == "PASSED" else {
            throw AttestationInvalid(
                part: "predicate.result", message: "'\(statement.predicate.result)', expected 'PASSED'")
        }
        guard statement.predicate.failedTests.isEmpty else {
            throw AttestationInvalid(
                part: "predicate.failedTests",
                message: "lists \(statement.predicate.failedTests.joined(separator: ", "))")
        }
        guard !statement.subject.isEmpty else {
            throw AttestationInvalid(part: "subject", message: "the statement names no artifacts")
        }
        var matches: [ArtifactMatch] = []
        for artifact in artifacts {
            guard let subject = statement.subject.first(where: { $0.digest["sha256"]?.lowercased() == artifact.sha256 })
            else {
                throw AttestationInvalid(
                    part: "subject",
                    message:
                        "\(artifact.path) (sha256 \(artifact.sha256.prefix(12))…) matches no subject; subjects are "
                        + statement.subject.map(\.name).joined(separator: ", "))
            }
            matches.append(ArtifactMatch(path: artifact.path, sha256: artifact.sha256, subject: subject.name))
        }
        return Verified(statement: statement, keyID: key.keyID, artifacts: matches)
    }
}
