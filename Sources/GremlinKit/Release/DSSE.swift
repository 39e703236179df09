// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A DSSE envelope (secure-systems-lab/dsse `envelope.md`): a typed payload and its signatures.
public struct DSSEEnvelope: Codable, Sendable, Equatable {
    /// One signature; `keyid` is an unauthenticated hint, never trusted for a decision.
    public struct Signature: Codable, Sendable, Equatable {
        public var keyid: String?
        public var sig: String

        public init(keyid: String?, sig: String) {
            self.keyid = keyid
            self.sig = sig
        }
    }

    public var payloadType: String
    /// The serialized body, base64 (standard alphabet when Gremlin writes it).
    public var payload: String
    public var signatures: [Signature]

    public init(payloadType: String, payload: String, signatures: [Signature]) {
        self.payloadType = payloadType
        self.payload = payload
        self.signatures = signatures
    }
}

/// Why an envelope does not verify; each case names the part that failed.
public enum DSSEFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case payloadEncoding
    case noSignatures
    case signature(keyID: String)
    case payloadType(found: String, expected: String)

    /// The envelope field at fault.
    public var part: String {
        switch self {
        case .payloadEncoding: return "payload"
        case .noSignatures, .signature: return "signature"
        case .payloadType: return "payloadType"
        }
    }

    /// What is wrong with it.
    public var detail: String {
        switch self {
        case .payloadEncoding: return "not valid base64"
        case .noSignatures: return "the envelope has no signatures"
        case .signature(let keyID): return "no signature verifies with the given key (key id \(keyID))"
        case .payloadType(let found, let expected): return "'\(found)', expected '\(expected)'"
        }
    }

    public var description: String { "\(part): \(detail)" }
}

/// Signing and verifying with the DSSE v1 protocol (secure-systems-lab/dsse `protocol.md`).
public enum DSSE {
    /// The in-toto media type for a Statement in a DSSE payload.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    /// Pre-Authentication Encoding: `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, where
    /// LEN is the decimal byte length. Signing this, not the bare body, binds the payload type.
    public static func pae(type: String, body: Data) -> Data {
        let typeBytes = Data(type.utf8)
        var out = Data("DSSEv1 \(typeBytes.count) ".utf8)
        out += typeBytes
        out += Data(" \(body.count) ".utf8)
        out += body
        return out
    }

    /// Signs `body` as `type` with `key` and wraps it in an envelope with one signature.
    public static func sign(body: Data, type: String, key: SigningKey) throws -> DSSEEnvelope {
        let signature = try key.sign(pae(type: type, body: body))
        return DSSEEnvelope(
            payloadType: type, payload: body.base64EncodedString(),
            signatures: [.init(keyid: key.publicKey.keyID, sig: signature.base64EncodedString())])
    }

    /// Verifies the envelope with `key` and returns the authenticated body. Every signature is
    /// tried (the key id is only a hint); the payload type is checked after the signature, as the
    /// protocol orders it.
    public static func verify(
        _ envelope: DSSEEnvelope, key: VerifyingKey,
        expectedType: String = inTotoPayloadType
    ) throws(DSSEFailure) -> Data {
        guard let body = Base64.decode(envelope.payload) else { throw .payloadEncoding }
        guard !envelope.signatures.isEmpty else { throw .noSignatures }
        let message = pae(type: envelope.payloadType, body: body)
        let verified = envelope.signatures.contains { signature in
            guard let raw = Base64.decode(signature.sig) else { return false }
            return key.isValidSignature(raw, for: message)
        }
        guard verified else { throw .signature(keyID: key.keyID) }
        guard envelope.payloadType == expectedType else {
            throw .payloadType(found: envelope.payloadType, expected: expectedType)
        }
        return body
    }
}
