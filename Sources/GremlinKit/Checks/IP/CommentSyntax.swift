// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// How a language writes comments and strings, so a license header is read only where it is a
/// comment: an SPDX tag in a string literal is code, and a Python docstring is a string.
///
/// A file whose language is unknown has no comment syntax: there a match counts unless a quote
/// character (`"`, `'`, `` ` ``) comes before it on its line.
public struct CommentSyntax: Sendable, Equatable {
    /// A block comment's delimiters.
    public struct Block: Sendable, Equatable {
        public var open: [UInt8]
        public var close: [UInt8]
        init(_ open: String, _ close: String) {
            self.open = Array(open.utf8)
            self.close = Array(close.utf8)
        }
    }

    /// Line-comment markers (`//`, `#`, `--`).
    public var line: [[UInt8]] { didSet { starters = Self.starters(blocks, line, quotes) } }
    /// Block-comment delimiters, tried before the line markers (`--[[` before `--`).
    public var blocks: [Block] { didSet { starters = Self.starters(blocks, line, quotes) } }
    /// String delimiters, longest first; delimiters longer than one byte and `` ` `` may span lines.
    public var quotes: [[UInt8]] { didSet { starters = Self.starters(blocks, line, quotes) } }
    /// The first bytes of every block opener, line marker and quote, as a 256-bit set: a byte
    /// outside it cannot start any of them. Kept with the tokens (not rebuilt for every line).
    private var starters: (UInt64, UInt64, UInt64, UInt64)
    /// How `gremlin headers --fix` writes a header line.
    public var insertion: HeaderFixer.CommentStyle?
    /// Whether files in this syntax are program source (`gremlin init` puts their extension in the
    /// header scope); markup, documentation and configuration are not.
    public var isSource: Bool
    /// Unknown language: no comment knowledge, only the quote rule.
    public var isUnknown: Bool { insertion == nil }

    init(
        line: [String], blocks: [Block] = [], quotes: [String], insertion: HeaderFixer.CommentStyle?,
        isSource: Bool = true
    ) {
        self.line = line.map { Array($0.utf8) }
        self.blocks = blocks
        self.quotes = quotes.map { Array($0.utf8) }
        self.insertion = insertion
        self.isSource = isSource
        starters = Self.starters(blocks, self.line, self.quotes)
    }

    private static func starters(
        _ blocks: [Block], _ line: [[UInt8]], _ quotes: [[UInt8]]
    ) -> (UInt64, UInt64, UInt64, UInt64) {
        var starters = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for token in blocks.map(\.open) + line + quotes {
            guard let first = token.first else { continue }
            let bit = UInt64(1) << UInt64(first & 63)
            switch first >> 6 {
            case 0: starters.0 |= bit
            case 1: starters.1 |= bit
            case 2: starters.2 |= bit
            default: starters.3 |= bit
            }
        }
        return starters
    }

    public static func == (a: CommentSyntax, b: CommentSyntax) -> Bool {
        a.line == b.line && a.blocks == b.blocks && a.quotes == b.quotes && a.insertion == b.insertion
            && a.isSource == b.isSource
    }

    /// A language without known comment syntax.
    public static let unknown = CommentSyntax(line: [], quotes: [], insertion: nil, isSource: false)

    static let cBlock = Block("/*", "*/")
    static let cLike = CommentSyntax(
        line: ["//"], blocks: [cBlock], quotes: ["\"\"\"", "\"", "'", "`"], insertion: .line("//"))
    static let hash = CommentSyntax(line: ["#"], quotes: ["\"\"\"", "'''", "\"", "'"], insertion: .line("#"))
    static let hashConfig = CommentSyntax(
        line: ["#"], quotes: ["\"", "'"], insertion: .line("#"), isSource: false)
    static let dash = CommentSyntax(line: ["--"], blocks: [cBlock], quotes: ["\"", "'"], insertion: .line("--"))
    static let markup = CommentSyntax(
        line: [], blocks: [Block("<!--", "-->")], quotes: [], insertion: .block(open: "<!--", close: "-->"),
        isSource: false)
    static let css = CommentSyntax(
        line: [], blocks: [cBlock], quotes: ["\"", "'"], insertion: .block(open: "/*", close: "*/"), isSource: false)

