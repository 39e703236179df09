// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2

/// A git object id (SHA-1, 20 bytes), ordered by its bytes (the same order as its hex form).
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    // Three integers rather than an array: no allocation, and the tuple order is the byte order.
    private let high: UInt64
    private let middle: UInt64
    private let low: UInt32

    /// The raw 20 bytes.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(20)
        for shift in stride(from: 56, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: high >> UInt64(shift)))
        }
        for shift in stride(from: 56, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: middle >> UInt64(shift)))
        }
        for shift in stride(from: 24, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: low >> UInt32(shift)))
        }
        return out
    }

    /// The 40 lower-case hex digits.
    public var hex: String { Hex.string(bytes) }

    /// The first 12 hex digits, for messages.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    /// The all-zero id git uses for "no object".
    public static let zero = ObjectID(high: 0, middle: 0, low: 0)

    public var isZero: Bool { self == .zero }

    private init(high: UInt64, middle: UInt64, low: UInt32) {
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// Parses exactly 20 raw bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 20 else { return nil }
        let array = Array(bytes)
        func word(_ range: Range<Int>) -> UInt64 { array[range].reduce(0) { $0 << 8 | UInt64($1) } }
        self.init(high: word(0..<8), middle: word(8..<16), low: UInt32(word(16..<20)))
    }

    /// Parses exactly 40 hex digits (either case); `nil` for anything else.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 40 else { return nil }
        var raw = [UInt8]()
        raw.reserveCapacity(20)
        var index = 0
        while index < 40 {
            guard let hi = Self.nibble(utf8[index]), let lo = Self.nibble(utf8[index + 1]) else { return nil }
            raw.append(hi << 4 | lo)
            index += 2
        }
        self.init(bytes: raw)
    }

    static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected 40 hex digits, got '\(text)'")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

extension ObjectID {
    init(_ oid: git_oid) {
        let raw = withUnsafeBytes(of: oid.id) { Array($0.prefix(20)) }
        // A git_oid is always 20 bytes in libgit2 1.5, so this cannot fail.
        self = ObjectID(bytes: raw) ?? .zero
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    var gitOID: git_oid {
        var oid = git_oid()
        let raw = bytes
        withUnsafeMutableBytes(of: &oid.id) { buffer in
            for index in 0..<min(buffer.count, raw.count) { buffer[index] = raw[index] }
        }
        return oid
    }
}
