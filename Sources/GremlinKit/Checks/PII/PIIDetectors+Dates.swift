// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

// MARK: - Date-of-birth detectors: cues, dates, month names, CSV columns

extension PIIScanner {
    static let cues: [[UInt8]] = [
        "date of birth", "date_of_birth", "date-of-birth", "dateofbirth", "birth date",
        "birth_date", "birthdate", "birthday", "d.o.b", "dob", "born",
    ].map { Array($0.utf8) }

    /// A DOB cue word starting at `i` (case-insensitive, whole word); returns where it ends.
    static func cue(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let first = lower(p[i])
        guard first == UInt8(ascii: "d") || first == UInt8(ascii: "b"), i + 2 < p.count else { return nil }
        // Every cue starts d-o, d-., d-a, b-o or b-i: most words stop here.
        let second = lower(p[i + 1])
        if first == UInt8(ascii: "d") {
            guard second == UInt8(ascii: "o") || second == UInt8(ascii: ".") || second == UInt8(ascii: "a") else {
                return nil
            }
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
            var value = 0
            var length = 0
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
                rightBoundary(p, i)
            else { return nil }
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
                valid(year: fullYear(year), month: month, day: first.value), rightBoundary(p, i)
            else { return nil }
            return i
        }
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") else { return nil }
        i += 1
        guard let second = number(maxLength: 2), i < p.count, p[i] == sep else { return nil }
        i += 1
        guard let year = number(maxLength: 4), year.length == 4 || year.length == 2, rightBoundary(p, i) else {
            return nil
        }
        let y = fullYear(year)
        guard
            valid(year: y, month: first.value, day: second.value)
                || valid(year: y, month: second.value, day: first.value)
        else { return nil }
        return i
    }

    /// `March 4, 1961`, `Mar 4 1961` at a letter.
    static func monthFirstDate(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        guard let (month, end) = monthName(p, start) else { return nil }
        var i = end
        guard i < p.count, p[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        var day = 0
        var length = 0
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

    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ].map { Array($0.utf8) }

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
        let lengths = [
            31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
        ]
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
        while range.lowerBound < range.upperBound,
            line[range.lowerBound] == 0x20 || line[range.lowerBound] == UInt8(ascii: "\"")
        {
            range = (range.lowerBound + 1)..<range.upperBound
        }
        while range.lowerBound < range.upperBound,
            line[range.upperBound - 1] == 0x20 || line[range.upperBound - 1] == UInt8(ascii: "\"")
        {
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
            if b == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if b == delimiter && !quoted {
                result.append(start..<index)
                start = index + 1
            }
        }
        result.append(start..<line.count)
        return result
    }
}
