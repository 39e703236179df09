// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// An SSH public key a policy trusts for some people, from a line in git's allowed-signers
/// format: `email[,email…] [namespaces="git"] ssh-ed25519 AAAA… [comment]`.
public struct AllowedSigner: Sendable, Equatable {
    /// Lower-cased emails (or `*` patterns) the key signs for.
    public var principals: [String]
    /// The key's wire form (`string "ssh-ed25519" || string key`).
    public var publicKey: [UInt8]

    /// Parses one line; nil when it is not an Ed25519 key in that format.
    public init?(line: String) {
        var fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count >= 3 else { return nil }
        principals = fields.removeFirst().split(separator: ",").map { ApprovalRules.fold(String($0)) }
        if fields.first?.contains("=") == true, fields.first?.hasPrefix("ssh-") == false {
            let options = fields.removeFirst().lowercased()
            if options.contains("namespaces="), !options.contains("git") { return nil }
        }
        guard fields.count >= 2, fields[0] == "ssh-ed25519", let blob = Data(base64Encoded: fields[1]),
            let parsed = SSHWire.ed25519Key(Array(blob))
        else { return nil }
        publicKey = parsed.wire
    }

    public func allows(_ email: String) -> Bool {
        principals.contains { ApprovalRules.matches(email, pattern: $0) }
    }
}

/// Verifies an SSH signature (`-----BEGIN SSH SIGNATURE-----`, as `git commit -S` makes with
/// `gpg.format=ssh`) over a commit's payload. Only Ed25519 keys and the `git` namespace are accepted.
public enum SSHSignature {
    /// Whether `armored` is a valid `git`-namespace signature of `payload` by one of `keys`.
    public static func verify(armored: String, payload: [UInt8], keys: [[UInt8]]) -> Bool {
        guard let blob = decodeArmor(armored) else { return false }
        var reader = SSHWire(blob)
        guard reader.bytes(6) == Array("SSHSIG".utf8), reader.uint32() == 1,
            let publicKey = reader.string(), let namespace = reader.string(), let reserved = reader.string(),
            let hashName = reader.string(), let signature = reader.string(), reader.atEnd,
            namespace == Array("git".utf8), keys.contains(publicKey),
            let key = SSHWire.ed25519Key(publicKey)
        else { return false }
        let digest: [UInt8]
        switch String(decoding: hashName, as: UTF8.self) {
        case "sha512": digest = Array(SHA512.hash(data: payload))
        case "sha256": digest = Array(SHA256.hash(data: payload))
        default: return false
        }
        var inner = SSHWire(signature)
        guard inner.string() == Array("ssh-ed25519".utf8), let raw = inner.string(), raw.count == 64, inner.atEnd,
            let verifier = try? Curve25519.Signing.PublicKey(rawRepresentation: key.raw)
        else { return false }
        var signed = Array("SSHSIG".utf8)
        for field in [namespace, reserved, hashName, digest] { SSHWire.append(field, to: &signed) }
        return verifier.isValidSignature(raw, for: signed)
    }

    static func decodeArmor(_ text: String) -> [UInt8]? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN SSH SIGNATURE-----"),
            let end = lines.firstIndex(of: "-----END SSH SIGNATURE-----"), begin < end
        else { return nil }
        return Data(base64Encoded: lines[(begin + 1)..<end].joined()).map(Array.init)
    }
}

/// The SSH wire encoding: big-endian `uint32` lengths before byte strings.
struct SSHWire {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, bytes.count - offset >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func uint32() -> UInt32? {
        bytes(4).map { $0.reduce(0) { $0 << 8 | UInt32($1) } }
    }

    mutating func string() -> [UInt8]? {
        guard let length = uint32(), length <= 1 << 20 else { return nil }
        return bytes(Int(length))
    }

    static func append(_ field: [UInt8], to out: inout [UInt8]) {
        let count = UInt32(field.count)
        out += [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
        out += field
    }

    /// An `ssh-ed25519` public key blob: its 32 raw bytes and its canonical wire form.
    static func ed25519Key(_ blob: [UInt8]) -> (raw: [UInt8], wire: [UInt8])? {
        var reader = SSHWire(blob)
        guard reader.string() == Array("ssh-ed25519".utf8), let raw = reader.string(), raw.count == 32, reader.atEnd
        else { return nil }
        return (raw, blob)
    }
}
