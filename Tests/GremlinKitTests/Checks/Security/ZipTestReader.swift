// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

/// Reads a stored (uncompressed) zip entry by walking local file headers: an independent
/// reader, so tests do not check ZIPFoundation's answer against itself.
enum ZipTestReader {
    static func entry(_ bytes: [UInt8], _ name: String) throws -> [UInt8] {
        var position = 0
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        while position + 30 <= bytes.count, u32(position) == 0x0403_4B50 {
            let method = u16(position + 8)
            let compressed = u32(position + 18)
            let nameLength = u16(position + 26)
            let extraLength = u16(position + 28)
            let entryName = String(decoding: bytes[(position + 30)..<(position + 30 + nameLength)], as: UTF8.self)
            let dataStart = position + 30 + nameLength + extraLength
            if entryName == name {
                try #require(method == 0, "fixture entries are stored, not deflated")
                return Array(bytes[dataStart..<(dataStart + compressed)])
            }
            position = dataStart + compressed
        }
        try #require(Bool(false), "entry \(name) not found")
        return []
    }
}
