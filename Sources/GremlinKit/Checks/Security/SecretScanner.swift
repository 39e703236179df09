// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// One secret found in a blob: where, which rule, a redacted preview and a stable fingerprint.
///
/// Redaction by construction: the value itself is never stored, only its byte range in the
/// scanned blob (internal, not encoded) so callers holding the blob can still locate it.
public struct SecretMatch: Sendable, Hashable, Encodable {
    /// Rule id, e.g. `github-pat`.
    public let rule: String
    /// Path of the scanned blob, as the caller named it.
    public let path: String
    /// 1-based line of the secret's first byte.
    public let line: Int
    /// 1-based column of the secret's first byte, counted in bytes.
    public let column: Int
    /// The first 4 characters of the secret followed by `…`.
    public let preview: String
    /// Hex of sha256(rule id + ":" + secret), truncated to 32 digits; independent of the location.
    public let fingerprint: String
    /// Byte offsets of the secret inside the scanned blob.
    let secretRange: Range<Int>
    /// How the secret was hidden when it was not plain text (`base64-encoded`, the printable
    /// text of a binary file); `nil` for a plain match.
    public internal(set) var via: String? = nil

    enum CodingKeys: String, CodingKey {
        case rule, path, line, column, preview, fingerprint, via
    }

    /// The finding the `security` check reports for this match.
    public var finding: Finding {
        Finding(
            rule: "security.\(rule)",
            message: "\(label): remove it, rotate the credential, "
                + "or add the fingerprint to the secrets baseline if it is not a credential",
            location: location,
            fingerprint: fingerprint)
    }

    /// `RULE secret PREVIEW (fingerprint F)`, or `(fingerprint F; base64-encoded)` when it was hidden.
    public var label: String {
        "\(rule) secret \(preview) (fingerprint \(fingerprint)" + (via.map { "; \($0)" } ?? "") + ")"
    }

    /// Where it is; a match in a binary file has no line (its byte offset is in `via`).
    public var location: Location {
        line > 0 ? Location(path: path, line: line, column: column) : Location(path: path)
    }

    /// Deterministic order: path, line, column, rule.
    public static func sortedOrder(_ lhs: SecretMatch, _ rhs: SecretMatch) -> Bool {
        if lhs.path != rhs.path { return lhs.path.utf8.lexicographicallyPrecedes(rhs.path.utf8) }
        if lhs.line != rhs.line { return lhs.line < rhs.line }
        if lhs.column != rhs.column { return lhs.column < rhs.column }
        return lhs.rule < rhs.rule
    }

    /// The fingerprint of `secret` under `rule`: what the baseline stores.
    public static func fingerprint<C: Collection>(rule: String, secret: C) -> String where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: Array(rule.utf8))
        hasher.update(data: [UInt8(ascii: ":")])
        hasher.update(data: Array(secret))
        return Hex.string(hasher.finalize().prefix(16))
    }

    static func preview<C: Collection>(of secret: C) -> String where C.Element == UInt8 {
        String(decoding: secret.prefix(4), as: UTF8.self) + "…"
    }
}

/// What scanning one blob produced.
public struct SecretScanResult: Sendable {
    /// Matches to report (not suppressed inline), sorted by position.
    public var matches: [SecretMatch]
    /// Matches suppressed by `gremlin:allow` on their line.
    public var allowed: [SecretMatch]
    /// True when the blob is binary (a NUL byte in its first 8000 bytes and under 90% text
    /// there): only its printable runs were scanned, with the high-confidence rules.
    public var binary: Bool
}

/// Scans blobs for secrets with keyword-gated regex rules; immutable and safe to share across threads.
public struct SecretScanner: Sendable {
    /// The rules, in priority order.
    public let rules: [SecretRule]
    private let compiled: [CompiledRegex]
    private let automaton: KeywordAutomaton
    private let multilineMask: UInt64
    /// Every rule, and the rules with a fixed prefix or structure (`SecretRule.highConfidence`).
    let allRulesMask: UInt64
    let highConfidenceMask: UInt64

    /// Bytes of the inline suppression marker.
    static let allowMarker = Array("gremlin:allow".utf8)
    /// How far into a blob to look for a NUL byte when deciding it is binary (git's heuristic).
    static let binaryProbeLength = TextProbe.probeLength

