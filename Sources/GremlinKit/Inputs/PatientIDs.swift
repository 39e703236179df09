// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A predictions file's patient IDs, made into strings on first use: evaluating one file never
/// needs them; a join, a cohort check or a subgroup table does.
final class PatientIDs: @unchecked Sendable {
    private enum State {
        case strings([String])
        /// The file and, per row, the ID's byte offset << 20 | its length (ASCII, trimmed).
        case bytes(Data, [UInt64])
    }

    private let state: Locked<State>
    let count: Int

    init(_ strings: [String]) {
        count = strings.count
        state = Locked(.strings(strings))
    }

    init(data: Data, ranges: [UInt64]) {
        count = ranges.count
        state = Locked(.bytes(data, ranges))
    }

    /// Bits of `ranges` that hold an ID's length.
    static let lengthBits: UInt64 = 20

    var strings: [String] {
        state.withLock { state in
            switch state {
            case .strings(let strings):
                return strings
            case .bytes(let data, let ranges):
                let strings = data.withUnsafeBytes { raw -> [String] in
                    let bytes = raw.bindMemory(to: UInt8.self)
                    return ranges.map { range in
                        let start = Int(range >> Self.lengthBits)
                        let length = Int(range & ((1 << Self.lengthBits) - 1))
                        return String(
                            decoding: UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]), as: UTF8.self)
                    }
                }
                state = .strings(strings)
                return strings
            }
        }
    }
}
