// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// A copyright pattern with escaped punctuation (the ASF's `\(ASF\)`) is searched as a literal,
/// with the regex's answers; the comment scan and the line count keep their results.
@Suite struct HeaderLiteralTests {
    static let asf = #"Licensed to the Apache Software Foundation \(ASF\)"#

    static func run(_ pattern: String) throws -> (literal: String?, whole: Bool) {
        let regex = try NSRegularExpression(pattern: pattern)
        return (
            HeaderRule.requiredLiteral(regex).map { String(decoding: $0, as: UTF8.self) }, HeaderRule.isLiteral(regex)
        )
    }

    @Test func escapedPunctuationIsLiteral() throws {
        #expect(try Self.run(Self.asf) == ("Licensed to the Apache Software Foundation (ASF)", true))
        #expect(try Self.run(#"a\.b\(c\)"#) == ("a.b(c)", true))
        #expect(try Self.run(#"x\\y\*\+\?\[\]\{\}\^\$\/"#) == (#"x\y*+?[]{}^$/"#, true))
        // A quantifier after an escaped character makes it optional: dropped, not whole.
        #expect(try Self.run(#"Copyright \(c\)?"#) == ("Copyright (c", false))
        #expect(try Self.run(#"^Licensed \(ASF\)"#) == ("Licensed (ASF)", false))
        #expect(try Self.run(#"ASF\) \d+"#) == ("ASF) ", false))
        #expect(try Self.run(#"x\-y"#) == ("x", false))
        #expect(try Self.run(#"\(c\)|Copyright"#) == (nil, false))
        #expect(try Self.run(#"\d+ Acme"#) == (nil, false))
        #expect(try Self.run("Plain text") == ("Plain text", true))
    }

    /// The literal search finds the line the regex finds, in and out of comments and strings.
    @Test(arguments: [asf, #"a\.b\(c\)"#, #"\(c\) \\ Acme"#])
    func theEscapedLiteralFindsWhatTheRegexFinds(_ pattern: String) throws {
        let fast = HeaderRule(withinLines: 20, spdx: [], copyright: try NSRegularExpression(pattern: pattern))
        let slow = HeaderRule(withinLines: 20, spdx: [], copyright: try NSRegularExpression(pattern: "(?:\(pattern))"))
        #expect(fast.copyrightIsLiteral)
        #expect(!slow.copyrightIsLiteral)
        let text = String(decoding: try #require(fast.copyrightLiteral), as: UTF8.self)
        let nearMiss = String(text.dropLast())
        let lines = [
            "int x; // nothing here", "\"\(text)\" // in a string", "x = 1; /* \(text) */", "// \(nearMiss)",
            "// caf\u{E9} \(text)", "/* \(text)", " * \(text)", "#  \(text)", "s = '\(text)'", "\(text) // after code",
            "// \(nearMiss)\(text)", " * \(nearMiss) x",
        ]
        for file in ["a.java", "a.scala", "a.py", "a.unknownext", "a.md"] {
            let syntax = CommentSyntax.forPath(file)
            for start in lines.indices {
                let bytes = Array((lines[start...] + lines[..<start]).joined(separator: "\n").utf8)
                #expect(
                    fast.inspect(bytes[...], syntax: syntax) == slow.inspect(bytes[...], syntax: syntax),
                    "\(pattern) \(file) rotation \(start)")
            }
        }
        #expect(fast.inspect(Array("/*\n * \(text)\n */\n".utf8)[...], syntax: .cLike).copyrightLine == 2)
        #expect(fast.inspect(Array("/*\n * \(nearMiss)\n */\n".utf8)[...], syntax: .cLike).copyrightLine == nil)
    }

    /// The byte set of possible starters follows the markers when they change after init.
    @Test func changedMarkersChangeTheScan() {
        var syntax = CommentSyntax.hashConfig
        var state = CommentSyntax.State.code
        #expect(syntax.commentRanges(Array("x # y".utf8)[...], state: &state) == [2..<5])
        syntax.line = [Array(";".utf8)]
        #expect(syntax.commentRanges(Array("x # y".utf8)[...], state: &state) == [])
        #expect(syntax.commentRanges(Array("x ; y".utf8)[...], state: &state) == [2..<5])
        syntax.blocks = [CommentSyntax.Block("{", "}")]
        #expect(syntax.commentRanges(Array("x {y} z".utf8)[...], state: &state) == [2..<5])
        syntax.quotes = [Array("`".utf8)]
        #expect(syntax.commentRanges(Array("`;` ; z".utf8)[...], state: &state) == [4..<7])
        #expect(syntax != CommentSyntax.hashConfig)
        #expect(CommentSyntax.hashConfig == CommentSyntax.forPath("a.yaml"))
    }

    @Test func lineFeedCountStopsAtTheLimit() {
        let inputs: [[UInt8]] = [[], Array("a".utf8), Array("\n".utf8), Array("a\nb\nc".utf8), Array("\n\n\n\n".utf8)]
        for bytes in inputs {
            for limit in -1...6 {
                let expected = bytes.filter { $0 == UInt8(ascii: "\n") }.count < limit
                #expect(HeaderAudit.lineFeeds(in: bytes, fewerThan: limit) == expected, "\(bytes) \(limit)")
            }
        }
    }
}