    /// Compiles `rules` once; throws when a rule's regex does not compile or there are over 64 rules.
    public init(rules: [SecretRule] = SecretRule.builtIn) throws {
        guard rules.count <= 64 else { throw SecretScannerError.tooManyRules(rules.count) }
        var compiled: [CompiledRegex] = []
        for rule in rules {
            guard !rule.keywords.isEmpty else { throw SecretScannerError.noKeywords(rule: rule.id) }
            do {
                compiled.append(
                    CompiledRegex(
                        try NSRegularExpression(pattern: rule.pattern),
                        anchored: try rule.linePattern.map { try NSRegularExpression(pattern: $0) }))
            } catch {
                throw SecretScannerError.badPattern(rule: rule.id, reason: "\(error)")
            }
        }
        self.rules = rules
        self.compiled = compiled
        self.automaton = KeywordAutomaton(keywords: rules.map(\.keywords))
        var multiline: UInt64 = 0
        for (index, rule) in rules.enumerated() where rule.multiline { multiline |= 1 << UInt64(index) }
        self.multilineMask = multiline
        var high: UInt64 = 0
        for (index, rule) in rules.enumerated() where SecretRule.highConfidence.contains(rule.id) {
            high |= 1 << UInt64(index)
        }
        self.highConfidenceMask = high
        self.allRulesMask = rules.count == 64 ? ~0 : (1 << UInt64(rules.count)) - 1
    }

