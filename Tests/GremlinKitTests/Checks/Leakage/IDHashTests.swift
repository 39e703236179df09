// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Testing

@testable import GremlinKit

@Suite struct IDHashTests {
    @Test func swarLowercaseMatchesFoundationOnEveryASCIIByte() {
        for start in stride(from: 0, to: 128, by: 8) {
            let bytes = (start..<(start + 8)).map { UInt8($0) }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let lowered = IDHash.lower(word)
            let expected = Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8)
            let actual = (0..<8).map { UInt8(truncatingIfNeeded: lowered >> (8 * UInt64($0))) }
            #expect(actual == expected, "bytes \(start)..<\(start + 8)")
        }
        // Bytes of UTF-8 sequences are left alone.
        #expect(IDHash.lower(0xC3C9_C3C9_C3C9_C3C9) == 0xC3C9_C3C9_C3C9_C3C9)
    }
}
