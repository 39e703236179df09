// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin verify`: checks a release attestation's signature, result and artifact digests.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a signed release attestation (DSSE + in-toto) and, optionally, artifact files.",
            discussion: "Exit codes: 0 valid, 1 invalid (the part that failed is named), 2 unreadable input.")

        @Argument(help: "The attestation (attestation.intoto.json).") var attestation: String
        @Option(help: "The Ed25519 public key: a file (SPKI PEM or base64) or env:VAR.") var key: String
        @Option(name: .customLong("artifact"), help: "A file whose sha256 must match a subject (repeatable).")
        var artifacts: [String] = []

        func run() async throws {
            let verified: AttestationVerifier.Verified
            do {
                let environment = ProcessInfo.processInfo.environment
                let (keyData, keySource) = try KeySource.read(key, option: "--key", environment: environment)
                let publicKey = try VerifyingKey.parse(keyData, source: keySource)
                let data: Data
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: attestation))
                } catch {
                    throw InputError(
                        file: attestation, message: "cannot read the attestation",
                        fix: "pass the attestation.intoto.json that gremlin release --sign wrote")
                }
                let envelope = try AttestationVerifier.readEnvelope(data, source: attestation)
                var digests: [(path: String, sha256: String)] = []
                for path in artifacts {
                    guard let digest = FileDigest.sha256(of: URL(fileURLWithPath: path))?.sha256 else {
                        throw InputError(
                            file: path, key: "--artifact", message: "cannot read the artifact", fix: "check the path")
                    }
                    digests.append((path, digest))
                }
                verified = try AttestationVerifier.verify(envelope, key: publicKey, artifacts: digests)
            } catch let invalid as AttestationInvalid {
                Console.out("INVALID \(attestation): \(invalid.description)\n")
                throw Console.exit(.blocked)
            } catch {
                throw Console.fail(error)
            }
            var lines = [
                "VALID \(attestation): signed by key \(verified.keyID.prefix(16))…, result PASSED, "
                    + "\(verified.statement.subject.count) subject(s)"
            ]
            for match in verified.artifacts {
                lines.append("  \(match.path): sha256 \(match.sha256.prefix(12))… = subject \(match.subject)")
            }
            Console.out(lines.joined(separator: "\n") + "\n")
        }
    }
}
