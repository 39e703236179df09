// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

// MARK: - Number detectors: SSN, credit card

extension PIIScanner {
    /// `AAA-GG-SSSS` (or with spaces) outside the ranges the SSA never issues.
    static func ssn(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard i + 11 <= p.count else { return nil }
        let sep = p[i + 3]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: " "), p[i + 6] == sep,
            let area = digits(p, i, 3), let group = digits(p, i + 4, 2), let serial = digits(p, i + 7, 4),
            rightBoundary(p, i + 11)
        else { return nil }
        guard area != 0, area != 666, area < 900, group != 0, serial != 0 else { return nil }
        return i + 11
    }

    /// 13–19 digits (single spaces or hyphens between groups of 3–6) with a card-network prefix
    /// and a valid Luhn check digit. Runs for every number in a file, so it allocates nothing.
    static func creditCard(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var i = start
        var count = 0
        var prefix = 0  // the first four digits
        var separator: UInt8 = 0
        var group = 0
        var groups = 0
        var groupsFit = true  // every finished group has 3–6 digits
        var allFour = true  // every finished group has 4 digits
        while i < p.count {
            let b = p[i]
            if isDigit(b) {
                guard count < 19 else { return nil }
                if count < 4 { prefix = prefix * 10 + Int(b - 48) }
                count += 1
                group += 1
                i += 1
            } else if b == UInt8(ascii: " ") || b == UInt8(ascii: "-"), group > 0, i + 1 < p.count, isDigit(p[i + 1]),
                separator == 0 || separator == b, count < 19
            {
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
        var sum = 0
        var position = 0
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
        let first = prefix / 1000
        let two = prefix / 100
        let three = prefix / 10
        let four = prefix
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
}
