// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// What the first lines of a file say about its license.
public struct HeaderInspection: Sendable, Equatable {
    /// Why a file is not inspected at all.
    public enum Skip: String, Sendable, CaseIterable {
        case binary, generated
        case lfsPointer = "lfs-pointer"
        case symlink, submodule
    }

    /// The SPDX expression found, and its line.
    public var spdx: (expression: String, line: Int)?
    /// The line of the first copyright match.
    public var copyrightLine: Int?
    public var skip: Skip?
    /// A second, different SPDX expression in the header region (a file cannot be under two).
    public var otherSPDX: (expression: String, line: Int)?

    public static func == (lhs: HeaderInspection, rhs: HeaderInspection) -> Bool {
        lhs.spdx?.expression == rhs.spdx?.expression && lhs.spdx?.line == rhs.spdx?.line
            && lhs.copyrightLine == rhs.copyrightLine && lhs.skip == rhs.skip
            && lhs.otherSPDX?.expression == rhs.otherSPDX?.expression && lhs.otherSPDX?.line == rhs.otherSPDX?.line
    }
}

/// The policy's header rule: which SPDX ids and copyright line are required within how many lines.
public struct HeaderRule: Sendable {
    public var withinLines: Int
    /// Allowed SPDX license ids; empty means SPDX is not required.
    public var spdx: [String]
    /// The copyright regex, searched within a line; nil means not required.
    public var copyright: NSRegularExpression? {
        didSet {
            copyrightLiteral = Self.requiredLiteral(copyright)
            copyrightIsLiteral = Self.isLiteral(copyright)
        }
    }
    /// Bytes every match of `copyright` starts with: a line without them cannot match, so the
    /// regex (a String and an ICU call per line) runs only on lines that contain them.
    private(set) var copyrightLiteral: [UInt8]?
    /// Whether `copyrightLiteral` is the whole pattern: then on an ASCII line the regex's matches
    /// are exactly the literal's leftmost non-overlapping occurrences, found without ICU.
    private(set) var copyrightIsLiteral = false

    public init(withinLines: Int, spdx: [String], copyright: NSRegularExpression?) {
        self.withinLines = withinLines
        self.spdx = spdx
        self.copyright = copyright
        copyrightLiteral = Self.requiredLiteral(copyright)
        copyrightIsLiteral = Self.isLiteral(copyright)
    }

    /// True when `regex`'s whole pattern is its `requiredLiteral` (see `copyrightIsLiteral`):
    /// plain characters and escaped punctuation only, no `^`, nothing dropped.
    static func isLiteral(_ regex: NSRegularExpression?) -> Bool {
        literalRun(regex)?.whole ?? false
    }

    /// The literal text every match of `regex` begins with, or nil when that cannot be proven.
    ///
    /// Only the plainest case counts: no option that changes how literals match (case folding,
    /// comments, literal mode), no `|` anywhere (an alternative may start differently), then an
    /// optional `^` and a run of characters that are literal in ICU outside a set (ASCII letters,
    /// digits, space and `-_:,;/@'"<>=!%&~`, and the metacharacters `\()[]{}.*+?^$/` escaped with
    /// a backslash, which ICU matches as themselves). The run stops at anything else; its last
    /// character is dropped when a quantifier follows (`?`, `*`, `{0}` may make it absent). Since
    /// these characters are ASCII, they appear in a line's bytes exactly when they appear in its
    /// (lossily decoded) text.
    static func requiredLiteral(_ regex: NSRegularExpression?) -> [UInt8]? {
        literalRun(regex)?.literal
    }