    /// True when `bytes` has a NUL byte in its first 8000 bytes and is not mostly text there
    /// (`TextProbe`): a stray NUL does not make a text file binary.
    public static func isBinary<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        TextProbe.isBinary(bytes)
    }

    /// Scans one blob; `path` is only recorded in the matches. A text blob is scanned in full
    /// with every rule, a binary one in its printable runs with the high-confidence rules; base64
    /// runs that decode to text are scanned too (`SecretScanner+Encoded.swift`).
    public func scan(_ bytes: [UInt8], path: String) -> SecretScanResult {
        var budget = Self.decodeBudget
        let binary = Self.isBinary(bytes)
        let candidates =
            binary
            ? binaryCandidates(bytes, path: path, budget: &budget)
            : textCandidates(bytes, path: path, mask: allRulesMask, depth: 0, budget: &budget)
        var matches: [SecretMatch] = []
        var allowed: [SecretMatch] = []
        for candidate in candidates {
            if candidate.allowed { allowed.append(candidate.match) } else { matches.append(candidate.match) }
        }
        matches.sort(by: SecretMatch.sortedOrder)
        allowed.sort(by: SecretMatch.sortedOrder)
        return SecretScanResult(matches: matches, allowed: allowed, binary: binary)
    }

    struct Candidate {
        var match: SecretMatch
        var allowed: Bool
        var generic: Bool
        var ruleIndex: Int
    }

    /// Scans `buffer` line by line with the rules in `mask`.
    func scanBuffer(
        _ buffer: UnsafeBufferPointer<UInt8>, path: String, mask: UInt64,
        into candidates: inout [Candidate]
    ) {
        let single = ~multilineMask & mask
        let count = buffer.count
        var blobMask: UInt64 = 0
        var lineMask: UInt64 = 0
        var lineStart = 0
        var lineNumber = 1
        var row: UInt32 = 0
        automaton.packed.withUnsafeBufferPointer { table in
            automaton.ruleMasks.withUnsafeBufferPointer { masks in
                var index = 0
                while index < count {
                    let byte = buffer[index]
                    let entry = table[Int(row | UInt32(byte))]
                    row = entry & ~0xFF
                    if entry & 1 != 0 { lineMask |= masks[Int(row >> 8)] }
                    if byte == 0x0A {
                        if lineMask & single != 0 {
                            scanLine(
                                buffer, start: lineStart, end: index, lineNumber: lineNumber,
                                mask: lineMask & single, path: path, into: &candidates)
                        }
                        blobMask |= lineMask
                        lineMask = 0
                        lineStart = index + 1
                        lineNumber += 1
                    }
                    index += 1
                }
            }
        }
        if lineStart < count, lineMask & single != 0 {
            scanLine(
                buffer, start: lineStart, end: count, lineNumber: lineNumber,
                mask: lineMask & single, path: path, into: &candidates)
        }
        blobMask |= lineMask
        if blobMask & multilineMask & mask != 0 {
            scanMultiline(buffer, mask: blobMask & multilineMask & mask, path: path, into: &candidates)
        }
    }

    /// Latin-1 view of bytes: one UTF-16 unit per byte, so regex offsets are byte offsets.
    private static func latin1String(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let slice = UnsafeBufferPointer(rebasing: buffer[start..<end])
        return String(unsafeUninitializedCapacity: slice.count * 2) { out in
            var written = 0
            for byte in slice {
                if byte < 0x80 {
                    out[written] = byte
                    written += 1
                } else {
                    out[written] = 0xC0 | (byte >> 6)
                    out[written + 1] = 0x80 | (byte & 0x3F)
                    written += 2
                }
            }
            return written
        }
    }

    /// Lines longer than this are regex-matched only in windows around their keywords: ICU
    /// walks a whole multi-megabyte line (minified JSON, test vectors) once per rule otherwise.
    static let longLine = 16 << 10
    /// A window reaches this far before a keyword's last byte (a name before `secret`) and after it.
    static let windowBefore = 512
    static let windowAfter = 1024

    private func scanLine(
        _ buffer: UnsafeBufferPointer<UInt8>, start: Int, end rawEnd: Int, lineNumber: Int,
        mask: UInt64, path: String, into candidates: inout [Candidate]
    ) {
        var end = rawEnd
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        let length = end - start
        let windows =
            length > Self.longLine
            ? keywordWindows(buffer, start: start, length: length, mask: mask)
            : [UInt64: [Range<Int>]]()
        var lineText: String?
        func text(_ window: Range<Int>) -> String {
            guard window.count == length else {
                return Self.latin1String(buffer, start + window.lowerBound, start + window.upperBound)
            }
            if let lineText { return lineText }
            let value = Self.latin1String(buffer, start, end)
            lineText = value
            return value
        }
        var found: [Candidate] = []
        var remaining = mask
        while remaining != 0 {
            let ruleIndex = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            let rule = rules[ruleIndex]
            var located: [(NSTextCheckingResult, Int)] = []
            let ranges = length > Self.longLine ? windows[1 << UInt64(ruleIndex)] ?? [] : [0..<length]
            for window in ranges {
                if let gate = rule.gate, !gate.admits(buffer, (start + window.lowerBound)..<(start + window.upperBound))
                {
                    continue
                }
                let windowText = text(window)
                for result in compiled[ruleIndex].regex.matches(
                    in: windowText, range: NSRange(location: 0, length: window.count))
                {
                    located.append((result, window.lowerBound))
                }
            }
            if let anchored = compiled[ruleIndex].anchored,
                rule.lineGate?.admits(buffer, start..<(start + min(length, Self.longLine))) ?? true
            {
                let head = 0..<min(length, Self.longLine)
                if let result = anchored.firstMatch(
                    in: text(head), options: .anchored, range: NSRange(location: 0, length: head.count))
                {
                    located.append((result, 0))
                }
            }
            for (result, shift) in located {
                let range = result.range(at: rule.secretGroup)
                guard range.location != NSNotFound, range.length > 0 else { continue }
                let lower = start + shift + range.location
                let upper = lower + range.length
                guard
                    let match = makeMatch(
                        buffer, lower..<upper, rule: rule, line: lineNumber,
                        column: shift + range.location + 1, path: path)
                else { continue }
                found.append(Candidate(match: match, allowed: false, generic: rule.generic, ruleIndex: ruleIndex))
            }
        }
        guard !found.isEmpty else { return }
        let allowed = ByteSearch.contains(UnsafeBufferPointer(rebasing: buffer[start..<end]), Self.allowMarker)
        for var candidate in Self.dropOverlaps(found) {
            candidate.allowed = allowed
            candidates.append(candidate)
        }
    }

    /// Per rule bit, merged line-relative windows around every keyword hit of that rule.
    private func keywordWindows(
        _ buffer: UnsafeBufferPointer<UInt8>, start: Int, length: Int,
        mask: UInt64
    ) -> [UInt64: [Range<Int>]] {
        var windows: [UInt64: [Range<Int>]] = [:]
        var row: UInt32 = 0
        automaton.packed.withUnsafeBufferPointer { table in
            for offset in 0..<length {
                let entry = table[Int(row | UInt32(buffer[start + offset]))]
                row = entry & ~0xFF
                guard entry & 1 != 0 else { continue }
                var hits = automaton.ruleMasks[Int(row >> 8)] & mask
                let window = max(0, offset - Self.windowBefore)..<min(length, offset + Self.windowAfter)
                while hits != 0 {
                    let bit: UInt64 = 1 << UInt64(hits.trailingZeroBitCount)
                    hits &= hits - 1
                    var list = windows[bit] ?? []
                    if let last = list.last, last.upperBound >= window.lowerBound {
                        list[list.count - 1] = last.lowerBound..<max(last.upperBound, window.upperBound)
                    } else {
                        list.append(window)
                    }
                    windows[bit] = list
                }
            }
        }
        return windows
    }

    private func scanMultiline(
        _ buffer: UnsafeBufferPointer<UInt8>, mask: UInt64, path: String,
        into candidates: inout [Candidate]
    ) {
        let text = Self.latin1String(buffer, 0, buffer.count)
        var lineStarts: [Int] = [0]
        for index in 0..<buffer.count where buffer[index] == 0x0A { lineStarts.append(index + 1) }
        var remaining = mask
        while remaining != 0 {
            let ruleIndex = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            let rule = rules[ruleIndex]
            let results = compiled[ruleIndex].regex.matches(in: text, range: NSRange(location: 0, length: buffer.count))
            for result in results {
                let range = result.range(at: rule.secretGroup)
                guard range.location != NSNotFound, range.length > 0 else { continue }
                let lower = range.location
                // Last line start <= lower.
                var low = 0
                var high = lineStarts.count - 1
                while low < high {
                    let mid = (low + high + 1) / 2
                    if lineStarts[mid] <= lower { low = mid } else { high = mid - 1 }
                }
                let lineStart = lineStarts[low]
                guard
                    let match = makeMatch(
                        buffer, lower..<(lower + range.length), rule: rule, line: low + 1,
                        column: lower - lineStart + 1, path: path)
                else { continue }
                var lineEnd = lineStart
                while lineEnd < buffer.count && buffer[lineEnd] != 0x0A { lineEnd += 1 }
                let allowed = ByteSearch.contains(
                    UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd]), Self.allowMarker)
                candidates.append(
                    Candidate(match: match, allowed: allowed, generic: rule.generic, ruleIndex: ruleIndex))
            }
        }
    }

    /// Applies entropy, placeholder and rule predicates; the secret bytes live only in this frame.
    private func makeMatch(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, rule: SecretRule,
        line: Int, column: Int, path: String
    ) -> SecretMatch? {
        let secret = Array(buffer[range])
        if let minimum = rule.minEntropy, SecretHeuristics.shannonEntropy(secret) < minimum { return nil }
        if !rule.multiline, SecretHeuristics.isPlaceholder(secret) { return nil }
        if let validate = rule.validate, !validate(secret) { return nil }
        return SecretMatch(
            rule: rule.id, path: path, line: line, column: column,
            preview: SecretMatch.preview(of: secret),
            fingerprint: SecretMatch.fingerprint(rule: rule.id, secret: secret),
            secretRange: range)
    }

    /// Keeps specific rules over generic ones (then rule order) when their secrets overlap.
    private static func dropOverlaps(_ found: [Candidate]) -> [Candidate] {
        guard found.count > 1 else { return found }
        let ordered = found.sorted {
            if $0.generic != $1.generic { return !$0.generic }
            if $0.ruleIndex != $1.ruleIndex { return $0.ruleIndex < $1.ruleIndex }
            return $0.match.secretRange.lowerBound < $1.match.secretRange.lowerBound
        }
        var kept: [Candidate] = []
        for candidate in ordered
        where !kept.contains(where: { $0.match.secretRange.overlaps(candidate.match.secretRange) }) {
            kept.append(candidate)
        }
        return kept
    }
}

/// A compiled regex; `NSRegularExpression` is immutable and documented thread-safe.
private final class CompiledRegex: @unchecked Sendable {
    let regex: NSRegularExpression
    /// The rule's line-start regex, matched with `.anchored`.
    let anchored: NSRegularExpression?
    init(_ regex: NSRegularExpression, anchored: NSRegularExpression?) {
        self.regex = regex
        self.anchored = anchored
    }
}

/// Why a scanner could not be built from its rules.
public enum SecretScannerError: Error, CustomStringConvertible, Equatable {
    case badPattern(rule: String, reason: String)
    case noKeywords(rule: String)
    case tooManyRules(Int)

    public var description: String {
        switch self {
        case .badPattern(let rule, let reason):
            return "secret rule '\(rule)': the regex does not compile (\(reason)); fix the pattern"
        case .noKeywords(let rule):
            return "secret rule '\(rule)': no keywords; every rule needs at least one keyword to gate its regex"
        case .tooManyRules(let count):
            return "\(count) secret rules given; at most 64 are supported"
        }
    }
}
