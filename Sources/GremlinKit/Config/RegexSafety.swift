// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Refuses policy regexes whose matching time can grow exponentially with the line (ICU, like
/// most engines, backtracks): a group that repeats (`*`, `+`, `{n,}`, `{n,m}` with m > 1) and
/// itself holds a repetition or an alternation, as in `(a|aa)+$` or `(a+)+`, and backreferences.
/// Policies are written by the people the gate checks: a pattern must not be able to hang it.
enum RegexSafety {
    /// Why the pattern is refused, or nil when it is safe to run on untrusted lines.
    static func problem(in pattern: String) -> String? {
        let chars = Array(pattern.unicodeScalars)
        // Per open group: whether its content repeats or alternates so far.
        var groups: [Bool] = []
        var index = 0
        var lastAtomRisky = false
        while index < chars.count {
            let char = chars[index]
            switch char {
            case "\\":
                if index + 1 < chars.count, ("1"..."9").contains(chars[index + 1]) {
                    return "a backreference (\\\(chars[index + 1])) can take exponential time"
                }
                index += 2
                lastAtomRisky = false
                continue
            case "[":
                index = endOfClass(chars, from: index)
                lastAtomRisky = false
                continue
            case "(":
                groups.append(false)
                index += 1
                // Skip a group's prefix: `?:`, `?i:`, `?=`, `?!`, `?<=`, `?<!`, `?<name>`.
                if index < chars.count, chars[index] == "?" {
                    index += 1
                    if index + 1 < chars.count, chars[index] == "<", chars[index + 1] != "=", chars[index + 1] != "!" {
                        while index < chars.count, chars[index] != ">" { index += 1 }
                        index += 1
                    } else {
                        while index < chars.count,
                            chars[index].properties.isAlphabetic || chars[index] == "-" || chars[index] == "<"
                        {
                            index += 1
                        }
                        if index < chars.count, [":", "=", "!"].contains(chars[index]) { index += 1 }
                    }
                }
                lastAtomRisky = false
                continue
            case ")":
                let risky = groups.popLast() ?? false
                lastAtomRisky = risky
                if risky, !groups.isEmpty { groups[groups.count - 1] = true }
            case "|":
                if !groups.isEmpty { groups[groups.count - 1] = true }
                lastAtomRisky = false
            default:
                let (repeats, variable, length) = quantifier(chars, at: index)
                if length > 0 {
                    if repeats, lastAtomRisky {
                        return "a repeated group that itself repeats or alternates can take exponential time"
                    }
                    if variable, !groups.isEmpty { groups[groups.count - 1] = true }
                    index += length
                    lastAtomRisky = false
                    continue
                }
                lastAtomRisky = false
            }
            index += 1
        }
        return nil
    }

    /// The index after a character class starting at `start` (`[`), honouring escapes and a
    /// leading `]` or `^]`.
    private static func endOfClass(_ chars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start + 1
        if index < chars.count, chars[index] == "^" { index += 1 }
        if index < chars.count, chars[index] == "]" { index += 1 }
        while index < chars.count, chars[index] != "]" {
            index += chars[index] == "\\" ? 2 : 1
        }
        return index + 1
    }

    /// A quantifier starting at `index`: whether it can match its atom more than once, whether
    /// its count varies (`*`, `+`, `?`, `{n,}`, `{n,m}` with m > n), and its length (a lazy or
    /// possessive suffix included); length 0 when there is none.
    private static func quantifier(
        _ chars: [Unicode.Scalar], at index: Int
    ) -> (repeats: Bool, variable: Bool, length: Int) {
        var repeats: Bool
        var variable = true
        var length: Int
        switch chars[index] {
        case "*", "+":
            (repeats, length) = (true, 1)
        case "?":
            (repeats, length) = (false, 1)
        case "{":
            var end = index + 1
            var text = ""
            while end < chars.count, chars[end] != "}" {
                text.unicodeScalars.append(chars[end])
                end += 1
            }
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard end < chars.count, (1...2).contains(parts.count),
                parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), let lower = Int(parts[0])
            else { return (false, false, 0) }
            let upper = parts.count == 2 ? (parts[1].isEmpty ? nil : Int(parts[1])) : lower
            repeats = upper.map { $0 > 1 } ?? true
            variable = upper != lower
            length = end - index + 1
        default:
            return (false, false, 0)
        }
        if index + length < chars.count, chars[index + length] == "?" || chars[index + length] == "+" { length += 1 }
        return (repeats, variable, length)
    }
}
