// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// What the first lines of a file say about its license.
public struct HeaderInspection: Sendable, Equatable {
    /// Why a file is not inspected at all.
    public enum Skip: String, Sendable, CaseIterable {
        case binary, generated, lfsPointer = "lfs-pointer", symlink, submodule
    }

    /// The SPDX expression found, and its line.
    public var spdx: (expression: String, line: Int)?
    /// The line of the first copyright match.
    public var copyrightLine: Int?
    public var skip: Skip?

    public static func == (lhs: HeaderInspection, rhs: HeaderInspection) -> Bool {
        lhs.spdx?.expression == rhs.spdx?.expression && lhs.spdx?.line == rhs.spdx?.line
            && lhs.copyrightLine == rhs.copyrightLine && lhs.skip == rhs.skip
    }
}

/// The policy's header rule: which SPDX ids and copyright line are required within how many lines.
public struct HeaderRule: Sendable {
    public var withinLines: Int
    /// Allowed SPDX license ids; empty means SPDX is not required.
    public var spdx: [String]
    /// The copyright regex, searched within a line; nil means not required.
    public var copyright: NSRegularExpression?

    public init(withinLines: Int, spdx: [String], copyright: NSRegularExpression?) {
        self.withinLines = withinLines
        self.spdx = spdx
        self.copyright = copyright
    }

    /// How many bytes of a file are enough to see `withinLines` lines in the common case.
    public var prefixBytes: Int { max(4096, withinLines * 200) }

    static let spdxTag = Array("SPDX-License-Identifier:".utf8)
    static let lfsMagic = Array("version https://git-lfs.github.com/spec/v1".utf8)
    static let generatedTag = Array("@generated".utf8)

    /// Reads the header region of `bytes` (a prefix of the file is enough).
    public func inspect(_ bytes: ArraySlice<UInt8>) -> HeaderInspection {
        var result = HeaderInspection()
        if bytes.starts(with: Self.lfsMagic) {
            result.skip = .lfsPointer
            return result
        }
        if bytes.prefix(8000).contains(0) {
            result.skip = .binary
            return result
        }
        var lineNumber = 0
        var start = bytes.startIndex
        while start < bytes.endIndex, lineNumber < withinLines {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let line = bytes[start..<end]
            if Self.contains(line, Self.generatedTag) {
                result.skip = .generated
                return result
            }
            if result.spdx == nil, let range = Self.find(line, Self.spdxTag) {
                let text = String(decoding: line[range.upperBound...], as: UTF8.self)
                result.spdx = (Self.cleanExpression(text), lineNumber)
            }
            if result.copyrightLine == nil, let copyright {
                let text = String(decoding: line, as: UTF8.self)
                if copyright.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                    result.copyrightLine = lineNumber
                }
            }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return result
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
            problems.append(("ip.missing-header", "no license header: \(what) is required within the first \(withinLines) lines"))
            return problems
        }
        if copyrightMissing && !needsSPDX {
            problems.append(("ip.missing-header", "no copyright line matching the policy within the first \(withinLines) lines"))
            return problems
        }
        if spdxMissing {
            problems.append(("ip.missing-spdx", "no SPDX-License-Identifier within the first \(withinLines) lines"))
        } else if needsSPDX, let found = inspection.spdx {
            let ids = Self.licenseIDs(found.expression)
            let disallowed = ids.filter { !spdx.contains($0) }
            if ids.isEmpty || !disallowed.isEmpty {
                let shown = found.expression.isEmpty ? "(empty)" : found.expression
                problems.append(("ip.license-not-allowed",
                                 "SPDX license \(shown) on line \(found.line) is not allowed (policy allows \(spdx.joined(separator: ", ")))"))
            }
        }
        if copyrightMissing {
            problems.append(("ip.missing-copyright", "no copyright line matching the policy within the first \(withinLines) lines"))
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

    static func find(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count, let first = needle.first else { return nil }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index..<(index + needle.count)
            }
            index += 1
        }
        return nil
    }

    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        find(haystack, needle) != nil
    }
}
