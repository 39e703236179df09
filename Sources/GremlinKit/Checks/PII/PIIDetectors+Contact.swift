// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

// MARK: - Contact detectors: email, phone, IPv4

extension PIIScanner {
    /// `local@domain.tld` around the `@` at `at`: returns the match's start and end.
    static func email(_ p: UnsafeBufferPointer<UInt8>, at: Int) -> (start: Int, end: Int)? {
        func localChar(_ b: UInt8) -> Bool {
            isAlnum(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "%")
                || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
        }
        var start = at
        while start > 0, at - start < 64, localChar(p[start - 1]) { start -= 1 }
        while start < at, !isAlnum(p[start]) { start += 1 }  // a local part starts with a letter or digit
        guard start < at else { return nil }
        var end = at + 1
        var lastDot = -1
        var labelLength = 0
        while end < p.count, end - at < 254 {
            let b = p[end]
            if isAlnum(b) || b == UInt8(ascii: "-") {
                labelLength += 1
            } else if b == UInt8(ascii: ".") {
                guard labelLength > 0, end + 1 < p.count, isAlnum(p[end + 1]) else { break }
                lastDot = end
                labelLength = 0
            } else {
                break
            }
            end += 1
        }
        guard lastDot > at + 1, end - lastDot - 1 >= 2 else { return nil }
        var tld: [UInt8] = []
        for k in (lastDot + 1)..<end {
            guard isAlpha(p[k]) else { return nil }
            tld.append(lower(p[k]))
        }
        // `icon@2x.png` is a file name, not an address.
        if ["png", "jpg", "jpeg", "gif", "svg", "webp"].contains(String(decoding: tld, as: UTF8.self)) { return nil }
        return (start, end)
    }

    /// A NANP number: `(212) 555-0123`, `212-555-0123`, `212.555.0123`, `212 555 0123`, with an
    /// optional `+1`/`1` prefix. Area and exchange start with 2–9 and are not N11 service codes.
    static func phone(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        let n = p.count
        var i = start
        func isSep(_ b: UInt8) -> Bool { b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: " ") }
        func nxx(_ at: Int) -> Bool {
            guard let value = digits(p, at, 3) else { return false }
            return value >= 200 && value % 100 != 11
        }
        if p[i] == UInt8(ascii: "+") {
            guard i + 2 < n, p[i + 1] == UInt8(ascii: "1") else { return nil }
            i += 2
            if i < n, isSep(p[i]) { i += 1 }
        } else if p[i] == UInt8(ascii: "1"), i + 1 < n, isSep(p[i + 1]) || p[i + 1] == UInt8(ascii: "(") {
            i += isSep(p[i + 1]) ? 2 : 1
        }
        guard i < n else { return nil }
        var separator: UInt8?
        if p[i] == UInt8(ascii: "(") {
            guard nxx(i + 1), i + 4 < n, p[i + 4] == UInt8(ascii: ")") else { return nil }
            i += 5
            if i < n, p[i] == UInt8(ascii: " ") { i += 1 }
        } else {
            guard nxx(i), i + 3 < n, isSep(p[i + 3]) else { return nil }
            separator = p[i + 3]
            i += 4
        }
        guard nxx(i), i + 3 < n else { return nil }
        let second = p[i + 3]
        guard isSep(second), separator == nil || separator == second else { return nil }
        guard digits(p, i + 4, 4) != nil, rightBoundary(p, i + 8) else { return nil }
        return i + 8
    }

    /// Four dotted octets 0–255 without leading zeros, not a version number (`v1.2.3.4`,
    /// `version 2.0.1.3`, a first octet of 0, or a fifth component).
    static func ipv4(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var i = start
        for part in 0..<4 {
            var length = 0
            var value = 0
            while i < p.count, isDigit(p[i]), length < 4 {
                value = value * 10 + Int(p[i] - 48)
                length += 1
                i += 1
            }
            guard (1...3).contains(length), value <= 255, !(length > 1 && p[i - length] == UInt8(ascii: "0")) else {
                return nil
            }
            if part == 0, value == 0 { return nil }
            if part < 3 {
                guard i < p.count, p[i] == UInt8(ascii: ".") else { return nil }
                i += 1
            }
        }
        guard rightBoundary(p, i), !versionCue(p, before: start) else { return nil }
        return i
    }

    /// Whether a version word (`version`, `ver`, `release`, `build`, `firmware`, `rev`) ends
    /// within a few bytes before `start`.
    static func versionCue(_ p: UnsafeBufferPointer<UInt8>, before start: Int) -> Bool {
        var end = start
        while end > 0, end > start - 4, !isAlpha(p[end - 1]) { end -= 1 }
        var begin = end
        while begin > 0, end - begin < 12, isAlpha(p[begin - 1]) { begin -= 1 }
        guard begin < end else { return false }
        let word = String(decoding: (begin..<end).map { lower(p[$0]) }, as: UTF8.self)
        return ["version", "ver", "v", "release", "build", "firmware", "rev", "revision", "tag", "release_version"]
            .contains(word) || word.hasSuffix("version")
    }
}
