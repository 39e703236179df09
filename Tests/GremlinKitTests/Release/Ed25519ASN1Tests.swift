// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The DER and PEM of Ed25519 keys against OpenSSL and hand-written bytes, so the swift-asn1
/// structures are checked by something other than themselves.
@Suite("Ed25519 keys: PKCS#8, SPKI and PEM")
struct Ed25519ASN1Tests {
    /// SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }.
    static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
        0x04, 0x22, 0x04, 0x20,
    ]
    /// SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits, 32 bytes) }.
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// RFC 8410 §10.3: a v2 `OneAsymmetricKey` with an attribute and the public key.
    static let rfc8410V2 = """
        -----BEGIN PRIVATE KEY-----
        MHICAQEwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
        oB8wHQYKKoZIhvcNAQkJFDEPDA1DdXJkbGUgQ2hhaXJzgSEAGb9ECWmEzf6FQbrB
        Z9w7lshQhqowtrbLDFw4rXAxZuE=
        -----END PRIVATE KEY-----

        """

    static func openssl(_ arguments: [String]) throws -> String {
        let output = try Reference.run("openssl", arguments)
        try #require(output.status == 0, "openssl \(arguments.joined(separator: " ")): \(output.stderr)")
        return output.stdout
    }

    static func privateError(_ der: [UInt8], label: String = "PRIVATE KEY") -> InputError? {
        expectInputError(for: label) {
            _ = try SigningKey.parse(Data(PEM.encode(Data(der), label: label).utf8), source: "bad.key")
        }
    }

    static func publicError(_ der: [UInt8]) -> InputError? {
        expectInputError(for: "PUBLIC KEY") {
            _ = try VerifyingKey.parse(Data(PEM.encode(Data(der), label: "PUBLIC KEY").utf8), source: "bad.pub")
        }
    }

    @Test("the DER is the fixed 48-byte PKCS#8 and 44-byte SPKI framing around the key bytes")
    func fixedFraming() throws {
        let key = SigningKey.generate()
        #expect([UInt8](key.pkcs8DER) == Self.pkcs8Prefix + key.seed)
        #expect([UInt8](key.publicKey.spkiDER) == Self.spkiPrefix + key.publicKey.raw)
        let privateLines = key.pem.split(separator: "\n")
        #expect(privateLines.count == 3 && privateLines[1].count == 64)
        #expect(key.pem.hasSuffix("-----END PRIVATE KEY-----\n"))
        #expect(key.publicKey.pem.split(separator: "\n").map(\.count) == [26, 60, 24])
    }

    @Test("a key from openssl genpkey is read, and gremlin writes back the very bytes openssl wrote")
    func opensslKey() throws {
        let directory = try Fixtures.temporaryDirectory("openssl-key")
        defer { try? FileManager.default.removeItem(at: directory) }
        let privatePEM = try Self.openssl(["genpkey", "-algorithm", "ed25519"])
        let path = try Fixtures.write(privatePEM, to: "openssl.key", in: directory)
        let publicPEM = try Self.openssl(["pkey", "-in", path, "-pubout"])

        let key = try SigningKey.parse(Data(privatePEM.utf8), source: path)
        #expect(key.pem == privatePEM)
        #expect(key.publicKey.pem == publicPEM)
        #expect(try VerifyingKey.parse(Data(publicPEM.utf8), source: "openssl.pub") == key.publicKey)
        // And the other way: openssl reads what gremlin writes.
        let mine = SigningKey.generate()
        let minePath = try Fixtures.write(mine.pem, to: "mine.key", in: directory)
        #expect(try Self.openssl(["pkey", "-in", minePath, "-pubout"]) == mine.publicKey.pem)
    }

    @Test("a v2 OneAsymmetricKey (RFC 8410 §10.3: an attribute and the public key) is read")
    func oneAsymmetricKey() throws {
        let key = try SigningKey.parse(Data(Self.rfc8410V2.utf8), source: "rfc8410.key")
        #expect(InputFiles.hex(key.seed) == "d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842")
        #expect(InputFiles.hex(key.publicKey.raw) == "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1")
    }

    @Test(
        "X25519 and P-256 keys from openssl are rejected by their algorithm",
        arguments: [
            ["genpkey", "-algorithm", "x25519"],
            ["genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ])
    func otherAlgorithms(_ generate: [String]) throws {
        let directory = try Fixtures.temporaryDirectory("openssl-other")
        defer { try? FileManager.default.removeItem(at: directory) }
        let privatePEM = try Self.openssl(generate)
        let path = try Fixtures.write(privatePEM, to: "other.key", in: directory)
        let publicPEM = try Self.openssl(["pkey", "-in", path, "-pubout"])

        let privateError = expectInputError(for: "private") {
            _ = try SigningKey.parse(Data(privatePEM.utf8), source: path)
        }
        #expect(privateError?.file == path)
        #expect(privateError?.message == "not an Ed25519 PKCS#8 private key (the algorithm is not Ed25519)")
        let publicError = expectInputError(for: "public") {
            _ = try VerifyingKey.parse(Data(publicPEM.utf8), source: "other.pub")
        }
        #expect(publicError?.file == "other.pub")
        #expect(publicError?.message == "not an Ed25519 public key (the algorithm is not Ed25519)")
    }

    @Test("Ed25519 with NULL parameters, a wrong-length key or an extra element is rejected")
    func malformedStructures() throws {
        let seed = [UInt8](repeating: 0x42, count: 32)
        // AlgorithmIdentifier { id-Ed25519, NULL }: RFC 8410 says the parameters MUST be absent.
        let withNull: [UInt8] =
            [
                0x30, 0x30, 0x02, 0x01, 0x00, 0x30, 0x07, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x05, 0x00,
                0x04, 0x22, 0x04, 0x20,
            ] + seed
        #expect(Self.privateError(withNull)?.message.contains("has parameters") == true)
        // A 31-byte seed.
        let short: [UInt8] =
            [
                0x30, 0x2d, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
                0x04, 0x21, 0x04, 0x1f,
            ] + seed.dropLast()
        #expect(Self.privateError(short)?.message.contains("the key is not 32 bytes") == true)
        // Version 2 does not exist.
        var version2 = Self.pkcs8Prefix + seed
        version2[4] = 2
        #expect(Self.privateError(version2)?.message.contains("unsupported version") == true)
        // An INTEGER after the private key is neither [0] attributes nor [1] public key.
        let extra: [UInt8] = [0x30, 0x31] + Self.pkcs8Prefix.dropFirst(2) + seed + [0x02, 0x01, 0x00]
        #expect(Self.privateError(extra)?.message.contains("not a PrivateKeyInfo") == true)
        // A 33-byte public key.
        let long: [UInt8] = [0x30, 0x2b, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x22, 0x00] + seed + [0]
        #expect(Self.publicError(long)?.message.contains("the key is not 32 bytes") == true)
    }

    @Test("bytes after the DER, and BER's long-form lengths, are rejected")
    func strictDER() throws {
        let key = SigningKey.generate()
        let trailing = Self.privateError([UInt8](key.pkcs8DER) + [0x00])
        #expect(
            trailing?.message
                == "not an Ed25519 PKCS#8 private key (the DER is not a PrivateKeyInfo SEQUENCE, or has bytes after it)"
        )
        #expect(trailing?.fix?.contains("openssl genpkey") == true)
        #expect(
            Self.publicError([UInt8](key.publicKey.spkiDER) + [0x05, 0x00])?.message.contains("bytes after it") == true)
        // 0x81 0x2e is a valid BER length for 46 but not DER, which must use the short form.
        let longForm: [UInt8] = [0x30, 0x81] + [UInt8](key.pkcs8DER).dropFirst()
        #expect(Self.privateError(longForm)?.message.contains("not a PrivateKeyInfo") == true)
        #expect(trailing?.description.contains(key.seed.base64EncodedString()) == false)
        #expect(trailing?.description.contains(InputFiles.hex(key.seed)) == false)
    }

    @Test("an encrypted private key from openssl is refused with a way to decrypt it")
    func encryptedKey() throws {
        let encrypted = try Self.openssl(["genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "pass:gremlin"])
        #expect(encrypted.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))
        let parsers: [() throws -> Void] = [
            { _ = try SigningKey.parse(Data(encrypted.utf8), source: "enc.key") },
            { _ = try VerifyingKey.parse(Data(encrypted.utf8), source: "enc.key") },
        ]
        for parse in parsers {
            let error = expectInputError(for: "encrypted", parse)
            #expect(error?.file == "enc.key")
            #expect(error?.message == "unsupported PEM block 'ENCRYPTED PRIVATE KEY'")
            #expect(error?.fix == "decrypt it first: openssl pkey -in KEY -out plain.pem")
        }
    }

    @Test("PEM: indented lines and CRLF read; a truncated or legacy-encrypted block is refused")
    func pemText() throws {
        let key = SigningKey.generate()
        let indented = key.pem.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        #expect(try SigningKey.parse(Data(indented.utf8), source: "k").seed == key.seed)
        let crlf = key.publicKey.pem.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try VerifyingKey.parse(Data(crlf.utf8), source: "p") == key.publicKey)

        let truncated = String(key.pem.split(separator: "\n")[0...1].joined(separator: "\n"))
        let truncatedError = expectInputError(for: "truncated") {
            _ = try SigningKey.parse(Data(truncated.utf8), source: "k")
        }
        #expect(truncatedError?.fix == "the key file is truncated; copy it again")
        let mismatched = key.pem.replacingOccurrences(of: "-----END PRIVATE KEY-----", with: "-----END PUBLIC KEY-----")
        let mismatchedError = expectInputError(for: "mismatched") {
            _ = try SigningKey.parse(Data(mismatched.utf8), source: "k")
        }
        #expect(mismatchedError?.message.contains("malformed PEM") == true)

        let legacy = """
            -----BEGIN PRIVATE KEY-----
            Proc-Type: 4,ENCRYPTED
            DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF

            \(key.pem.split(separator: "\n")[1])
            -----END PRIVATE KEY-----
            """
        let legacyError = expectInputError(for: "legacy") { _ = try SigningKey.parse(Data(legacy.utf8), source: "k") }
        #expect(legacyError?.message.contains("encrypted PEM is not supported") == true)
        for error in [truncatedError, mismatchedError, legacyError].compactMap({ $0 }) {
            #expect(!error.description.contains(key.pem.split(separator: "\n")[1]))
        }
    }
}
