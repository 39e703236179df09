// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation
import SwiftASN1

/// An Ed25519 private key that signs release attestations (PKCS#8 PEM or raw base64 seed).
public struct SigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// A new random key pair.
    public static func generate() -> SigningKey {
        SigningKey(key: Curve25519.Signing.PrivateKey())
    }

    /// The key whose 32-byte RFC 8032 seed is `seed`.
    public init(seed: Data) throws {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw InputError(message: "an Ed25519 private key seed is 32 bytes, not \(seed.count)")
        }
        self.key = key
    }

    init(key: Curve25519.Signing.PrivateKey) {
        self.key = key
    }

    /// The 32-byte seed.
    public var seed: Data { key.rawRepresentation }

    public var publicKey: VerifyingKey { VerifyingKey(key: key.publicKey) }

    /// PKCS#8 `PrivateKeyInfo` DER (RFC 8410 §7), the 48-byte form OpenSSL writes.
    public var pkcs8DER: Data { Data(PrivateKeyInfo(ed25519Seed: seed).derBytes) }

    /// `-----BEGIN PRIVATE KEY-----` PEM.
    public var pem: String { PEM.encode(pkcs8DER, label: "PRIVATE KEY") }

    /// Ed25519 signature (64 bytes) over `message`.
    public func sign(_ message: Data) throws -> Data {
        do {
            return try key.signature(for: message)
        } catch {
            throw InputError(message: "Ed25519 signing failed: \(error)")
        }
    }

    /// Parses a private key: PKCS#8 PEM, or base64 of the 32-byte seed (or of seed + public key,
    /// the 64-byte NaCl layout). `source` names the file or variable in errors; the key itself
    /// never appears in a message.
    public static func parse(_ data: Data, source: String) throws -> SigningKey {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("-----BEGIN") {
            let block = try PEM.decode(text, source: source)
            switch block.discriminator {
            case "PRIVATE KEY":
                return try SigningKey(seed: Ed25519DER.seed(fromPKCS8: Data(block.derBytes), source: source))
            case "PUBLIC KEY":
                throw InputError(
                    file: source, message: "this is a public key; signing needs the private key",
                    fix: "pass gremlin.key to --sign and gremlin.pub to gremlin verify --key")
            default:
                throw PEM.unsupported(block.discriminator, source: source)
            }
        }
        guard let raw = Base64.decode(text) else {
            throw InputError(
                file: source, message: "not a PEM key and not base64",
                fix: "use the gremlin.key that `gremlin keygen` writes, or base64 of a 32-byte Ed25519 seed")
        }
        switch raw.count {
        case 32:
            return try SigningKey(seed: raw)
        case 64:
            let key = try SigningKey(seed: raw.prefix(32))
            guard key.publicKey.raw == raw.suffix(32) else {
                throw InputError(
                    file: source, message: "the 64-byte key's second half is not the public key of its seed",
                    fix: "pass the 32-byte seed alone")
            }
            return key
        default:
            throw InputError(
                file: source,
                message: "a raw Ed25519 private key is 32 bytes (or 64: seed + public key), not \(raw.count)",
                fix: "use the gremlin.key that `gremlin keygen` writes")
        }
    }
}

/// An Ed25519 public key that verifies release attestations (SPKI PEM or raw base64).
public struct VerifyingKey: Sendable, Equatable {
    let key: Curve25519.Signing.PublicKey

    init(key: Curve25519.Signing.PublicKey) {
        self.key = key
    }

    /// The key whose 32 raw bytes (RFC 8032 encoding) are `raw`.
    public init(raw: Data) throws {
        guard raw.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            throw InputError(message: "an Ed25519 public key is 32 bytes, not \(raw.count)")
        }
        self.key = key
    }

    public static func == (lhs: VerifyingKey, rhs: VerifyingKey) -> Bool { lhs.raw == rhs.raw }

    /// The 32 raw bytes.
    public var raw: Data { key.rawRepresentation }

    /// `SubjectPublicKeyInfo` DER (RFC 8410 §4).
    public var spkiDER: Data { Data(SubjectPublicKeyInfo(ed25519PublicKey: raw).derBytes) }

    /// `-----BEGIN PUBLIC KEY-----` PEM.
    public var pem: String { PEM.encode(spkiDER, label: "PUBLIC KEY") }

    /// The DSSE `keyid`: lower-case hex sha256 of the SPKI DER, the same whatever the key's encoding.
    public var keyID: String { InputFiles.sha256(spkiDER) }

    public func isValidSignature(_ signature: Data, for message: Data) -> Bool {
        signature.count == 64 && key.isValidSignature(signature, for: message)
    }

    /// Parses a public key: SPKI PEM or base64 of the 32 raw bytes. A private key is accepted too
    /// (its public half is used), so a signer can check its own output.
    public static func parse(_ data: Data, source: String) throws -> VerifyingKey {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("-----BEGIN") {
            let block = try PEM.decode(text, source: source)
            switch block.discriminator {
            case "PUBLIC KEY":
                return try VerifyingKey(raw: Ed25519DER.publicKey(fromSPKI: Data(block.derBytes), source: source))
            case "PRIVATE KEY":
                return try SigningKey.parse(data, source: source).publicKey
            default:
                throw PEM.unsupported(block.discriminator, source: source)
            }
        }
        guard let raw = Base64.decode(text) else {
            throw InputError(
                file: source, message: "not a PEM key and not base64",
                fix: "use the gremlin.pub that `gremlin keygen` writes, or base64 of a 32-byte Ed25519 public key")
        }
        guard raw.count == 32 else {
            throw InputError(
                file: source, message: "a raw Ed25519 public key is 32 bytes, not \(raw.count)",
                fix: "use the gremlin.pub that `gremlin keygen` writes")
        }
        do {
            return try VerifyingKey(raw: raw)
        } catch {
            throw InputError(
                file: source, message: "not a valid Ed25519 public key",
                fix: "use the gremlin.pub that `gremlin keygen` writes")
        }
    }
}

