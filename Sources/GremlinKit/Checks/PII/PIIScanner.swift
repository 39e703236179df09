// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// Finds personal data in text, CSV and JSON-lines files, streaming line by line.
///
/// Detectors work on bytes, not regexes, so a gigabyte of notes scans at disk speed; each one
/// validates what it finds (SSN ranges, Luhn, NANP digits, IPv4 octets, calendar dates) to keep
/// false positives rare. A match reports where and which detector, never the matched text.
/// Sendable: its only reference members are `NSRegularExpression`s, which are immutable and
/// documented as safe to share between threads.
public struct PIIScanner: @unchecked Sendable {
    /// A built-in detector; the raw values are the policy's `detectors` names.
    public enum Detector: String, CaseIterable, Sendable {
        case email
        case ssn
        case phone
        case creditCard = "credit_card"
        case ipv4
        case dateOfBirth = "date_of_birth"
    }

    /// A policy pattern (`patterns: {mrn: '…'}`), with a literal every match must contain when
    /// one can be read off the regex, so lines without it skip the regex engine.
    public struct Pattern: @unchecked Sendable {
        public var name: String
        public var regex: NSRegularExpression
        public var literal: [UInt8]?

        public init(name: String, regex: NSRegularExpression) {
            self.name = name
            self.regex = regex
            self.literal = PIIScanner.requiredLiteral(regex.pattern).map { Array($0.utf8) }
        }
    }

    /// Where a detector fired: 1-based line and column (in characters).
    public struct Match: Equatable, Sendable {
        /// The detector's name, or the policy pattern's name.
        public var detector: String
        public var line: Int
        public var column: Int

        public init(detector: String, line: Int, column: Int) {
            self.detector = detector
            self.line = line
            self.column = column
        }
    }

    /// The result of scanning one file.
    public struct FileResult: Sendable {
        /// The first `limit` matches, in file order.
        public var matches: [Match]
        /// Every match, per detector, including those past the limit.
        public var counts: [String: Int]
        public var lines: Int
        public var bytes: Int
        public var sha256: String
    }

    let email, ssn, phone, card, ipv4, dob: Bool
    let patterns: [Pattern]

    public init(detectors: Set<Detector>, patterns: [Pattern] = []) {
        email = detectors.contains(.email)
        ssn = detectors.contains(.ssn)
        phone = detectors.contains(.phone)
        card = detectors.contains(.creditCard)
        ipv4 = detectors.contains(.ipv4)
        dob = detectors.contains(.dateOfBirth)
        self.patterns = patterns
    }

    // MARK: - Files

    /// Scans a file in 1 MiB chunks, hashing it on the way; `.csv`/`.tsv` files also have any
    /// date-of-birth column (by its header) checked cell by cell.
    public func scan(url: URL, display: String, limit: Int = 200) throws -> FileResult {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw InputError(file: display, key: "pii_scan", message: "pii_scan file not found or unreadable",
                             fix: "check the path; manifest paths are relative to the manifest")
        }
        defer { try? handle.close() }
        let lower = url.pathExtension.lowercased()
        let delimiter: UInt8? = lower == "csv" ? UInt8(ascii: ",") : lower == "tsv" ? UInt8(ascii: "\t") : nil
        var state = FileState(limit: limit, delimiter: delimiter)
        var hasher = SHA256()
        var carry: [UInt8] = []
        var total = 0
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw InputError(file: display, key: "pii_scan", message: "cannot read: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
            let first = total == 0
            total += chunk.count
            try chunk.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                guard let base = raw.baseAddress else { return }
                if first, memchr(base, 0, min(raw.count, 8192)) != nil {
                    throw InputError(file: display, key: "pii_scan",
                                     message: "binary content (a NUL byte); pii_scan takes UTF-8 text, CSV or JSON lines",
                                     fix: "list only text samples under pii_scan (decompress or convert others first)")
                }
                var start = 0
                while start < bytes.count {
                    guard let hit = memchr(base + start, 0x0A, bytes.count - start) else {
                        carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
                        break
                    }
                    let end = base.distance(to: UnsafeRawPointer(hit))
                    if carry.isEmpty {
                        state.line(UnsafeBufferPointer(rebasing: bytes[start..<end]), scanner: self)
                    } else {
                        carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                        carry.withUnsafeBufferPointer { state.line($0, scanner: self) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = end + 1
                }
            }
        }
        if !carry.isEmpty { carry.withUnsafeBufferPointer { state.line($0, scanner: self) } }
        return FileResult(matches: state.matches, counts: state.counts, lines: state.lineNumber, bytes: total,
                          sha256: InputFiles.hex(hasher.finalize()))
    }

