// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The one door through which input content may reach a message: a short, printable excerpt.
///
/// Error messages, findings and reports land in CI logs, `junit.xml` and `audit.json`; a file that
/// is not what the manifest says (an environment dump, a credentials file) must not leak through
/// them. Every message built from a cell, a column name or a scalar goes through here.
public enum InputExcerpt {
    /// Characters of input content a message may carry.
    public static let limit = 40

    /// At most `limit` characters of `text`; control, format and other non-printing characters
    /// become `?`, and a cut is marked with `…`.
    public static func short(_ text: some StringProtocol, limit: Int = InputExcerpt.limit) -> String {
        var result = ""
        var count = 0
        for character in text {
            if count == limit {
                result += "…"
                break
            }
            result.append(printable(character) ? character : "?")
            count += 1
        }
        return result
    }

    /// Whether a header cell looks like a column name (short, printable, no `=` or quotes): the
    /// first row of a file that is not a CSV (an environment dump, a key file) fails this.
    public static func isPlausibleName(_ name: some StringProtocol) -> Bool {
        guard !name.isEmpty, name.count <= limit else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return true }
            return " _-.()/%#:+[]".unicodeScalars.contains(scalar)
        }
    }

    /// Up to `count` header names, comma-separated, or `nil` when any of them does not look like a
    /// column name: the first row is then not a header, and none of it is shown.
    public static func names(_ names: [String], count: Int = 12) -> String? {
        guard !names.isEmpty, names.allSatisfy({ isPlausibleName($0) }) else { return nil }
        return names.prefix(count).map { short($0) }.joined(separator: ", ") + (names.count > count ? ", …" : "")
    }

    /// `Suggest.nearest` over header names, only when the header looks like one.
    public static func suggestion(_ word: String, in names: [String]) -> String? {
        guard self.names(names) != nil else { return nil }
        return Suggest.nearest(word, in: names).map { short($0) }
    }

    private static func printable(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                return false
            case .spaceSeparator:
                return scalar == " "
            default:
                return true
            }
        }
    }
}
