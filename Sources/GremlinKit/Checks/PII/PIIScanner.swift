// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

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
            throw InputError(
                file: display, key: "pii_scan", message: "pii_scan file not found or unreadable",
                fix: "check the path; manifest paths are relative to the manifest")
        }
        defer { try? handle.close() }
        return try scan(handle: handle, pathExtension: url.pathExtension, display: display, limit: limit)
    }

    /// Scans an open file (as `scan(url:)`), e.g. one `InputFiles.open` checked.
    public func scan(handle: FileHandle, pathExtension: String, display: String, limit: Int = 200) throws -> FileResult
    {
        let lower = pathExtension.lowercased()
        let delimiter: UInt8? = lower == "csv" ? UInt8(ascii: ",") : lower == "tsv" ? UInt8(ascii: "\t") : nil
        var state = FileState(limit: limit, delimiter: delimiter)
        var carry: [UInt8] = []
        let readError = { (error: any Error) -> any Error in
            InputError(file: display, key: "pii_scan", message: "cannot read: \(error.localizedDescription)")
        }
        let digest = try FileDigest.sha256(streaming: handle, readError: readError) { chunk, offset in
            try chunk.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                guard let base = raw.baseAddress else { return }
                if offset == 0, memchr(base, 0, min(raw.count, 8192)) != nil {
                    throw InputError(
                        file: display, key: "pii_scan",
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
            return true
        }
        if !carry.isEmpty { carry.withUnsafeBufferPointer { state.line($0, scanner: self) } }
        return FileResult(
            matches: state.matches, counts: state.counts, lines: state.lineNumber, bytes: digest.bytes,
            sha256: digest.sha256)
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
            if line.count > 0, line[line.count - 1] == 0x0D {
                line = UnsafeBufferPointer(rebasing: line[..<(line.count - 1)])
            }
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
                    !found.contains(where: { $0.0 == Detector.dateOfBirth.rawValue && $0.1 == offset })
                {
                    found.append((Detector.dateOfBirth.rawValue, offset))
                }
            }
            guard !found.isEmpty else { return }
            found.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            for (detector, offset) in found {
                counts[detector, default: 0] += 1
                if matches.count < limit {
                    matches.append(
                        Match(
                            detector: detector, line: lineNumber,
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

    private func scanLine(
        _ p: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>,
        into found: inout [(String, Int)]
    ) {
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
    private func numeric(
        _ p: UnsafeBufferPointer<UInt8>, _ i: Int, cueActive: Bool,
        into found: inout [(String, Int)]
    ) -> Int? {
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
        if let literal = pattern.literal, !ByteSearch.contains(p, literal) { return }
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

    /// The 1-based character column of a byte offset (UTF-8 continuation bytes do not count).
    static func characterColumn(_ p: UnsafeBufferPointer<UInt8>, byteOffset: Int) -> Int {
        var column = 1
        for k in 0..<min(byteOffset, p.count) where p[k] & 0xC0 != 0x80 { column += 1 }
        return column
    }
}
