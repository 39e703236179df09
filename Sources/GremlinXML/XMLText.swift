// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors
// No Foundation in this target: libxml2's headers pull the system ICU (see Package.swift).

/// Makes arbitrary text safe to place in an XML 1.0 document.
public enum XMLText {
    /// `text` without the characters XML 1.0 forbids or that CI viewers choke on.
    ///
    /// libxml2's writer escapes markup but copies control characters through, which yields a
    /// document no parser accepts. Removed: C0 controls except tab, LF and CR; DEL; the C1
    /// range; and the non-characters U+FFFE and U+FFFF. (Lone surrogates cannot occur in a
    /// Swift `String`.)
    public static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isStripped) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { !isStripped($0) })
        return String(scalars)
    }

    static func isStripped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }
}
