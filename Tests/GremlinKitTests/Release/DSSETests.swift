// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("DSSE: PAE, signing and verification")
struct DSSETests {
    /// The example in secure-systems-lab/dsse protocol.md ("Test Vectors"): type, body, the PAE it
    /// prints, and the published P-256 key and raw r||s signature over that PAE.
    enum SpecVector {
        static let type = "http://example.com/HelloWorld"
        static let body = "hello world"
        static let pae = "DSSEv1 29 http://example.com/HelloWorld 11 hello world"
        static let x = "46950820868899156662930047687818585632848591499744589407958293238635476079160"
        static let y = "5640078356564379163099075877009565129882514886557779369047442380624545832820"
        static let sig = "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA=="
    }

    static func ecdsaVerifies(_ message: Data) throws -> Bool {
        let result = try Reference.dsse([
            "ecdsa-p256-verify", "--x", SpecVector.x, "--y", SpecVector.y,
            "--sig", SpecVector.sig, "--message-hex", InputFiles.hex(message),
        ])
        return result.status == 0 && result.json["valid"] as? Bool == true
    }

    @Test("PAE of the DSSE spec's example is the published string, and the published signature covers it")
    func specVector() throws {
        let pae = DSSE.pae(type: SpecVector.type, body: Data(SpecVector.body.utf8))
        #expect(String(decoding: pae, as: UTF8.self) == SpecVector.pae)
        #expect(try Self.ecdsaVerifies(pae))
        // The check is meaningful: one byte off and the published signature no longer verifies.
        #expect(try !Self.ecdsaVerifies(DSSE.pae(type: SpecVector.type, body: Data("hello world!".utf8))))
    }

    /// PAE bytes and the signature from pyca/cryptography for the same key, type and body.
    static func reference(type: String, body: Data, key: SigningKey) throws -> [String: Any] {
        let directory = try Fixtures.temporaryDirectory("dsse")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = try Fixtures.write(key.pem, to: "k.pem", in: directory)
        let bodyURL = directory.appendingPathComponent("body")
        try body.write(to: bodyURL)
        return try Reference.dsse(["sign", "--private-pem", keyPath, "--type", type, "--body-file", bodyURL.path]).json
    }

    @Test(
        "PAE and Ed25519 signatures agree with pyca/cryptography (ASCII, non-ASCII type, empty body)",
        arguments: [
            ("application/vnd.in-toto+json", "{\"_type\":\"https://in-toto.io/Statement/v1\"}"),
            ("application/vnd.exämple+json", "{}"),
            ("application/vnd.in-toto+json", ""),
        ])
    func matchesCryptography(type: String, body: String) throws {
        let key = try SigningKey(seed: Ed25519KeysTests.hex(Ed25519KeysTests.rfcSeed))
        let reference = try Self.reference(type: type, body: Data(body.utf8), key: key)
        let pae = DSSE.pae(type: type, body: Data(body.utf8))
        #expect(InputFiles.hex(pae) == reference["pae_hex"] as? String)

        // Their envelope verifies with our code.
        let envelopeJSON = try JSONSerialization.data(withJSONObject: try #require(reference["envelope"]))
        let theirs = try JSONDecoder().decode(DSSEEnvelope.self, from: envelopeJSON)
        #expect(try DSSE.verify(theirs, key: key.publicKey, expectedType: type) == Data(body.utf8))

        let ours = try DSSE.sign(body: Data(body.utf8), type: type, key: key)
        #expect(try DSSE.verify(ours, key: key.publicKey, expectedType: type) == Data(body.utf8))
        #if os(Linux)
            // BoringSSL's Ed25519 is RFC 8032 deterministic, so the bytes match too (CryptoKit on
            // Apple platforms randomizes signatures, so this is Linux-only).
            #expect(
                InputFiles.hex(Base64.decode(ours.signatures[0].sig) ?? Data()) == reference["signature_hex"] as? String
            )
        #endif
    }

