// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("Ed25519 keys: PEM and raw encodings")
struct Ed25519KeysTests {
    /// RFC 8032 §7.1 TEST 1 seed (a published test key, never a real secret).
    static let rfcSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"

    static func hex(_ text: String) -> Data {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return Data(bytes)
    }

    @Test("PKCS#8 and SPKI PEM are byte-identical to pyca/cryptography's for the same seed")
    func pemMatchesCryptography() throws {
        let key = try SigningKey(seed: Self.hex(Self.rfcSeed))
        let reference = try Reference.dsse(["keys", "--seed", Self.rfcSeed]).json
        #expect(key.pem == reference["private_pem"] as? String)
        #expect(key.publicKey.pem == reference["public_pem"] as? String)
        #expect(InputFiles.hex(key.publicKey.raw) == reference["public_hex"] as? String)
    }

    @Test("a key written by gremlin is read back by cryptography, and one written by cryptography by gremlin")
    func crossParse() throws {
        let directory = try Fixtures.temporaryDirectory("keys")
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = SigningKey.generate()
        let path = try Fixtures.write(key.pem, to: "mine.key", in: directory)
        let inspected = try Reference.dsse(["inspect", "--private-pem", path]).json
        #expect(inspected["seed_hex"] as? String == InputFiles.hex(key.seed))
        #expect(inspected["public_hex"] as? String == InputFiles.hex(key.publicKey.raw))

        // A fresh key from cryptography (its own RNG and encoder), parsed by gremlin.
        let other = SigningKey.generate()
        let reference = try Reference.dsse(["keys", "--seed", InputFiles.hex(other.seed)]).json
        let privatePEM = try #require(reference["private_pem"] as? String)
        let publicPEM = try #require(reference["public_pem"] as? String)
        let parsed = try SigningKey.parse(Data(privatePEM.utf8), source: "reference.key")
        #expect(parsed.seed == other.seed)
        #expect(try VerifyingKey.parse(Data(publicPEM.utf8), source: "reference.pub") == other.publicKey)
    }

    @Test("raw base64 keys: 32-byte seed, 64-byte seed+public, URL-safe alphabet, public key")
    func rawBase64() throws {
        let key = try SigningKey(seed: Self.hex(Self.rfcSeed))
        let fromSeed = try SigningKey.parse(Data(key.seed.base64EncodedString().utf8), source: "env:KEY")
        #expect(fromSeed.seed == key.seed)
        let nacl = (key.seed + key.publicKey.raw).base64EncodedString()
        #expect(try SigningKey.parse(Data(nacl.utf8), source: "env:KEY").seed == key.seed)
        let urlSafe = key.seed.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(try SigningKey.parse(Data(urlSafe.utf8), source: "env:KEY").seed == key.seed)
        let publicText = key.publicKey.raw.base64EncodedString() + "\n"
        #expect(try VerifyingKey.parse(Data(publicText.utf8), source: "key.pub") == key.publicKey)
        // A private key given as --key verifies with its public half.
        #expect(try VerifyingKey.parse(Data(key.pem.utf8), source: "key") == key.publicKey)
    }

    @Test("bad keys are input errors that name the source, never the key")
    func badKeys() throws {
        let key = SigningKey.generate()
        let publicAsPrivate = #expect(throws: InputError.self) {
            try SigningKey.parse(Data(key.publicKey.pem.utf8), source: "gremlin.pub")
        }
        #expect(publicAsPrivate?.file == "gremlin.pub")
        #expect(publicAsPrivate?.message.contains("public key") == true)

        let short = #expect(throws: InputError.self) {
            try SigningKey.parse(Data(Data(repeating: 7, count: 31).base64EncodedString().utf8), source: "env:K")
        }
        #expect(short?.message.contains("not 31") == true)

        let mismatch = key.seed + SigningKey.generate().publicKey.raw
        #expect(throws: InputError.self) {
            try SigningKey.parse(Data(mismatch.base64EncodedString().utf8), source: "k")
        }
        #expect(throws: InputError.self) { try SigningKey.parse(Data("not a key!".utf8), source: "k") }

        // An RSA/EC key is rejected by its algorithm, not misread.
        var der = [UInt8](key.pkcs8DER)
        der[11] ^= 0x01  // last byte of the Ed25519 OID
        let wrongAlgorithm = PEM.encode(Data(der), label: "PRIVATE KEY")
        let error = #expect(throws: InputError.self) { try SigningKey.parse(Data(wrongAlgorithm.utf8), source: "k") }
        #expect(error?.message.contains("not Ed25519") == true)

        let encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n"
        let encryptedError = #expect(throws: InputError.self) {
            try SigningKey.parse(Data(encrypted.utf8), source: "k")
        }
        #expect(encryptedError?.fix?.contains("openssl pkey") == true)

        let secret = key.seed.base64EncodedString()
        for error in [publicAsPrivate, short, encryptedError].compactMap({ $0 }) {
            #expect(!error.description.contains(secret))
        }
    }

    @Test("env:VAR reads the key from the environment; a missing variable is an error naming it")
    func keySource() throws {
        let (data, display) = try KeySource.read(
            "env:GREMLIN_KEY", option: "--sign", environment: ["GREMLIN_KEY": "abc"])
        #expect(data == Data("abc".utf8))
        #expect(display == "env:GREMLIN_KEY")
        let error = #expect(throws: InputError.self) {
            try KeySource.read("env:NOPE", option: "--sign", environment: [:])
        }
        #expect(error?.message.contains("NOPE") == true)
        #expect(throws: InputError.self) {
            try KeySource.read("/nonexistent/gremlin.key", option: "--sign", environment: [:])
        }
    }

    @Test("keygen writes a 0600 private key and a public key that parse back; it never overwrites silently")
    func keyFiles() throws {
        let directory = try Fixtures.temporaryDirectory("keygen")
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = SigningKey.generate()
        let paths = try KeyFiles.write(key, to: directory.path, force: false)
        let mode = try FileManager.default.attributesOfItem(atPath: paths.privateKey)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(
            try SigningKey.parse(Data(contentsOf: URL(fileURLWithPath: paths.privateKey)), source: "k").seed == key.seed
        )
        #expect(
            try VerifyingKey.parse(Data(contentsOf: URL(fileURLWithPath: paths.publicKey)), source: "p")
                == key.publicKey)
        #expect(KeySource.permissionWarning(paths.privateKey) == nil)
        #expect(
            KeySource.permissionWarning(paths.publicKey)
                == "\(paths.publicKey) is readable by other users (mode 644); run chmod 600 \(paths.publicKey)")
        #expect(KeySource.permissionWarning("env:GREMLIN_KEY") == nil)
        #expect(throws: InputError.self) { try KeyFiles.write(SigningKey.generate(), to: directory.path, force: false) }
        let replacement = SigningKey.generate()
        try KeyFiles.write(replacement, to: directory.path, force: true)
        #expect(
            try SigningKey.parse(Data(contentsOf: URL(fileURLWithPath: paths.privateKey)), source: "k").seed
                == replacement.seed)
    }
}