    /// Files known by their whole name.
    static let names: [String: CommentSyntax] = [
        "Makefile": hashConfig, "Dockerfile": hashConfig, "Containerfile": hashConfig, "CMakeLists.txt": hashConfig,
        "Gemfile": hash, "Rakefile": hash, "BUILD": hash, "WORKSPACE": hash, "Jenkinsfile": cLike,
    ]

    /// Files known by their extension (lower-cased).
    static let extensions: [String: CommentSyntax] = {
        var table: [String: CommentSyntax] = [:]
        func add(_ syntax: CommentSyntax, _ names: String) {
            for name in names.split(separator: " ") { table[String(name)] = syntax }
        }
        add(
            cLike,
            "swift c h cc cpp cxx hpp hh m mm java kt kts scala groovy gradle js mjs cjs ts tsx jsx go cs dart proto zig"
        )
        // Rust: `'a` is a lifetime, not a string.
        add(CommentSyntax(line: ["//"], blocks: [cBlock], quotes: ["\""], insertion: .line("//")), "rs")
        add(
            CommentSyntax(line: ["//", "#"], blocks: [cBlock], quotes: ["\"", "'", "`"], insertion: .line("//")), "php")
        add(hash, "py pyi pyx pxd pxi sh bash zsh fish rb pl pm r ex exs awk")
        add(
            CommentSyntax(line: ["#"], blocks: [Block("#=", "=#")], quotes: ["\"\"\"", "\""], insertion: .line("#")),
            "jl")
        add(CommentSyntax(line: ["#"], blocks: [Block("<#", "#>")], quotes: ["\"", "'"], insertion: .line("#")), "ps1")
        add(CommentSyntax(line: ["#"], blocks: [cBlock], quotes: ["''", "\""], insertion: .line("#")), "nix")
        add(CommentSyntax(line: ["#", "//"], blocks: [cBlock], quotes: ["\""], insertion: .line("#")), "tf")
        add(hashConfig, "yaml yml toml cmake conf cfg mk")
        add(dash, "sql ada")
        add(
            CommentSyntax(line: ["--"], blocks: [Block("--[[", "]]")], quotes: ["\"", "'"], insertion: .line("--")),
            "lua")
        add(CommentSyntax(line: ["--"], blocks: [Block("{-", "-}")], quotes: ["\""], insertion: .line("--")), "hs elm")
        add(css, "css")
        add(
            CommentSyntax(
                line: ["//"], blocks: [cBlock], quotes: ["\"", "'"], insertion: .block(open: "/*", close: "*/"),
                isSource: false), "scss less")
        add(markup, "html htm xml svg md markdown xsd xsl plist")
        var vue = markup
        vue.isSource = true
        add(vue, "vue")
        add(CommentSyntax(line: ["%"], quotes: [], insertion: .line("%"), isSource: false), "tex sty")
        add(CommentSyntax(line: ["%"], quotes: ["\""], insertion: .line("%")), "erl")
        add(CommentSyntax(line: [";"], quotes: ["\""], insertion: .line(";")), "el lisp clj")
        add(CommentSyntax(line: [";", "#"], quotes: [], insertion: .line(";"), isSource: false), "ini")
        return table
    }()

    /// The syntax of the file at `path`, or `unknown`.
    public static func forPath(_ path: String) -> CommentSyntax {
        var path = path
        if let (name, pathExtension) = path.withUTF8({ plainNameAndExtension($0) }) {
            if let known = names[name] { return known }
            return extensions[pathExtension] ?? unknown
        }
        let name = (path as NSString).lastPathComponent
        if let known = names[name] { return known }
        return extensions[(name as NSString).pathExtension.lowercased()] ?? unknown
    }

