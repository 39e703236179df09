// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The one place untrusted text (paths, messages, commit subjects) is made safe for Markdown.
///
/// Everything stays on one line (a newline would end a table row or start a block), control
/// characters go, Markdown punctuation is backslash-escaped and `<`, `>`, `&` become entities, so
/// text from a repository renders as text on GitHub and GitLab: no links, images, emphasis or HTML.
public enum MarkdownEscaper {
    /// Inline prose or a table cell.
    public static func text(_ raw: String) -> String {
        var result = ""
        result.reserveCapacity(raw.utf8.count)
        for scalar in singleLine(raw).unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!":
                result.unicodeScalars.append("\\")
                result.unicodeScalars.append(scalar)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A code span (paths, ids, rules): literal inside, fenced with more backticks than it contains.
    /// `inTable` escapes `|`, which GFM tables split on even inside code spans.
    public static func code(_ raw: String, inTable: Bool = false) -> String {
        var content = singleLine(raw)
        if inTable { content = content.replacingAll("|", with: "\\|") }
        var longest = 0
        var run = 0
        for character in content {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = content.isEmpty || content.first == "`" || content.last == "`" ? " \(content) " : content
        return fence + padded + fence
    }

    /// `raw` on one line, without control characters: tab, LF and CR become spaces, others go.
    static func singleLine(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x2028, 0x2029: scalars.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
