// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// How patient IDs are compared across splits (the `leakage` check's `normalize` key).
public enum IDNormalization: String, Sendable {
    /// Strip whitespace, a byte-order mark and carriage returns from both ends.
    case trim
    /// `trim`, then compare case-insensitively (Unicode case folding).
    case casefold
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
}