    /// The last path component and its lower-cased extension, read from the bytes, for a plain
    /// name: ASCII letters, digits, `_`, `-` and dots that neither start nor end it nor follow one
    /// another, in a path without `//` or a trailing `/`. There `NSString`'s `lastPathComponent`
    /// and `pathExtension` say the same; anything else (nil) is left to them.
    static func plainNameAndExtension(_ path: UnsafeBufferPointer<UInt8>) -> (String, String)? {
        var start = path.count
        while start > 0, path[start - 1] != UInt8(ascii: "/") { start -= 1 }
        guard start < path.count else { return nil }
        if start > 0 {
            // `a//b` and a leading `/` are normalised by NSString: not plain.
            guard start >= 2, path[start - 2] != UInt8(ascii: "/") else { return nil }
        }
        var dot: Int?
        for index in start..<path.count {
            let byte = path[index]
            if byte == UInt8(ascii: ".") {
                guard index > start, index < path.count - 1, dot != index - 1 else { return nil }
                dot = index
                continue
            }
            let plain =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-")
            guard plain else { return nil }
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: path[start...]), as: UTF8.self)
        guard let dot else { return (name, "") }
        let lowered = path[(dot + 1)...].map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
        return (name, String(decoding: lowered, as: UTF8.self))
    }

    /// Every extension with a known syntax that is program source, for `gremlin init`.
    public static var sourceExtensions: Set<String> {
        Set(extensions.filter { $0.value.isSource }.keys)
    }

    /// Where a multi-line construct left the scan at the end of a line.
    enum State: Equatable {
        case code
        case block(close: [UInt8])
        case string(quote: [UInt8])
    }

    /// The byte ranges of `line` that are comments (markers included), given the state the
    /// previous line left; updates `state` for the next line.
    func commentRanges(_ line: ArraySlice<UInt8>, state: inout State) -> [Range<Int>] {
        line.withUnsafeBufferPointer { commentRanges(in: $0, state: &state) }
    }

    private func commentRanges(in bytes: UnsafeBufferPointer<UInt8>, state: inout State) -> [Range<Int>] {
        let n = bytes.count
        if isUnknown {
            let quote = bytes.firstIndex { $0 == 0x22 || $0 == 0x27 || $0 == 0x60 } ?? n
            return quote > 0 ? [0..<quote] : []
        }
        func starts(_ token: [UInt8], at i: Int) -> Bool {
            i + token.count <= n && bytes[i..<(i + token.count)].elementsEqual(token)
        }
        /// The index just past `token` at or after `from` (a backslash escapes one byte in strings).
        func end(of token: [UInt8], from: Int, escapes: Bool) -> Int? {
            var i = from
            while i < n {
                if escapes && bytes[i] == 0x5C {
                    i += 2
                    continue
                }
                if starts(token, at: i) { return i + token.count }
                i += 1
            }
            return nil
        }
        var ranges: [Range<Int>] = []
        var i = 0
        switch state {
        case .code: break
        case .block(let close):
            guard let stop = end(of: close, from: 0, escapes: false) else { return [0..<n] }
            ranges.append(0..<stop)
            i = stop
            state = .code
        case .string(let quote):
            guard let stop = end(of: quote, from: 0, escapes: true) else { return [] }
            i = stop
            state = .code
        }
        // A byte no block opener, line marker or quote starts with cannot start any of them.
        let starters = self.starters
        func mayStart(_ byte: UInt8) -> Bool {
            let word: UInt64
            switch byte >> 6 {
            case 0: word = starters.0
            case 1: word = starters.1
            case 2: word = starters.2
            default: word = starters.3
            }
            return word & (UInt64(1) << UInt64(byte & 63)) != 0
        }
        scan: while i < n {
            guard mayStart(bytes[i]) else {
                i += 1
                continue
            }
            for block in blocks where starts(block.open, at: i) {
                if let stop = end(of: block.close, from: i + block.open.count, escapes: false) {
                    ranges.append(i..<stop)
                    i = stop
                    continue scan
                }
                ranges.append(i..<n)
                state = .block(close: block.close)
                return ranges
            }
            for marker in self.line where starts(marker, at: i) {
                ranges.append(i..<n)
                return ranges
            }
            for quote in quotes where starts(quote, at: i) {
                if let stop = end(of: quote, from: i + quote.count, escapes: true) {
                    i = stop
                    continue scan
                }
                // A multi-line string runs on; a one-line string ends with its line.
                if quote.count > 1 || quote == [0x60] { state = .string(quote: quote) }
                return ranges
            }
            i += 1
        }
        return ranges
    }
}
