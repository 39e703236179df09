// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// A gitignore-style path glob: `*` and `?` never cross `/`, `**/` is zero or more directories,
/// a trailing `/**` is everything inside, a pattern without `/` matches at any depth.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    enum Token: Sendable, Hashable {
        case byte(UInt8)
        case one
        case star
        case dirs
        case all
        case set(ranges: [ClosedRange<UInt8>], negated: Bool)
    }

    public let pattern: String
    let tokens: [Token]
    /// For the common `**/*.ext` shape (any directories, then a name ending in a literal without
    /// `/`): that literal, so matching is a suffix test on the last path component.
    let nameSuffix: [UInt8]?

    public var description: String { pattern }

    public init(_ pattern: String) {
        self.pattern = pattern
        var bytes = Array(pattern.utf8)
        if bytes.first == UInt8(ascii: "/") {
            bytes.removeFirst()
        } else if !bytes.dropLast().contains(UInt8(ascii: "/")) {
            // No slash (but a trailing one): matches at any depth, like gitignore.
            bytes = Array("**/".utf8) + bytes
        }
        if bytes.last == UInt8(ascii: "/") { bytes += Array("**".utf8) }
        tokens = Self.compile(bytes)
        nameSuffix = Self.nameSuffix(tokens)
    }

    static func nameSuffix(_ tokens: [Token]) -> [UInt8]? {
        guard tokens.count >= 2, tokens[0] == .dirs, tokens[1] == .star else { return nil }
        var literal: [UInt8] = []
        for token in tokens.dropFirst(2) {
            guard case .byte(let byte) = token, byte != UInt8(ascii: "/") else { return nil }
            literal.append(byte)
        }
        return literal
    }

    /// Whether a repository-relative path (no leading `/`) matches.
    public func matches(_ path: String) -> Bool {
        matches(Array(path.utf8))
    }

    /// Whether any of `globs` matches the path.
    public static func any(_ globs: [Glob], _ path: String) -> Bool {
        let bytes = Array(path.utf8)
        return globs.contains { $0.matches(bytes) }
    }

    func matches(_ path: [UInt8]) -> Bool {
        if let nameSuffix {
            // `**/` ends at a `/` and `*` never crosses one: the rest is the last component.
            let name = path[(path.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0)...]
            return name.count >= nameSuffix.count && name.suffix(nameSuffix.count).elementsEqual(nameSuffix)
        }
        return matchTokens(path)
    }

    func matchTokens(_ path: [UInt8]) -> Bool {
        // memo[t][p]: 0 unknown, 1 no, 2 yes — patterns and paths are short, so this stays small.
        var memo = [UInt8](repeating: 0, count: (tokens.count + 1) * (path.count + 1))
        func match(_ t: Int, _ p: Int) -> Bool {
            let slot = t * (path.count + 1) + p
            if memo[slot] != 0 { return memo[slot] == 2 }
            let result: Bool
            if t == tokens.count {
                result = p == path.count
            } else {
                switch tokens[t] {
                case .byte(let byte):
                    result = p < path.count && path[p] == byte && match(t + 1, p + 1)
                case .one:
                    result = p < path.count && path[p] != UInt8(ascii: "/") && match(t + 1, p + 1)
                case .set(let ranges, let negated):
                    if p < path.count, path[p] != UInt8(ascii: "/") {
                        let inSet = ranges.contains { $0.contains(path[p]) }
                        result = inSet != negated && match(t + 1, p + 1)
                    } else {
                        result = false
                    }
                case .star:
                    var q = p
                    var found = match(t + 1, q)
                    while !found, q < path.count, path[q] != UInt8(ascii: "/") {
                        q += 1
                        found = match(t + 1, q)
                    }
                    result = found
                case .dirs:
                    // Zero directories, or skip to just after any later `/`.
                    var found = match(t + 1, p)
                    var q = p
                    while !found, q < path.count {
                        if path[q] == UInt8(ascii: "/") { found = match(t + 1, q + 1) }
                        q += 1
                    }
                    result = found
                case .all:
                    result = true
                }
            }
            memo[slot] = result ? 2 : 1
            return result
        }
        return match(0, 0)
    }

    static func compile(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        let slash = UInt8(ascii: "/")
        let star = UInt8(ascii: "*")
        while i < bytes.count {
            let byte = bytes[i]
            let atSegmentStart = i == 0 || bytes[i - 1] == slash
            if byte == star, i + 1 < bytes.count, bytes[i + 1] == star, atSegmentStart {
                if i + 2 == bytes.count {
                    tokens.append(.all)
                    i += 2
                    continue
                }
                if bytes[i + 2] == slash {
                    tokens.append(.dirs)
                    i += 3
                    continue
                }
            }
            switch byte {
            case star:
                if tokens.last != .star { tokens.append(.star) }
                i += 1
            case UInt8(ascii: "?"):
                tokens.append(.one)
                i += 1
            case UInt8(ascii: "\\") where i + 1 < bytes.count:
                tokens.append(.byte(bytes[i + 1]))
                i += 2
            case UInt8(ascii: "["):
                if let (token, next) = parseSet(bytes, from: i) {
                    tokens.append(token)
                    i = next
                } else {
                    tokens.append(.byte(byte))
                    i += 1
                }
            default:
                tokens.append(.byte(byte))
                i += 1
            }
        }
        return tokens
    }

    /// Parses `[abc]`, `[a-z]`, `[!x]`/`[^x]`; nil when the bracket is not closed.
    static func parseSet(_ bytes: [UInt8], from start: Int) -> (Token, Int)? {
        var i = start + 1
        var negated = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "!") || bytes[i] == UInt8(ascii: "^") {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<UInt8>] = []
        var first = true
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "]") && !first {
                return (.set(ranges: ranges, negated: negated), i + 1)
            }
            first = false
            if i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "-"), bytes[i + 2] != UInt8(ascii: "]") {
                let low = min(byte, bytes[i + 2])
                let high = max(byte, bytes[i + 2])
                ranges.append(low...high)
                i += 3
            } else {
                ranges.append(byte...byte)
                i += 1
            }
        }
        return nil
    }
}
