// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// One secret-detection rule: a regex gated by cheap keywords, with its own test examples.
public struct SecretRule: Sendable {
    /// Stable id used in findings, baselines and fingerprints (`aws-access-token`).
    public let id: String
    /// What the rule finds, for `gremlin checks` and reports.
    public let description: String
    /// ICU regular expression; `secretGroup` selects the secret inside the match.
    public let pattern: String
    /// A second regex tried only at the start of each line (anchored), for shapes such as
    /// `NAME=value` whose unanchored form would slow the search down on long lines.
    public let linePattern: String?
    /// Lower-case ASCII substrings; a line without any of them is never regex-matched.
    public let keywords: [String]
    /// Minimum Shannon entropy (bits per byte) of the captured secret, when set.
    public let minEntropy: Double?
    /// Capture group holding the secret (0 = whole match), in `pattern` and `linePattern` alike.
    public let secretGroup: Int
    /// The regex runs over the whole blob rather than line by line (PEM blocks span lines).
    public let multiline: Bool
    /// A catch-all rule: loses to any specific rule that matched the same bytes.
    public let generic: Bool
    /// Extra predicate on the secret (e.g. "has a digit"), evaluated after the regex.
    let validate: (@Sendable ([UInt8]) -> Bool)?
    /// A cheap necessary condition for `pattern` to match a line (the value's shape); a line
    /// that fails it is not handed to the regex engine. Not applied to `linePattern`.
    let gate: ValueRunGate?
    /// The same for `linePattern`: lines that do not start with an assignment skip it.
    let lineGate: LineAssignmentGate?
    /// Lines that must produce at least one match of this rule (synthetic, assembled at runtime).
    public let truePositives: [String]
    /// Lines that must produce no match of this rule.
    public let falsePositives: [String]

    init(
        id: String, description: String, pattern: String, linePattern: String? = nil, keywords: [String],
        minEntropy: Double? = nil,
        secretGroup: Int = 1, multiline: Bool = false, generic: Bool = false,
        validate: (@Sendable ([UInt8]) -> Bool)? = nil, gate: ValueRunGate? = nil,
        lineGate: LineAssignmentGate? = nil,
        truePositives: [String], falsePositives: [String]
    ) {
        self.id = id
        self.description = description
        self.pattern = pattern
        self.linePattern = linePattern
        self.keywords = keywords
        self.minEntropy = minEntropy
        self.secretGroup = secretGroup
        self.multiline = multiline
        self.generic = generic
        self.validate = validate
        self.gate = gate
        self.lineGate = lineGate
        self.truePositives = truePositives
        self.falsePositives = falsePositives
    }
}

/// A line can only match a rule whose value is a run of `allowed` bytes of a length in `lengths`
/// (between two quote characters when `quoted`) if it holds such a run: checked in one pass over
/// the bytes, far cheaper than a regex search at every position of every line with a keyword.
public struct ValueRunGate: Sendable {
    private let allowed: [Bool]
    let lengths: ClosedRange<Int>
    let quoted: Bool

    /// `allowed` lists the bytes of the value's character class.
    init(allowed: String, lengths: ClosedRange<Int>, quoted: Bool) {
        var table = [Bool](repeating: false, count: 256)
        for byte in allowed.utf8 { table[Int(byte)] = true }
        precondition(!quoted || !(table[0x22] || table[0x27] || table[0x60]), "a quoted value's class excludes quotes")
        self.allowed = table
        self.lengths = lengths
        self.quoted = quoted
    }

    static func isQuote(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x27 || byte == 0x60 }

    /// Whether `bytes[range]` holds a maximal run of allowed bytes with a length in `lengths`
    /// (quoted: directly between two quote characters).
    func admits(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        allowed.withUnsafeBufferPointer { table in
            var index = range.lowerBound
            while index < range.upperBound {
                guard table[Int(bytes[index])] else {
                    index += 1
                    continue
                }
                let start = index
                while index < range.upperBound && table[Int(bytes[index])] { index += 1 }
                if lengths.contains(index - start) {
                    if !quoted { return true }
                    if start > range.lowerBound, Self.isQuote(bytes[start - 1]), index < range.upperBound,
                        Self.isQuote(bytes[index])
                    {
                        return true
                    }
                }
            }
            return false
        }
    }
}

/// A cheap necessary condition for a `linePattern` of the shape `NAME = value` at the start of a
/// line: after blanks, an optional `export` and an optional quote, a run of name bytes, then an
/// optional quote, blanks and `=` or `:`. Most code lines (`let token = …`) fail at the second word.
public struct LineAssignmentGate: Sendable {
    private let name: [Bool]

    /// `nameBytes` lists the bytes a name may hold (both cases when the pattern ignores case).
    init(nameBytes: String) {
        var table = [Bool](repeating: false, count: 256)
        for byte in nameBytes.utf8 { table[Int(byte)] = true }
        precondition(
            !table[0x20] && !table[0x09] && !table[0x3D] && !table[0x3A] && !table[0x22] && !table[0x27],
            "blanks, quotes and operators end a name")
        name = table
    }

    static let export = Array("export".utf8)

    func admits(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        if assignment(bytes, from: index, to: range.upperBound) { return true }
        // `export NAME=…`: the same after the word and its blanks.
        let word = Self.export
        guard range.upperBound - index > word.count,
            (0..<word.count).allSatisfy({ bytes[index + $0] | 0x20 == word[$0] }),
            bytes[index + word.count] == 0x20 || bytes[index + word.count] == 0x09
        else { return false }
        index += word.count
        while index < range.upperBound && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        return assignment(bytes, from: index, to: range.upperBound)
    }

