// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Inserts a license header into a file's text in the comment style of its language, keeping
/// shebang, encoding and XML-declaration lines first; never adds a second header.
public struct HeaderFixer: Sendable {
    /// How a language writes a one-line comment.
    public enum CommentStyle: Sendable, Equatable {
        case line(String)
        case block(open: String, close: String)
    }

    public let rule: HeaderRule
    /// Header lines without comment markers.
    public let lines: [String]

    public init(rule: HeaderRule, lines: [String]) {
        self.rule = rule
        self.lines = lines
    }

    /// The header lines a policy asks for: its `header` key, else `SPDX-License-Identifier: <first spdx>`.
    public static func headerLines(_ section: CheckConfig, rule: HeaderRule, year: Int) throws -> [String] {
        try headerLines(IPCheck.Config(section), rule: rule, year: year)
    }

    /// The header lines a typed `ip` section asks for.
    public static func headerLines(_ config: IPCheck.Config, rule: HeaderRule, year: Int) throws -> [String] {
        let spdx = rule.spdx.first ?? ""
        var lines = config.header
        if lines.isEmpty {
            guard !spdx.isEmpty else {
                throw InputError(
                    file: config.file, key: "checks.ip.header",
                    message: "the policy requires a copyright line but gives no header text to insert",
                    fix: "add `header: ['Copyright (c) {year} Your Company']` under checks.ip")
            }
            lines = ["SPDX-License-Identifier: {spdx}"]
        }
        lines = lines.map {
            $0.replacingOccurrences(of: "{year}", with: String(year)).replacingOccurrences(of: "{spdx}", with: spdx)
        }
        // The inserted header must itself satisfy the rule, or --fix would loop forever.
        let probe = HeaderFixer(rule: rule, lines: lines)
        let sample = probe.insert(into: "", style: .line("//"))
        if !rule.problems(rule.inspect(Array(sample.utf8)[...], syntax: .cLike)).isEmpty {
            throw InputError(
                file: config.file, key: "checks.ip.header",
                message: "the header lines \(lines) do not satisfy the policy's spdx/copyright rule",
                fix: "make `header:` contain an allowed SPDX id and a line matching `copyright:`")
        }
        return lines
    }

    /// The comment style for a path, or nil when the language is unknown.
    public static func style(for path: String) -> CommentStyle? {
        CommentSyntax.forPath(path).insertion
    }

    /// The text with the header inserted, or nil when the file already has a compliant header.
    public func fix(_ text: String, path: String) -> String? {
        let inspection = rule.inspect(Array(text.utf8)[...], syntax: CommentSyntax.forPath(path))
        guard rule.problems(inspection).isEmpty == false else { return nil }
        // A file that carries part of a header (say SPDX but no copyright) is left for a human:
        // adding a second block would duplicate it.
        if inspection.spdx != nil || inspection.copyrightLine != nil { return nil }
        guard let style = Self.style(for: path) else { return nil }
        return insert(into: text, style: style)
    }

    func insert(into text: String, style: CommentStyle) -> String {
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var body = Substring(text)
        var preamble = ""
        // Keep a BOM, a shebang, an encoding cookie and an XML declaration where they are.
        if body.hasPrefix("\u{FEFF}") {
            preamble += "\u{FEFF}"
            body = body.dropFirst()
        }
        while let lineEnd = body.firstIndex(of: "\n") ?? (body.isEmpty ? nil : body.endIndex) {
            let line = body[..<lineEnd]
            let keep = line.hasPrefix("#!") || line.hasPrefix("<?xml") || Self.isEncodingLine(line)
            guard keep else { break }
            preamble += line + (lineEnd < body.endIndex ? "\n" : newline)
            body = lineEnd < body.endIndex ? body[body.index(after: lineEnd)...] : ""
        }
        let commented: [String] = lines.map { line in
            switch style {
            case .line(let marker): return line.isEmpty ? marker : "\(marker) \(line)"
            case .block(let open, let close): return "\(open) \(line) \(close)"
            }
        }
        var header = commented.joined(separator: newline) + newline
        if !body.isEmpty && !body.hasPrefix(newline) { header += newline }
        return preamble + header + body
    }

    static func isEncodingLine(_ line: Substring) -> Bool {
        line.hasPrefix("#") && (line.contains("coding:") || line.contains("coding=")) && line.count < 120
    }
}
