// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// A case-insensitive Aho–Corasick automaton over ASCII keywords, compiled to a dense DFA:
/// one table lookup per input byte tells which rules (as a bit mask) have a keyword ending here.
struct KeywordAutomaton: Sendable {
    /// `transitions[state << 8 | byte]` is the next state.
    let transitions: [Int32]
    /// The same table, scan-ready: each entry is `next << 8`, plus 1 when `ruleMasks[next] != 0`,
    /// so the hot loop does one load per byte and indexes the next row without a shift.
    let packed: [UInt32]
    /// Rules whose keyword ends in this state (including keywords reached through suffix links).
    let ruleMasks: [UInt64]

    /// `keywords[i]` are the keywords of rule `i`; at most 64 rules.
    init(keywords: [[String]]) {
        precondition(keywords.count <= 64, "KeywordAutomaton supports at most 64 rules")
        // Trie over lower-case bytes.
        var children: [[Int32]] = [[Int32](repeating: -1, count: 256)]
        var masks: [UInt64] = [0]
        for (rule, words) in keywords.enumerated() {
            for word in words {
                var state = 0
                for byte in word.utf8 {
                    let lower = Int(Self.lowercase(byte))
                    if children[state][lower] < 0 {
                        children.append([Int32](repeating: -1, count: 256))
                        masks.append(0)
                        children[state][lower] = Int32(children.count - 1)
                    }
                    state = Int(children[state][lower])
                }
                masks[state] |= 1 << UInt64(rule)
            }
        }
        // Breadth-first construction of suffix links, folded straight into a DFA.
        let count = children.count
        var table = [Int32](repeating: 0, count: count << 8)
        var fail = [Int](repeating: 0, count: count)
        var queue: [Int] = []
        for byte in 0..<256 {
            let child = children[0][byte]
            if child >= 0 {
                table[byte] = child
                fail[Int(child)] = 0
                queue.append(Int(child))
            } else {
                table[byte] = 0
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            masks[state] |= masks[fail[state]]
            for byte in 0..<256 {
                let child = children[state][byte]
                if child >= 0 {
                    fail[Int(child)] = Int(table[fail[state] << 8 | byte])
                    table[state << 8 | byte] = child
                    queue.append(Int(child))
                } else {
                    table[state << 8 | byte] = table[fail[state] << 8 | byte]
                }
            }
        }
        // Upper-case input follows the lower-case edges.
        for state in 0..<count {
            for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") {
                table[state << 8 | Int(byte)] = table[state << 8 | Int(byte | 0x20)]
            }
        }
        transitions = table
        ruleMasks = masks
        packed = table.map { next in UInt32(next) << 8 | (masks[Int(next)] != 0 ? 1 : 0) }
    }

    @inline(__always) static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