    private func assignment(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        if index < end && (bytes[index] == 0x22 || bytes[index] == 0x27) { index += 1 }
        let nameStart = index
        while index < end && name[Int(bytes[index])] { index += 1 }
        guard index > nameStart else { return false }
        if index < end && (bytes[index] == 0x22 || bytes[index] == 0x27) { index += 1 }
        while index < end && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        return index < end && (bytes[index] == 0x3D || bytes[index] == 0x3A)
    }
}

/// Shannon entropy and placeholder heuristics shared by the rules.
enum SecretHeuristics {
    /// Bits per byte of `bytes` (0 for empty input).
    static func shannonEntropy<C: Collection>(_ bytes: C) -> Double where C.Element == UInt8 {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        var entropy = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / total
            entropy -= p * log2(p)
        }
        return entropy
    }

    /// Words that mark documentation values (`AKIA…EXAMPLE`, `your_api_key`, `xxxxxxxx`).
    static let placeholderMarkers: [[UInt8]] = [
        "example", "xxxxxx", "placeholder", "changeme", "change_me", "dummy", "your_", "your-",
        "<your", "redacted", "000000000000", "123456789", "abcdefgh", "insert", "replace",
    ].map { Array($0.utf8) }

    /// True when the secret looks like a documentation placeholder rather than a credential.
    static func isPlaceholder(_ secret: [UInt8]) -> Bool {
        let lower = secret.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for marker in placeholderMarkers where ByteSearch.contains(lower, marker) { return true }
        return false
    }

    /// Passwords that are documentation, not credentials (compared case-insensitively).
    static let placeholderPasswords: Set<String> = [
        "password", "passwd", "pass", "pwd", "secret", "token", "x", "xxx", "user", "changeme", "%s", "%v",
    ]

    /// The password of `scheme://user:password@host` is a literal value: not empty, not a
    /// variable (`$VAR`, `${…}`, `{name}`, `%(name)s`), a `<placeholder>`, stars or a bare word.
    static func hasRealPassword(inURL url: [UInt8]) -> Bool {
        guard let scheme = ByteSearch.firstRange(of: Array("://".utf8), in: url[...]),
            let at = url.lastIndex(of: UInt8(ascii: "@"))
        else { return false }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let password = Array(userInfo[(colon + 1)...])
        guard let first = password.first else { return false }
        if [UInt8(ascii: "$"), UInt8(ascii: "<"), UInt8(ascii: "{")].contains(first) { return false }
        if password.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) { return false }
        if password.allSatisfy({ $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") }) {
            return false
        }
        if password.starts(with: Array("%(".utf8)) { return false }
        return !placeholderPasswords.contains(String(decoding: password, as: UTF8.self).lowercased())
    }

    static func hasDigit(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 >= 0x30 && $0 <= 0x39 } }
    static func hasLetter(_ bytes: [UInt8]) -> Bool {
        bytes.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
    }
}

/// Deterministic fake tokens for rule examples: assembled at runtime so no literal token sits
/// in the source tree (push protection and our own scan stay quiet), yet format-valid.
enum FakeToken {
    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    static let lower = Array("abcdefghijklmnopqrstuvwxyz".utf8)
    static let digits = Array("0123456789".utf8)
    static let alnum = upper + lower + digits
    static let hexLower = Array("0123456789abcdef".utf8)
    static let base64 = alnum + Array("+/".utf8)
    static let base64URL = alnum + Array("-_".utf8)
    static let base32Upper = upper + Array("234567".utf8)

    /// `count` characters drawn from `alphabet` by a SplitMix64 stream seeded with `seed`.
    static func make(_ alphabet: [UInt8], _ count: Int, seed: UInt64) -> String {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        var out = [UInt8]()
        out.reserveCapacity(count)
        for _ in 0..<count {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            out.append(alphabet[Int(z % UInt64(alphabet.count))])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func alnum(_ count: Int, _ seed: UInt64) -> String { make(alnum, count, seed: seed) }
    static func letters(_ count: Int, _ seed: UInt64) -> String { make(upper + lower, count, seed: seed) }
    static func hex(_ count: Int, _ seed: UInt64) -> String { make(hexLower, count, seed: seed) }
    static func b64(_ count: Int, _ seed: UInt64) -> String { make(base64, count, seed: seed) }
    static func b64url(_ count: Int, _ seed: UInt64) -> String { make(base64URL, count, seed: seed) }
    static func base32(_ count: Int, _ seed: UInt64) -> String { make(base32Upper, count, seed: seed) }
    static func digits(_ count: Int, _ seed: UInt64) -> String { make(digits, count, seed: seed) }
}

extension SecretHeuristics {
    /// A dotted identifier path (`Self.signingKey2`) or a SCREAMING_SNAKE constant: code, not a literal.
    static func looksLikeCode(_ bytes: [UInt8]) -> Bool {
        func isIdentifierStart(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == 0x5F }
        func isIdentifier(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39) }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if parts.count > 1,
            parts.allSatisfy({ part in part.first.map(isIdentifierStart) == true && part.allSatisfy(isIdentifier) })
        {
            return true
        }
        let constant = bytes.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        return constant && bytes.contains(0x5F)
    }

    /// Length of the longest run of base64 alphabet bytes; real key material has long runs.
    static func longestBase64Run(_ bytes: [UInt8]) -> Int {
        var best = 0
        var run = 0
        for byte in bytes {
            let isBase64 =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2F
            if isBase64 {
                run += 1
                best = max(best, run)
            } else {
                run = 0
            }
        }
        return best
    }
}