    /// Scans text held in memory (tests, small inputs); same rules as files, no CSV columns.
    public func scan(text: String) -> [Match] {
        var state = FileState(limit: Int.max, delimiter: nil)
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            var start = 0
            for index in 0...buffer.count where index == buffer.count || buffer[index] == 0x0A {
                state.line(UnsafeBufferPointer(rebasing: buffer[start..<index]), scanner: self)
                start = index + 1
            }
        }
        return state.matches
    }

    /// Per-file scanning state: line numbers, the CSV date-of-birth column, results so far.
    struct FileState {
        let limit: Int
        let delimiter: UInt8?
        var lineNumber = 0
        var dobColumn: Int?
        var matches: [Match] = []
        var counts: [String: Int] = [:]

        init(limit: Int, delimiter: UInt8?) {
            self.limit = limit
            self.delimiter = delimiter
        }

        mutating func line(_ raw: UnsafeBufferPointer<UInt8>, scanner: PIIScanner) {
            lineNumber += 1
            var line = raw
            if line.count > 0, line[line.count - 1] == 0x0D { line = UnsafeBufferPointer(rebasing: line[..<(line.count - 1)]) }
            if lineNumber == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeBufferPointer(rebasing: line[3...])
            }
            var found: [(String, Int)] = []
            scanner.scanLine(line, into: &found)
            if let delimiter {
                if lineNumber == 1 {
                    dobColumn = PIIScanner.dobColumn(header: line, delimiter: delimiter)
                } else if scanner.dob, let column = dobColumn,
                          let offset = PIIScanner.dateCell(line, column: column, delimiter: delimiter),
                          !found.contains(where: { $0.0 == Detector.dateOfBirth.rawValue && $0.1 == offset }) {
                    found.append((Detector.dateOfBirth.rawValue, offset))
                }
            }
            guard !found.isEmpty else { return }
            found.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            for (detector, offset) in found {
                counts[detector, default: 0] += 1
                if matches.count < limit {
                    matches.append(Match(detector: detector, line: lineNumber,
                                         column: PIIScanner.characterColumn(line, byteOffset: offset)))
                }
            }
        }
    }

    // MARK: - One line

    /// Runs every enabled detector over one line (no newline), appending (detector, byte offset).
    func scanLine(_ p: UnsafeBufferPointer<UInt8>, into found: inout [(String, Int)]) {
        Self.byteClass.withUnsafeBufferPointer { classes in scanLine(p, classes: classes, into: &found) }
        for pattern in patterns { match(pattern, in: p, into: &found) }
    }

    private func scanLine(_ p: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>,
                          into found: inout [(String, Int)]) {
        let n = p.count
        var cueEnd = -1_000
        var i = 0
        while i < n {
            let byte = p[i]
            switch classes[Int(byte)] {
            case 1:  // digit
                guard Self.leftBoundary(p, i) else {
                    i += 1
                    continue
                }
                if let end = numeric(p, i, cueActive: i - cueEnd <= Self.cueWindow, into: &found) {
                    i = end
                } else {
                    i += 1
                    while i < n, Self.isDigit(p[i]) { i += 1 }
                }
                continue
            case 2:  // @
                if email, let start = Self.email(p, at: i) {
                    found.append((Detector.email.rawValue, start.start))
                    i = start.end
                    continue
                }
            case 3:  // ( or +
                if phone, Self.leftBoundary(p, i), let end = Self.phone(p, i) {
                    found.append((Detector.phone.rawValue, i))
                    i = end
                    continue
                }
            case 4:  // letters that can start a DOB cue or a month name
                guard dob, i == 0 || !Self.isAlnum(p[i - 1]) else { break }
                if let end = Self.cue(p, i) {
                    cueEnd = end
                    i = end
                    continue
                }
                if i - cueEnd <= Self.cueWindow, let end = Self.monthFirstDate(p, i) {
                    found.append((Detector.dateOfBirth.rawValue, i))
                    i = end
                    continue
                }
            default:
                break
            }
            i += 1
        }
    }

    /// Tries the numeric detectors at a token start; returns where the match ends.
    private func numeric(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, cueActive: Bool,
                         into found: inout [(String, Int)]) -> Int? {
        if ssn, let end = Self.ssn(p, i) {
            found.append((Detector.ssn.rawValue, i))
            return end
        }
        if dob, cueActive, let end = Self.date(p, i) {
            found.append((Detector.dateOfBirth.rawValue, i))
            return end
        }
        if phone, let end = Self.phone(p, i) {
            found.append((Detector.phone.rawValue, i))
            return end
        }
        if card, let end = Self.creditCard(p, i) {
            found.append((Detector.creditCard.rawValue, i))
            return end
        }
        if ipv4, let end = Self.ipv4(p, i) {
            found.append((Detector.ipv4.rawValue, i))
            return end
        }
        return nil
    }

    private func match(_ pattern: Pattern, in p: UnsafeBufferPointer<UInt8>, into found: inout [(String, Int)]) {
        if let literal = pattern.literal, !Self.contains(p, literal) { return }
        let text = String(decoding: p, as: UTF8.self)
        let range = NSRange(text.startIndex..., in: text)
        for result in pattern.regex.matches(in: text, range: range) where result.range.length > 0 {
            // Back from a UTF-16 offset to a byte offset, so every detector's column is computed alike.
            guard let start = Range(result.range, in: text)?.lowerBound else { continue }
            found.append((pattern.name, text.utf8.distance(from: text.startIndex, to: start)))
        }
    }

    // MARK: - Byte classes and boundaries

    static let cueWindow = 32

    /// 0 = nothing to do, 1 = digit, 2 = `@`, 3 = `(` or `+`, 4 = a letter that may start a
    /// DOB cue (d, b) or a month name (a, d, f, j, m, n, o, s).
    static let byteClass: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for digit in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(digit)] = 1 }
        table[Int(UInt8(ascii: "@"))] = 2
        table[Int(UInt8(ascii: "("))] = 3
        table[Int(UInt8(ascii: "+"))] = 3
        for letter in "abdfjmnosABDFJMNOS".utf8 { table[Int(letter)] = 4 }
        return table
    }()

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 97 < 26 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isAlpha(b) ? b | 0x20 : b }

    /// A token may start at `i`: not inside a word or number (`x1`, `3.14`, `12-5`).
    @inline(__always) static func leftBoundary(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i > 0 else { return true }
        let before = p[i - 1]
        if isAlnum(before) || before == UInt8(ascii: "_") { return false }
        if before == UInt8(ascii: "-") || before == UInt8(ascii: ".") || before == UInt8(ascii: "/") {
            return !(i >= 2 && isDigit(p[i - 2]))
        }
        return true
    }

    /// A token may end before `e`: not followed by more of a word or number.
    @inline(__always) static func rightBoundary(_ p: UnsafeBufferPointer<UInt8>, _ e: Int) -> Bool {
        guard e < p.count else { return true }
        let after = p[e]
        if isAlnum(after) || after == UInt8(ascii: "_") { return false }
        if after == UInt8(ascii: "-") || after == UInt8(ascii: ".") || after == UInt8(ascii: "/") {
            return !(e + 1 < p.count && isDigit(p[e + 1]))
        }
        return true
    }

    /// Reads exactly `count` digits at `i` as a number.
    @inline(__always) static func digits(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ count: Int) -> Int? {
        guard i + count <= p.count else { return nil }
        var value = 0
        for k in i..<(i + count) {
            let b = p[k]
            guard isDigit(b) else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value
    }

    static func contains(_ p: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= p.count, let base = p.baseAddress else { return false }
        var i = 0
        let last = p.count - needle.count
        while i <= last {
            guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return false }
            let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            var k = 1
            while k < needle.count, p[at + k] == needle[k] { k += 1 }
            if k == needle.count { return true }
            i = at + 1
        }
        return false
    }

    /// The 1-based character column of a byte offset (UTF-8 continuation bytes do not count).
    static func characterColumn(_ p: UnsafeBufferPointer<UInt8>, byteOffset: Int) -> Int {
        var column = 1
        for k in 0..<min(byteOffset, p.count) where p[k] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    // MARK: - Detectors

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

    /// `AAA-GG-SSSS` (or with spaces) outside the ranges the SSA never issues.
    static func ssn(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard i + 11 <= p.count else { return nil }
        let sep = p[i + 3]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: " "), p[i + 6] == sep,
              let area = digits(p, i, 3), let group = digits(p, i + 4, 2), let serial = digits(p, i + 7, 4),
              rightBoundary(p, i + 11) else { return nil }
        guard area != 0, area != 666, area < 900, group != 0, serial != 0 else { return nil }
        return i + 11
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

    /// 13–19 digits (single spaces or hyphens between groups of 3–6) with a card-network prefix
    /// and a valid Luhn check digit. Runs for every number in a file, so it allocates nothing.
    static func creditCard(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var i = start
        var count = 0
        var prefix = 0  // the first four digits
        var separator: UInt8 = 0
        var group = 0, groups = 0
        var groupsFit = true   // every finished group has 3–6 digits
        var allFour = true     // every finished group has 4 digits
        while i < p.count {
            let b = p[i]
            if isDigit(b) {
                guard count < 19 else { return nil }
                if count < 4 { prefix = prefix * 10 + Int(b - 48) }
                count += 1
                group += 1
                i += 1
            } else if b == UInt8(ascii: " ") || b == UInt8(ascii: "-"), group > 0, i + 1 < p.count, isDigit(p[i + 1]),
                      separator == 0 || separator == b, count < 19 {
                separator = b
                groupsFit = groupsFit && (3...6).contains(group)
                allFour = allFour && group == 4
                groups += 1
                group = 0
                i += 1
            } else {
                break
            }
        }
        guard (13...19).contains(count), rightBoundary(p, i) else { return nil }
        if groups > 0, !(groupsFit && (3...6).contains(group)) && !allFour { return nil }
        guard hasCardPrefix(prefix, length: count) else { return nil }
        // Luhn over the digits, right to left.
        var sum = 0, position = 0
        var k = i - 1
        while k >= start {
            let b = p[k]
            if isDigit(b) {
                var value = Int(b - 48)
                if position % 2 == 1 {
                    value *= 2
                    if value > 9 { value -= 9 }
                }
                sum += value
                position += 1
            }
            k -= 1
        }
        return sum % 10 == 0 ? i : nil
    }

    /// Whether digits starting with `prefix` (their first four) and `length` long look like a card
    /// of a network with that length.
    static func hasCardPrefix(_ prefix: Int, length: Int) -> Bool {
        let first = prefix / 1000, two = prefix / 100, three = prefix / 10, four = prefix
        switch first {
        case 4: return [13, 16, 19].contains(length)
        case 3:
            if two == 34 || two == 37 { return length == 15 }
            if (300...305).contains(three) || two == 36 || two == 38 || two == 39 { return (14...19).contains(length) }
            return (3528...3589).contains(four) && (16...19).contains(length)
        case 5: return (51...55).contains(two) && length == 16
        case 2: return (2221...2720).contains(four) && length == 16
        case 6:
            return (four == 6011 || (644...649).contains(three) || two == 65 || two == 62) && (16...19).contains(length)
        default: return false
        }
    }

    /// The same from a digit array (tests).
    static func hasCardPrefix(_ d: [UInt8]) -> Bool {
        guard d.count >= 4 else { return false }
        return hasCardPrefix(d.prefix(4).reduce(0) { $0 * 10 + Int($1) }, length: d.count)
    }

    /// The Luhn mod-10 check.
    static func luhn(_ d: [UInt8]) -> Bool {
        var sum = 0
        for (index, digit) in d.reversed().enumerated() {
            var value = Int(digit)
            if index % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    /// Four dotted octets 0–255 without leading zeros, not a version number (`v1.2.3.4`,
    /// `version 2.0.1.3`, a first octet of 0, or a fifth component).
    static func ipv4(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var i = start
        for part in 0..<4 {
            var length = 0, value = 0
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

    static let cues: [[UInt8]] = ["date of birth", "date_of_birth", "date-of-birth", "dateofbirth", "birth date",
                                  "birth_date", "birthdate", "birthday", "d.o.b", "dob", "born"].map { Array($0.utf8) }

    /// A DOB cue word starting at `i` (case-insensitive, whole word); returns where it ends.
    static func cue(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let first = lower(p[i])
        guard first == UInt8(ascii: "d") || first == UInt8(ascii: "b"), i + 2 < p.count else { return nil }
        // Every cue starts d-o, d-., d-a, b-o or b-i: most words stop here.
        let second = lower(p[i + 1])
        if first == UInt8(ascii: "d") {
            guard second == UInt8(ascii: "o") || second == UInt8(ascii: ".") || second == UInt8(ascii: "a") else { return nil }
        } else {
            guard second == UInt8(ascii: "o") || second == UInt8(ascii: "i") else { return nil }
        }
        for cue in cues where cue[0] == first && i + cue.count <= p.count {
            var k = 1
            while k < cue.count, lower(p[i + k]) == cue[k] { k += 1 }
            if k == cue.count, i + k == p.count || !isAlpha(p[i + k]) { return i + k }
        }
        return nil
    }

    /// A calendar date at a digit: `1961-03-04`, `1961/3/4`, `03/04/1961`, `4.3.1961`,
    /// `03-04-61`, `4 March 1961`, `04-Mar-1961`.
    static func date(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var i = start
        func number(maxLength: Int) -> (value: Int, length: Int)? {
            var value = 0, length = 0
            while i < p.count, isDigit(p[i]), length < maxLength + 1 {
                value = value * 10 + Int(p[i] - 48)
                length += 1
                i += 1
            }
            return length > 0 && length <= maxLength ? (value, length) : nil
        }
        guard let first = number(maxLength: 4), i < p.count else { return nil }
        let sep = p[i]
        if first.length == 4 {
            guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") else { return nil }
            i += 1
            guard let month = number(maxLength: 2), i < p.count, p[i] == sep else { return nil }
            i += 1
            guard let day = number(maxLength: 2), valid(year: first.value, month: month.value, day: day.value),
                  rightBoundary(p, i) else { return nil }
            return i
        }
        guard first.length <= 2 else { return nil }
        if sep == UInt8(ascii: " ") || sep == UInt8(ascii: "-"), i + 1 < p.count, isAlpha(p[i + 1]) {
            i += 1
            guard let (month, end) = monthName(p, i) else { return nil }
            i = end
            guard i < p.count, p[i] == sep else { return nil }
            i += 1
            guard let year = number(maxLength: 4), year.length == 4 || year.length == 2,
                  valid(year: fullYear(year), month: month, day: first.value), rightBoundary(p, i) else { return nil }
            return i
        }
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") else { return nil }
        i += 1
        guard let second = number(maxLength: 2), i < p.count, p[i] == sep else { return nil }
        i += 1
        guard let year = number(maxLength: 4), year.length == 4 || year.length == 2, rightBoundary(p, i) else { return nil }
        let y = fullYear(year)
        guard valid(year: y, month: first.value, day: second.value) || valid(year: y, month: second.value, day: first.value)
        else { return nil }
        return i
    }

    /// `March 4, 1961`, `Mar 4 1961` at a letter.
    static func monthFirstDate(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        guard let (month, end) = monthName(p, start) else { return nil }
        var i = end
        guard i < p.count, p[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        var day = 0, length = 0
        while i < p.count, isDigit(p[i]), length < 3 {
            day = day * 10 + Int(p[i] - 48)
            length += 1
            i += 1
        }
        guard (1...2).contains(length) else { return nil }
        if i < p.count, p[i] == UInt8(ascii: ",") { i += 1 }
        guard i < p.count, p[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let year = digits(p, i, 4), valid(year: year, month: month, day: day), rightBoundary(p, i + 4) else {
            return nil
        }
        return i + 4
    }

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"].map { Array($0.utf8) }

    /// A month name (full or three letters, any case) at `i`: its number and end.
    static func monthName(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        var end = i
        while end < p.count, isAlpha(p[end]), end - i < 10 { end += 1 }
        let length = end - i
        guard length >= 3 else { return nil }
        for (index, month) in months.enumerated() where length == 3 || length == month.count {
            guard length <= month.count else { continue }
            var k = 0
            while k < length, lower(p[i + k]) == month[k] { k += 1 }
            if k == length { return (index + 1, end) }
        }
        return nil
    }

    static func fullYear(_ year: (value: Int, length: Int)) -> Int {
        year.length == 4 ? year.value : 1900 + year.value
    }

    static func valid(year: Int, month: Int, day: Int) -> Bool {
        guard (1900...2099).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let lengths = [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    // MARK: - CSV date-of-birth columns

    static let dobHeaders: Set<String> = ["dob", "dateofbirth", "birthdate", "birthday", "born", "bornon", "birth"]

    /// The index of a header cell naming a date of birth (`dob`, `date_of_birth`, `Birth Date`…).
    static func dobColumn(header: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Int? {
        for (index, range) in cells(header, delimiter: delimiter).enumerated() {
            let name = String(decoding: header[range].filter(isAlnum).map(lower), as: UTF8.self)
            if dobHeaders.contains(name) { return index }
        }
        return nil
    }

    /// The byte offset of the cell at `column` when it holds a date.
    static func dateCell(_ line: UnsafeBufferPointer<UInt8>, column: Int, delimiter: UInt8) -> Int? {
        let all = cells(line, delimiter: delimiter)
        guard column < all.count else { return nil }
        var range = all[column]
        while range.lowerBound < range.upperBound, line[range.lowerBound] == 0x20 || line[range.lowerBound] == UInt8(ascii: "\"") {
            range = (range.lowerBound + 1)..<range.upperBound
        }
        while range.lowerBound < range.upperBound, line[range.upperBound - 1] == 0x20 || line[range.upperBound - 1] == UInt8(ascii: "\"") {
            range = range.lowerBound..<(range.upperBound - 1)
        }
        guard !range.isEmpty else { return nil }
        let cell = UnsafeBufferPointer(rebasing: line[range])
        if isDigit(cell[0]), let end = date(cell, 0), end == cell.count { return range.lowerBound }
        if isAlpha(cell[0]), let end = monthFirstDate(cell, 0), end == cell.count { return range.lowerBound }
        return nil
    }

    /// Cell byte ranges of one delimited line; quotes protect delimiters (RFC 4180).
    static func cells(_ line: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        var quoted = false
        for index in 0..<line.count {
            let b = line[index]
            if b == UInt8(ascii: "\"") { quoted.toggle() }
            else if b == delimiter && !quoted {
                result.append(start..<index)
                start = index + 1
            }
        }
        result.append(start..<line.count)
        return result
    }

    // MARK: - Literal prefilter for policy patterns

    /// A literal every match of `pattern` must contain, when one can be read off safely: the
    /// longest run of plain characters outside groups and classes, with no top-level
    /// alternation or inline flags. nil means "run the regex on every line".
    static func requiredLiteral(_ pattern: String) -> String? {
        let chars = Array(pattern)
        if pattern.contains("(?") { return nil }
        var depth = 0
        var inClass = false
        var index = 0
        var best = ""
        var run = ""
        func finish() {
            if run.count > best.count { best = run }
            run = ""
        }
        while index < chars.count {
            let c = chars[index]
            if inClass {
                if c == "\\" { index += 1 } else if c == "]" { inClass = false }
                index += 1
                continue
            }
            switch c {
            case "\\":
                guard index + 1 < chars.count else { return nil }
                let next = chars[index + 1]
                if depth == 0, !next.isLetter, !next.isNumber {
                    run.append(next)
                } else {
                    finish()
                }
                index += 2
                continue
            case "[":
                finish()
                inClass = true
            case "(":
                finish()
                depth += 1
            case ")":
                depth -= 1
            case "|":
                if depth == 0 { return nil }
            case "*", "?":
                if !run.isEmpty { run.removeLast() }
                finish()
            case "{":
                let rest = chars[(index + 1)...].prefix { $0 != "}" }
                if rest.first == "0" || rest.first == "," { if !run.isEmpty { run.removeLast() } }
                finish()
                index += rest.count + 1
            case "+", ".", "^", "$":
                finish()
            default:
                if depth == 0 { run.append(c) } else { finish() }
            }
            index += 1
        }
        finish()
        return best.isEmpty ? nil : best
    }
}
