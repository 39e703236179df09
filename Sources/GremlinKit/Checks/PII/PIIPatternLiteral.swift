// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension PIIScanner {
    // MARK: - Literal prefilter for policy patterns

    /// A literal every match of `pattern` must contain, when one can be read off safely: the
    /// longest run of plain characters outside groups and classes, with no top-level
    /// alternation or inline flags. nil means "run the regex on every line".
    static func requiredLiteral(_ pattern: String) -> String? {
        let chars = Array(pattern)
        if pattern.contains("(?") { return nil }
        var depth = 0
        var inClass = false
        var index = 0
        var best = ""
        var run = ""
        func finish() {
            if run.count > best.count { best = run }
            run = ""
        }
        while index < chars.count {
            let c = chars[index]
            if inClass {
                if c == "\\" { index += 1 } else if c == "]" { inClass = false }
                index += 1
                continue
            }
            switch c {
            case "\\":
                guard index + 1 < chars.count else { return nil }
                let next = chars[index + 1]
                if depth == 0, !next.isLetter, !next.isNumber {
                    run.append(next)
                } else {
                    finish()
                }
                index += 2
                continue
            case "[":
                finish()
                inClass = true
            case "(":
                finish()
                depth += 1
            case ")":
                depth -= 1
            case "|":
                if depth == 0 { return nil }
            case "*", "?":
                if !run.isEmpty { run.removeLast() }
                finish()
            case "{":
                let rest = chars[(index + 1)...].prefix { $0 != "}" }
                if rest.first == "0" || rest.first == "," { if !run.isEmpty { run.removeLast() } }
                finish()
                index += rest.count + 1
            case "+", ".", "^", "$":
                finish()
            default:
                if depth == 0 { run.append(c) } else { finish() }
            }
            index += 1
        }
        finish()
        return best.isEmpty ? nil : best
    }
}
