// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// How patient IDs are compared across splits (the `leakage` check's `normalize` key).
///
/// Every mode strips whitespace, a byte-order mark and carriage returns from both ends; an ID
/// with a non-ASCII byte is also brought to Unicode NFC and stripped of format characters
/// (category Cf: zero-width space, word joiner, BOM, soft hyphen…), so an invisible difference
/// never makes two patients.
public enum IDNormalization: String, Sendable, CaseIterable {
    /// Trimmed (and NFC without format characters).
    case trim
    /// `trim`, then compare case-insensitively (Unicode case folding).
    case casefold
    /// `trim` with compatibility folding (NFKC): full-width `Ｐ０１` is `P01`.
    case nfkc
    /// `nfkc`, then case-insensitively.
    case nfkcCasefold = "nfkc_casefold"

    /// Whether case is ignored.
    public var casefold: Bool { self == .casefold || self == .nfkcCasefold }
    /// Whether compatibility characters fold to their plain forms.
    public var compatibility: Bool { self == .nfkc || self == .nfkcCasefold }

    /// The comparable form of a trimmed ID that holds a non-ASCII byte: NFC (NFKC), format
    /// characters removed, case-folded when asked, trimmed again. ASCII IDs never come here (the
    /// hash lower-cases ASCII itself).
    public func nonASCII<Bytes: Collection>(_ trimmed: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var text = String(decoding: trimmed, as: UTF8.self)
        text =
            compatibility ? text.precomposedStringWithCompatibilityMapping : text.precomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { $0.properties.generalCategory != .format })
        text = String(scalars)
        if casefold { text = text.folding(options: [.caseInsensitive], locale: nil) }
        return Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    }

    /// The key two trimmed IDs are compared by: non-ASCII IDs normalised (`nonASCII`), and ASCII
    /// letters lower-cased when case is ignored.
    public func comparable(trimmed id: [UInt8]) -> [UInt8] {
        let normalised = id.allSatisfy({ $0 < 0x80 }) ? id : nonASCII(id)
        guard casefold else { return normalised }
        return normalised.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }
    }
}

/// How a split file lays out its IDs.
public enum SplitLayout: Sendable, Equatable {
    /// One ID a line (any extension but `.csv`/`.tsv`).
    case lines
    /// A delimited file with a header row: the ID is in the column named `idColumn`; with
    /// `splitColumn`, one assignment file gives each row's split.
    case delimited(delimiter: UInt8, idColumn: String, splitColumn: String?)

    /// `.csv` and `.tsv` are delimited with a header row; anything else is one ID a line.
    public static func forFile(_ path: String, idColumn: String, splitColumn: String? = nil) -> SplitLayout {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") {
            return .delimited(delimiter: UInt8(ascii: ","), idColumn: idColumn, splitColumn: splitColumn)
        }
        if lower.hasSuffix(".tsv") {
            return .delimited(delimiter: UInt8(ascii: "\t"), idColumn: idColumn, splitColumn: splitColumn)
        }
        return .lines
    }
}

/// Receives the IDs a `SplitParser` reads, one call per data row. A generic sink (rather than a
/// closure) lets the compiler specialise the parse loop for each use: no call through a
/// context, no reference counting per row, which matters for ten million IDs.
public protocol SplitSink {
    /// `id` is normalised (empty for a blank ID) and valid only during the call; `split` is the
    /// trimmed split cell in assignment mode; `record` is the byte offset where the row starts
    /// (`SplitParser.key(at:in:)` reads the ID there again).
    mutating func accept(_ id: UnsafeRawBufferPointer, split: UnsafeRawBufferPointer?, line: Int, record: Int) throws
    /// Told, before `accept`, when the row's trimmed ID held a non-ASCII byte (and was normalised).
    mutating func unusual(_ trimmed: UnsafeRawBufferPointer, line: Int)
}

extension SplitSink {
    public mutating func unusual(_ trimmed: UnsafeRawBufferPointer, line: Int) {}
}
