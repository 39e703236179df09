// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import SwiftASN1

// The ASN.1 structures that carry Ed25519 keys (RFC 8410), read and written with swift-asn1.

extension ASN1ObjectIdentifier {
    /// id-Ed25519 (RFC 8410 §3).
    static let idEd25519: ASN1ObjectIdentifier = [1, 3, 101, 112]
}

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }` (RFC 5280 §4.1.1.2).
struct AlgorithmIdentifier: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    /// id-Ed25519 with the parameters absent, as RFC 8410 §3 requires.
    static let ed25519 = AlgorithmIdentifier(algorithm: .idEd25519, parameters: nil)

    var algorithm: ASN1ObjectIdentifier
    var parameters: ASN1Any?

    init(algorithm: ASN1ObjectIdentifier, parameters: ASN1Any?) {
        self.algorithm = algorithm
        self.parameters = parameters
    }

    init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let algorithm = try ASN1ObjectIdentifier(derEncoded: &nodes)
            let parameters = nodes.next().map(ASN1Any.init(derEncoded:))
            return AlgorithmIdentifier(algorithm: algorithm, parameters: parameters)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(algorithm)
            if let parameters { try coder.serialize(parameters) }
        }
    }
}

/// PKCS#8 `PrivateKeyInfo` (RFC 5208 §5), read as its successor `OneAsymmetricKey` (RFC 5958 §2):
///
///     SEQUENCE { version INTEGER (v1 = 0, v2 = 1), privateKeyAlgorithm AlgorithmIdentifier,
///                privateKey OCTET STRING, attributes [0] IMPLICIT SET OF Attribute OPTIONAL,
///                publicKey [1] IMPLICIT BIT STRING OPTIONAL -- v2 only }
///
/// The attributes are skipped. For Ed25519 `privateKey` wraps `CurvePrivateKey ::= OCTET STRING`,
/// the 32-byte seed (RFC 8410 §7).
struct PrivateKeyInfo: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }
    static let publicKeyTag = ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)

    var version: Int
    var algorithm: AlgorithmIdentifier
    var privateKey: ASN1OctetString
    var publicKey: ASN1BitString?

    init(version: Int, algorithm: AlgorithmIdentifier, privateKey: ASN1OctetString, publicKey: ASN1BitString? = nil) {
        self.version = version
        self.algorithm = algorithm
        self.privateKey = privateKey
        self.publicKey = publicKey
    }

    /// The v1 structure for an Ed25519 seed: the 48 bytes OpenSSL writes.
    init(ed25519Seed seed: Data) {
        let curvePrivateKey = ASN1OctetString(contentBytes: ArraySlice(seed)).derBytes
        self.init(
            version: 0, algorithm: .ed25519, privateKey: ASN1OctetString(contentBytes: ArraySlice(curvePrivateKey)))
    }

    /// The contents of the `CurvePrivateKey` inside `privateKey`; throws if it is not exactly one OCTET STRING.
    func curvePrivateKey() throws -> ArraySlice<UInt8> {
        try ASN1OctetString(derEncoded: privateKey.bytes).bytes
    }

    init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let version = try Int(derEncoded: &nodes)
            let algorithm = try AlgorithmIdentifier(derEncoded: &nodes)
            let privateKey = try ASN1OctetString(derEncoded: &nodes)
            _ = DER.optionalImplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { $0 }
            let publicKey: ASN1BitString? = try DER.optionalImplicitlyTagged(&nodes, tag: Self.publicKeyTag)
            return PrivateKeyInfo(version: version, algorithm: algorithm, privateKey: privateKey, publicKey: publicKey)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(version)
            try coder.serialize(algorithm)
            try coder.serialize(privateKey)
            try coder.serializeOptionalImplicitlyTagged(publicKey, withIdentifier: Self.publicKeyTag)
        }
    }
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }`
/// (RFC 5280 §4.1.2.7); for Ed25519 the BIT STRING is the 32 raw key bytes (RFC 8410 §4).
struct SubjectPublicKeyInfo: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var algorithm: AlgorithmIdentifier
    var key: ASN1BitString

    init(algorithm: AlgorithmIdentifier, key: ASN1BitString) {
        self.algorithm = algorithm
        self.key = key
    }

    /// The structure for 32 raw Ed25519 public key bytes: the 44 bytes OpenSSL writes.
    init(ed25519PublicKey raw: Data) {
        self.init(algorithm: .ed25519, key: ASN1BitString(bytes: ArraySlice(raw)))
    }

    init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            SubjectPublicKeyInfo(
                algorithm: try AlgorithmIdentifier(derEncoded: &nodes), key: try ASN1BitString(derEncoded: &nodes))
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(algorithm)
            try coder.serialize(key)
        }
    }
}

extension DERSerializable {
    /// The DER encoding. swift-asn1 throws only for values it could not have been built with (an
    /// OID of fewer than two arcs, padding bits without bytes), never for the key structures above.
    var derBytes: [UInt8] {
        var serializer = DER.Serializer()
        do {
            try serializer.serialize(self)
        } catch {
            preconditionFailure("DER serialisation of \(Self.self) failed: \(error)")
        }
        return serializer.serializedBytes
    }
}

/// Ed25519 keys in DER, with errors that name the source and never the key.
enum Ed25519DER {
    /// The seed inside a PKCS#8 v1 or v2 (`OneAsymmetricKey`) structure for Ed25519.
    static func seed(fromPKCS8 der: Data, source: String) throws -> Data {
        func bad(_ why: String) -> InputError {
            InputError(
                file: source, message: "not an Ed25519 PKCS#8 private key (\(why))",
                fix: "write one with `gremlin keygen` or `openssl genpkey -algorithm ed25519`")
        }
        let info: PrivateKeyInfo
        do {
            info = try PrivateKeyInfo(derEncoded: Array(der))
        } catch {
            throw bad("the DER is not a PrivateKeyInfo SEQUENCE, or has bytes after it")
        }
        guard info.version == 0 || info.version == 1 else { throw bad("unsupported version") }
        try check(info.algorithm, bad)
        guard let seed = try? info.curvePrivateKey(), seed.count == 32 else { throw bad("the key is not 32 bytes") }
        // A v2 public key is not used: it is recomputed from the seed.
        return Data(seed)
    }

    /// The 32 raw bytes inside an Ed25519 SubjectPublicKeyInfo.
    static func publicKey(fromSPKI der: Data, source: String) throws -> Data {
        func bad(_ why: String) -> InputError {
            InputError(
                file: source, message: "not an Ed25519 public key (\(why))",
                fix: "write one with `gremlin keygen` or `openssl pkey -pubout`")
        }
        let info: SubjectPublicKeyInfo
        do {
            info = try SubjectPublicKeyInfo(derEncoded: Array(der))
        } catch {
            throw bad("the DER is not a SubjectPublicKeyInfo SEQUENCE, or has bytes after it")
        }
        try check(info.algorithm, bad)
        guard info.key.paddingBits == 0, info.key.bytes.count == 32 else { throw bad("the key is not 32 bytes") }
        return Data(info.key.bytes)
    }

    private static func check(_ algorithm: AlgorithmIdentifier, _ bad: (String) -> InputError) throws {
        guard algorithm.algorithm == .idEd25519 else { throw bad("the algorithm is not Ed25519") }
        guard algorithm.parameters == nil else {
            throw bad("the Ed25519 algorithm has parameters; RFC 8410 forbids them")
        }
    }
}
