// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// A hash function for IDs; a type parameter (not a closure) so the hot loop calls it directly.
public protocol IDHashing: SendableMetatype {
    static func hash(_ bytes: UnsafeRawBufferPointer, lowercaseASCII: Bool) -> UInt64
}

/// A fast 64-bit hash of ID bytes (Murmur3-style rounds over 8-byte words), optionally lower-casing
/// ASCII on the fly. Equal hashes are only candidates: callers confirm them on the bytes.
public enum IDHash: IDHashing {
    @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer, lowercaseASCII: Bool) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0x9E37_79B9_7F4A_7C15 }
        let count = bytes.count
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
        var offset = 0
        while offset + 8 <= count {
            var word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if lowercaseASCII { word = lower(word) }
            h = round(h, word)
            offset += 8
        }
        if offset < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
                word |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) << shift
                shift += 8
                offset += 1
            }
            if lowercaseASCII { word = lower(word) }
            h = round(h, word)
        }
        return finalize(h)
    }

    @inline(__always) static func round(_ h: UInt64, _ word: UInt64) -> UInt64 {
        var k = word &* 0x87C3_7B91_1142_53D5
        k = (k << 31) | (k >> 33)
        k = k &* 0x4CF5_AD43_2745_937F
        var h = h ^ k
        h = (h << 27) | (h >> 37)
        return h &* 5 &+ 0x52DC_E729
    }

    @inline(__always) static func finalize(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// Lower-cases the ASCII capitals of eight bytes at once (SWAR); other bytes are untouched.
    @inline(__always) static func lower(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let seven = word & ~high
        let aboveZ = seven &+ ones &* (0x7F - 0x5A)  // high bit set where byte > 'Z'
        let atLeastA = seven &+ ones &* (0x80 - 0x41)  // high bit set where byte >= 'A'
        let upper = ~word & (atLeastA ^ aboveZ) & high
        return word | (upper >> 2)
    }
}
