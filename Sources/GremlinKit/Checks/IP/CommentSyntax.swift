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
    public var line: [[UInt8]]
    /// Block-comment delimiters, tried before the line markers (`--[[` before `--`).
    public var blocks: [Block]
    /// String delimiters, longest first; delimiters longer than one byte and `` ` `` may span lines.
    public var quotes: [[UInt8]]
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
        let name = (path as NSString).lastPathComponent
        if let known = names[name] { return known }
        return extensions[(name as NSString).pathExtension.lowercased()] ?? unknown
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
        let bytes = Array(line)
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
        scan: while i < n {
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
