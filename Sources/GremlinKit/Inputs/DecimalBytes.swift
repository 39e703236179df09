// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Reads a decimal number straight from bytes, for the common case only, with the exact `Double`
/// `Double(String)` (strtod) gives.
///
/// The case read is `[+-]digits[.digits][(e|E)[+-]digits]` (or `.digits`) whose significand has at
/// most 19 significant digits, is at most 2^53, and whose decimal exponent is within ±22 — Clinger's
/// fast path: the significand and the power of ten are both exact doubles, so one IEEE
/// multiplication or division gives the correctly rounded value, the one strtod returns. Anything
/// else (more digits, larger exponents, other characters) returns nil and the caller parses the
/// text the general way.
enum DecimalBytes {
    /// 10^0 ... 10^22, every one an exact double.
    private static let powers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `bytes` (already trimmed), or nil when it is not in the fast case.
    @inline(__always)
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var i = 0
        let n = bytes.count
        guard n > 0 else { return nil }
        var negative = false
        let first = bytes[0]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            i = 1
        }
        var significand: UInt64 = 0
        var digits = 0  // significant digits accumulated (leading zeros skipped)
        var mantissaDigits = 0  // digits seen before the exponent, zeros included
        var exponent = 0
        while i < n {
            let d = bytes[i] &- UInt8(ascii: "0")
            guard d < 10 else { break }
            mantissaDigits += 1
            if digits > 0 || d != 0 {
                guard digits < 19 else { return nil }
                significand = significand &* 10 &+ UInt64(d)
                digits += 1
            }
            i += 1
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d < 10 else { break }
                mantissaDigits += 1
                if digits > 0 || d != 0 {
                    guard digits < 19 else { return nil }
                    significand = significand &* 10 &+ UInt64(d)
                    digits += 1
                }
                exponent -= 1
                i += 1
            }
        }
        guard mantissaDigits > 0 else { return nil }
        if i < n {
            guard bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") else { return nil }
            i += 1
            var negativeExponent = false
            if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                negativeExponent = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var written = 0
            var exponentDigits = 0
            while i < n {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d < 10, exponentDigits < 4 else { return nil }
                written = written * 10 + Int(d)
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += negativeExponent ? -written : written
        }
        guard significand != 0 else { return negative ? -0.0 : 0.0 }
        guard significand <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
        let value =
            exponent >= 0 ? Double(significand) * powers[exponent] : Double(significand) / powers[-exponent]
        return negative ? -value : value
    }
}