    /// The literal of `requiredLiteral`, and whether it is the whole pattern.
    private static func literalRun(_ regex: NSRegularExpression?) -> (literal: [UInt8], whole: Bool)? {
        guard let regex else { return nil }
        let harmless: NSRegularExpression.Options = [
            .anchorsMatchLines, .dotMatchesLineSeparators,
            .useUnixLineSeparators, .useUnicodeWordBoundaries,
        ]
        guard regex.options.subtracting(harmless).isEmpty else { return nil }
        var pattern = Array(regex.pattern.utf8)
        guard !pattern.contains(UInt8(ascii: "|")) else { return nil }
        var anchored = false
        if pattern.first == UInt8(ascii: "^") {
            pattern.removeFirst()
            anchored = true
        }
        let punctuation = Set("-_:,;/@'\"<>=!%&~ ".utf8)
        let escapable = Set("\\()[]{}.*+?^$/".utf8)
        var literal: [UInt8] = []
        var next = 0
        while next < pattern.count {
            let byte = pattern[next]
            if byte == UInt8(ascii: "\\") {
                guard next + 1 < pattern.count, escapable.contains(pattern[next + 1]) else { break }
                literal.append(pattern[next + 1])
                next += 2
                continue
            }
            let plain =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || punctuation.contains(byte)
            guard plain else { break }
            literal.append(byte)
            next += 1
        }
        var dropped = false
        if !literal.isEmpty, next < pattern.count,
            [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{")].contains(pattern[next])
        {
            literal.removeLast()
            dropped = true
        }
        guard !literal.isEmpty else { return nil }
        return (literal, !anchored && !dropped && next == pattern.count)
    }

    /// How many bytes of a file are enough to see `withinLines` lines in the common case.
    public var prefixBytes: Int { max(4096, withinLines * 200) }

    static let spdxTag = Array("SPDX-License-Identifier:".utf8)
    static let generatedTag = Array("@generated".utf8)

    /// Reads the header region of `bytes` (a prefix of the file is enough) in the comment syntax
    /// of its language: an SPDX tag, a copyright match or an `@generated` marker counts only inside
    /// a comment (see `CommentSyntax`). A first line that is a shebang or an XML declaration is
    /// skipped (it still counts towards `withinLines`).
    public func inspect(_ bytes: ArraySlice<UInt8>, syntax: CommentSyntax = .unknown) -> HeaderInspection {
        var result = HeaderInspection()
        if LFSPointer.isPointer(bytes) {
            result.skip = .lfsPointer
            return result
        }
        if TextProbe.isBinary(bytes) {
            result.skip = .binary
            return result
        }
        var lineNumber = 0
        var start = bytes.startIndex
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        var state = CommentSyntax.State.code
        while start < bytes.endIndex, lineNumber < withinLines {
            lineNumber += 1
            // LF, CRLF and a lone CR all end a line.
            let end = bytes[start...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? bytes.endIndex
            let line = bytes[start..<end]
            let preamble =
                lineNumber == 1 && (line.starts(with: Self.shebang) || line.starts(with: Self.xmlDeclaration))
            let comments = preamble ? [] : syntax.commentRanges(line, state: &state)
            if !comments.isEmpty {
                inspect(line: line, number: lineNumber, comments: comments, into: &result)
                if result.skip != nil { return result }
            }
            if end < bytes.endIndex, bytes[end] == 0x0D, bytes.index(after: end) < bytes.endIndex,
                bytes[bytes.index(after: end)] == 0x0A
            {
                start = bytes.index(end, offsetBy: 2)
            } else {
                start = end < bytes.endIndex ? bytes.index(after: end) : end
            }
        }
        return result
    }

    static let shebang = Array("#!".utf8)
    static let xmlDeclaration = Array("<?xml".utf8)

    /// Looks for the header parts inside the comment ranges (offsets into `line`) of one line.
    private func inspect(
        line: ArraySlice<UInt8>, number lineNumber: Int, comments: [Range<Int>], into result: inout HeaderInspection
    ) {
        let base = line.startIndex
        func comment(containing offset: Int) -> Range<Int>? { comments.first { $0.contains(offset) } }
        /// Every occurrence of `tag` that starts inside a comment, with that comment.
        func occurrences(_ tag: [UInt8]) -> [(Int, Range<Int>)] {
            var found: [(Int, Range<Int>)] = []
            var from = base
            while from < line.endIndex, let range = ByteSearch.firstRange(of: tag, in: line[from...]) {
                let offset = range.lowerBound - base
                if let comment = comment(containing: offset) { found.append((offset, comment)) }
                from = range.lowerBound + 1
            }
            return found
        }
        if !occurrences(Self.generatedTag).isEmpty {
            result.skip = .generated
            return
        }
        if let (offset, comment) = occurrences(Self.spdxTag).first {
            let text = line[(base + offset + Self.spdxTag.count)..<(base + comment.upperBound)]
            let expression = Self.cleanExpression(String(decoding: text, as: UTF8.self))
            if result.spdx == nil {
                result.spdx = (expression, lineNumber)
            } else if result.otherSPDX == nil, expression != result.spdx?.expression {
                result.otherSPDX = (expression, lineNumber)
            }
        }
        if result.copyrightLine == nil, let copyright, copyrightLiteral.map({ ByteSearch.contains(line, $0) }) ?? true {
            let whole = comments.count == 1 && comments[0] == 0..<line.count
            if copyrightIsLiteral, let literal = copyrightLiteral, line.allSatisfy({ $0 < 0x80 }) {
                var from = base
                while from < line.endIndex, let range = ByteSearch.firstRange(of: literal, in: line[from...]) {
                    if whole || comment(containing: range.lowerBound - base) != nil {
                        result.copyrightLine = lineNumber
                        break
                    }
                    from = range.upperBound
                }
                return
            }
            let text = String(decoding: line, as: UTF8.self)
            for match in copyright.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard !whole else {
                    result.copyrightLine = lineNumber
                    break
                }
                guard let range = Range(match.range, in: text) else { continue }
                if comment(containing: text.utf8.distance(from: text.startIndex, to: range.lowerBound)) != nil {
                    result.copyrightLine = lineNumber
                    break
                }
            }
        }
    }

    /// The problems of an inspected file under this rule (empty: compliant).
    public func problems(_ inspection: HeaderInspection) -> [(rule: String, message: String)] {
        var problems: [(String, String)] = []
        let needsSPDX = !spdx.isEmpty
        let needsCopyright = copyright != nil
        let spdxMissing = needsSPDX && inspection.spdx == nil
        let copyrightMissing = needsCopyright && inspection.copyrightLine == nil
        if spdxMissing && (copyrightMissing || !needsCopyright) {
            let what = needsCopyright ? "an SPDX-License-Identifier or a copyright line" : "an SPDX-License-Identifier"
            problems.append(
                ("ip.missing-header", "no license header: \(what) is required within the first \(withinLines) lines"))
            return problems
        }
        if copyrightMissing && !needsSPDX {
            problems.append(
                ("ip.missing-header", "no copyright line matching the policy within the first \(withinLines) lines"))
            return problems
        }
        if spdxMissing {
            problems.append(("ip.missing-spdx", "no SPDX-License-Identifier within the first \(withinLines) lines"))
        } else if needsSPDX, let found = inspection.spdx {
            let ids = Self.licenseIDs(found.expression)
            let disallowed = ids.filter { !spdx.contains($0) }
            if ids.isEmpty || !disallowed.isEmpty {
                let shown = found.expression.isEmpty ? "(empty)" : found.expression
                problems.append(
                    (
                        "ip.license-not-allowed",
                        "SPDX license \(shown) on line \(found.line) is not allowed (policy allows \(spdx.joined(separator: ", ")))"
                    ))
            }
        }
        if copyrightMissing {
            problems.append(
                ("ip.missing-copyright", "no copyright line matching the policy within the first \(withinLines) lines"))
        }
        if let first = inspection.spdx, let other = inspection.otherSPDX {
            problems.append(
                (
                    "ip.conflicting-spdx",
                    "line \(other.line) says SPDX \(InputExcerpt.short(other.expression)) but line \(first.line) says "
                        + "\(InputExcerpt.short(first.expression)): a file is under one license expression — keep the true one"
                ))
        }
        return problems
    }

    /// The license ids of an SPDX expression (`Apache-2.0 OR MIT` → both), without operators and parentheses.
    static func licenseIDs(_ expression: String) -> [String] {
        expression.replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " ")
            .split(whereSeparator: \.isWhitespace).map(String.init)
            .filter { !["AND", "OR", "WITH", "and", "or", "with"].contains($0) }
    }

    /// Drops comment closers and trailing noise after the expression (`*/`, `-->`, `#}`).
    static func cleanExpression(_ text: String) -> String {
        var expression = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for closer in ["*/", "-->", "#}", "--}}", "*)", "%>"] where expression.hasSuffix(closer) {
            expression = String(expression.dropLast(closer.count)).trimmingCharacters(in: .whitespaces)
        }
        return expression
    }
}
