// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Whether bytes are text: printable ASCII, tab/CR/LF and well-formed UTF-8 sequences.
public enum TextProbe {
    /// The share of text bytes above which a blob with a NUL byte is still text.
    public static let textShare = 0.9

    /// How far into a blob to look for a NUL byte when deciding it is binary (git's heuristic).
    public static let probeLength = 8000

    /// True when `bytes` has a NUL byte in its first 8000 bytes and is not mostly text there:
    /// a stray NUL does not make a text file binary (the secret scan and the header check agree).
    public static func isBinary<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        let probe = bytes.prefix(probeLength)
        let hasNUL =
            probe.withContiguousStorageIfAvailable { buffer in
                buffer.baseAddress.map { memchr($0, 0, buffer.count) != nil } ?? false
            }
            ?? probe.contains(0)
        return hasNUL && !isMostlyText(probe)
    }

    /// True when at least `textShare` of `bytes` are text bytes (an empty input is text).
    public static func isMostlyText<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard !bytes.isEmpty else { return true }
        return Double(textBytes(bytes)) >= textShare * Double(bytes.count)
    }

    /// How many of `bytes` are printable ASCII, tab, CR, LF or part of a well-formed UTF-8 sequence.
    static func textBytes<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        bytes.withContiguousStorageIfAvailable { textBytes(in: $0) }
            ?? Array(bytes).withUnsafeBufferPointer {
                textBytes(in: $0)
            }
    }

    private static func textBytes(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        let end = bytes.count
        while index < end {
            let byte = bytes[index]
            if isPrintable(byte) || byte == 0x0A || byte == 0x0D {
                count += 1
                index += 1
                continue
            }
            let length =
                byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 && byte < 0xF0 ? 3 : byte >= 0xC2 && byte < 0xE0 ? 2 : 0
            var taken = length > 0 ? 1 : 0
            while taken > 0 && taken < length {
                if index + taken < end && bytes[index + taken] & 0xC0 == 0x80 { taken += 1 } else { taken = 0 }
            }
            if taken > 0 {
                count += length
                index += length
            } else {
                index += 1
            }
        }
        return count
    }

    /// Printable ASCII or a tab: what `strings` keeps.
    @inline(__always) static func isPrintable(_ byte: UInt8) -> Bool { (byte >= 0x20 && byte < 0x7F) || byte == 0x09 }
}