    @Test("an envelope gremlin signs verifies with pyca/cryptography")
    func cryptographyVerifiesOurs() throws {
        let directory = try Fixtures.temporaryDirectory("dsse")
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = SigningKey.generate()
        let statement = InTotoStatement(
            subject: [.init(name: "weights", sha256: String(repeating: "ab", count: 32))],
            predicate: .init(
                result: "PASSED", configuration: [], passedTests: ["ip"],
                warnedTests: [], failedTests: []))
        let envelope = try DSSE.sign(body: try statement.serialized(), type: DSSE.inTotoPayloadType, key: key)
        let envelopePath = directory.appendingPathComponent("envelope.json")
        try CanonicalJSON.encode(envelope, pretty: true).write(to: envelopePath)
        let publicPath = try Fixtures.write(key.publicKey.pem, to: "k.pub", in: directory)
        let result = try Reference.dsse(["verify", "--public-pem", publicPath, "--envelope", envelopePath.path])
        #expect(result.status == 0)
        let decoded = try #require(result.json["statement"] as? [String: Any])
        #expect(decoded["_type"] as? String == "https://in-toto.io/Statement/v1")
        #expect(decoded["predicateType"] as? String == "https://in-toto.io/attestation/test-result/v0.1")

        // And a tampered one does not verify there either.
        var tampered = envelope
        tampered.payload = try #require(Self.flipped(envelope.payload, at: 5))
        try CanonicalJSON.encode(tampered, pretty: true).write(to: envelopePath)
        #expect(
            try Reference.dsse(["verify", "--public-pem", publicPath, "--envelope", envelopePath.path]).status == 1)
    }

    /// Base64 text whose decoded byte at `index` has one bit flipped.
    static func flipped(_ base64: String, at index: Int) -> String? {
        guard var bytes = Base64.decode(base64).map([UInt8].init), index < bytes.count else { return nil }
        bytes[index] ^= 0x01
        return Data(bytes).base64EncodedString()
    }

    static func signed() throws -> (SigningKey, DSSEEnvelope) {
        let key = SigningKey.generate()
        return (key, try DSSE.sign(body: Data("{\"_type\":\"x\"}".utf8), type: DSSE.inTotoPayloadType, key: key))
    }

    @Test("round trip; every tampered part is named")
    func tampering() throws {
        let (key, envelope) = try Self.signed()
        #expect(try DSSE.verify(envelope, key: key.publicKey) == Data("{\"_type\":\"x\"}".utf8))
        #expect(envelope.signatures[0].keyid == key.publicKey.keyID)

        var payload = envelope
        payload.payload = try #require(Self.flipped(envelope.payload, at: 3))
        #expect(throws: DSSEFailure.signature(keyID: key.publicKey.keyID)) {
            try DSSE.verify(payload, key: key.publicKey)
        }

        var signature = envelope
        signature.signatures[0].sig = try #require(Self.flipped(envelope.signatures[0].sig, at: 10))
        #expect(throws: DSSEFailure.signature(keyID: key.publicKey.keyID)) {
            try DSSE.verify(signature, key: key.publicKey)
        }

        var keyBytes = [UInt8](key.publicKey.raw)
        keyBytes[0] ^= 0x01
        let flippedKey = try VerifyingKey(raw: Data(keyBytes))
        #expect(throws: DSSEFailure.signature(keyID: flippedKey.keyID)) { try DSSE.verify(envelope, key: flippedKey) }

        let other = SigningKey.generate()
        #expect(throws: DSSEFailure.signature(keyID: other.publicKey.keyID)) {
            try DSSE.verify(envelope, key: other.publicKey)
        }
        let (_, foreign) = try Self.signed()
        #expect(throws: DSSEFailure.self) { try DSSE.verify(foreign, key: key.publicKey) }

        // The type is inside the PAE: relabelling the payload breaks the signature, not just the type check.
        var relabelled = envelope
        relabelled.payloadType = "application/json"
        #expect(throws: DSSEFailure.signature(keyID: key.publicKey.keyID)) {
            try DSSE.verify(relabelled, key: key.publicKey)
        }

        var empty = envelope
        empty.signatures = []
        #expect(throws: DSSEFailure.noSignatures) { try DSSE.verify(empty, key: key.publicKey) }

        var garbage = envelope
        garbage.payload = "@@not base64@@"
        #expect(throws: DSSEFailure.payloadEncoding) { try DSSE.verify(garbage, key: key.publicKey) }
    }

    @Test("a correctly signed but unexpected payload type is rejected by type; URL-safe base64 is accepted")
    func typeAndAlphabet() throws {
        let key = SigningKey.generate()
        let other = try DSSE.sign(body: Data("??>>".utf8), type: "application/vnd.other+json", key: key)
        #expect(throws: DSSEFailure.payloadType(found: "application/vnd.other+json", expected: DSSE.inTotoPayloadType))
        {
            try DSSE.verify(other, key: key.publicKey)
        }
        var urlSafe = try DSSE.sign(body: Data("??>>".utf8), type: DSSE.inTotoPayloadType, key: key)
        func toURLSafe(_ text: String) -> String {
            text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        }
        urlSafe.payload = toURLSafe(urlSafe.payload)
        urlSafe.signatures[0].sig = toURLSafe(urlSafe.signatures[0].sig)
        #expect(urlSafe.payload.contains("_") || urlSafe.payload.contains("-"))
        #expect(try DSSE.verify(urlSafe, key: key.publicKey) == Data("??>>".utf8))
    }
}