/// Where a key comes from: a file path, or `env:VAR` for a CI secret held in a variable.
public enum KeySource {
    /// Reads the key material named by `spec`. `option` names the flag in errors (`--sign`).
    /// Returns the bytes and a display name that never contains the key.
    public static func read(
        _ spec: String, option: String,
        environment: [String: String]
    ) throws -> (data: Data, display: String) {
        if spec.hasPrefix("env:") {
            let name = String(spec.dropFirst(4))
            guard !name.isEmpty else {
                throw InputError(
                    key: option, message: "`env:` needs a variable name", fix: "write env:GREMLIN_SIGNING_KEY")
            }
            guard let value = environment[name], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw InputError(
                    key: option, message: "environment variable \(name) is not set or empty",
                    fix: "export the key (PEM or base64) in \(name), e.g. from your CI's secret store")
            }
            return (Data(value.utf8), spec)
        }
        let url = URL(fileURLWithPath: spec)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw InputError(
                file: spec, key: option, message: "key file not found",
                fix: "create a key pair with `gremlin keygen --out DIR`, or pass env:VAR")
        }
        do {
            return (try Data(contentsOf: url), spec)
        } catch {
            throw InputError(file: spec, key: option, message: "cannot read the key file", fix: "check its permissions")
        }
    }

    /// A warning when a private key file is readable by group or others; `nil` for `env:` keys
    /// and private files.
    public static func permissionWarning(_ spec: String) -> String? {
        guard !spec.hasPrefix("env:"),
            let mode = (try? FileManager.default.attributesOfItem(atPath: spec))?[.posixPermissions] as? Int,
            mode & 0o077 != 0
        else { return nil }
        return "\(spec) is readable by other users (mode \(String(mode & 0o777, radix: 8))); run chmod 600 \(spec)"
    }
}

/// RFC 7468 textual encoding, through swift-asn1's `PEMDocument`.
enum PEM {
    /// The block for `der`: base64 in 64-column lines between BEGIN and END lines, newline-terminated.
    static func encode(_ der: Data, label: String) -> String {
        PEMDocument(type: label, derBytes: Array(der)).pemString + "\n"
    }

    /// The first block of `text`. Each line is trimmed first, so an indented key (a YAML block,
    /// a heredoc) still reads.
    static func decode(_ text: String, source: String) throws -> PEMDocument {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let document: PEMDocument?
        do {
            document = try PEMDocument.parseMultiple(pemString: lines.joined(separator: "\n") + "\n").first
        } catch {
            if lines.contains(where: { $0.hasPrefix("Proc-Type:") || $0.hasPrefix("DEK-Info:") }) {
                throw InputError(
                    file: source, message: "the PEM body is not plain base64 (encrypted PEM is not supported)",
                    fix: "decrypt it first: openssl pkey -in KEY -out plain.pem")
            }
            if !lines.contains(where: { $0.hasPrefix("-----END ") }) {
                throw InputError(
                    file: source, message: "no -----END …----- line", fix: "the key file is truncated; copy it again")
            }
            throw InputError(
                file: source,
                message: "malformed PEM (the END line does not match, or the body is not base64 in 64-column lines)",
                fix: "copy the key again, or rewrite it with openssl pkey -in KEY -out plain.pem")
        }
        guard let document else {
            throw InputError(
                file: source, message: "no PEM BEGIN line", fix: "the key must start with -----BEGIN …-----")
        }
        return document
    }

    static func unsupported(_ label: String, source: String) -> InputError {
        let fix =
            label.contains("ENCRYPTED")
            ? "decrypt it first: openssl pkey -in KEY -out plain.pem"
            : "use an Ed25519 key in PKCS#8 (PRIVATE KEY) or SPKI (PUBLIC KEY) PEM; `gremlin keygen` writes both"
        return InputError(file: source, message: "unsupported PEM block '\(label)'", fix: fix)
    }
}

/// Base64 in either alphabet (standard or URL-safe), with or without padding, ignoring whitespace.
public enum Base64 {
    public static func decode(_ text: String) -> Data? {
        var clean = String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) })
        if clean.contains("-") || clean.contains("_") {
            guard !clean.contains("+") && !clean.contains("/") else { return nil }
            clean = clean.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        }
        let remainder = clean.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { clean += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: clean)
    }
}
