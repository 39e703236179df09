// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The header audit's fast paths (a file's syntax from its name's bytes, the copyright literal
/// without ICU, the tree walk beside the index snapshot) give what the slow paths give.
@Suite struct HeaderFastPathTests {
    @Test func theNameAndExtensionAreNSStringsWhereThePathIsPlain() {
        let paths = [
            "Foo.java", "a/b/Foo.scala", "x.tar.gz", "Makefile", "dir/Makefile", "A.JAVA", "a/.bashrc", ".gitignore",
            "a..b", "trailing.", "a/b/", "/abs/x.c", "a//b.c", "dir with space/x.swift", "x.ja va", "caf\u{E9}.py",
            "a/b.c/d", "a/b.c/d.h", "v1.2-rc_3.yaml", "-x.md", "_y._z", "a/.x.y", "CMakeLists.txt", "x.",
            "", "/", "a", "a.b.c.d.e",
        ]
        for path in paths {
            let name = (path as NSString).lastPathComponent
            var copy = path
            if let (fast, fastExtension) = copy.withUTF8({ CommentSyntax.plainNameAndExtension($0) }) {
                #expect(fast == name, "\(path)")
                #expect(fastExtension == (name as NSString).pathExtension.lowercased(), "\(path)")
            }
            let expected =
                CommentSyntax.names[name] ?? CommentSyntax.extensions[(name as NSString).pathExtension.lowercased()]
                ?? .unknown
            #expect(CommentSyntax.forPath(path) == expected, "\(path)")
        }
        var plain = "src/main/java/Foo.java"
        #expect(plain.withUTF8 { CommentSyntax.plainNameAndExtension($0) }?.1 == "java")
    }

    /// A literal copyright pattern is searched without ICU: the same line as the regex finds,
    /// including a match hidden by an overlapping earlier one and lines that are not ASCII.
    @Test(arguments: ["Licensed to the ASF", "a//a", "Copyright"])
    func theLiteralFindsWhatTheRegexFinds(_ literal: String) throws {
        let fast = HeaderRule(withinLines: 20, spdx: [], copyright: try NSRegularExpression(pattern: literal))
        // The same pattern, but not provably literal: the regex runs.
        let slow = HeaderRule(
            withinLines: 20, spdx: [], copyright: try NSRegularExpression(pattern: "(?:\(literal))"))
        #expect(fast.copyrightIsLiteral)
        #expect(!slow.copyrightIsLiteral)
        let lines = [
            "int x; // nothing here", "\"\(literal)\" // in a string", "x = 1; /* \(literal) */",
            "a//a//a", "// caf\u{E9} \(literal)", "/* \(literal)", " * \(literal)", "#  \(literal)",
            "s = '\(literal)'", "\(literal) // after code", "// \(literal)\(literal)",
        ]
        for file in ["a.java", "a.py", "a.unknownext", "a.md"] {
            let syntax = CommentSyntax.forPath(file)
            for start in lines.indices {
                for end in ["\n", "\r\n"] {
                    let text = (lines[start...] + lines[..<start]).joined(separator: end)
                    let bytes = Array(text.utf8)
                    #expect(
                        fast.inspect(bytes[...], syntax: syntax) == slow.inspect(bytes[...], syntax: syntax),
                        "\(literal) \(file) rotation \(start)")
                }
            }
        }
        let hidden = HeaderRule(withinLines: 5, spdx: [], copyright: try NSRegularExpression(pattern: "a//a"))
        #expect(hidden.inspect(Array("a//a//a\n".utf8)[...], syntax: .cLike).copyrightLine == nil)
        #expect(hidden.inspect(Array("// a//a\n".utf8)[...], syntax: .cLike).copyrightLine == 1)
    }

    /// With two threads the index snapshot is read on a second handle while the tree is walked:
    /// the same files, verdicts and work-tree reads as one thread.
    @Test func theEarlySnapshotChangesNoResult() throws {
        let repo = try IPCheckTests.makeRepository()
        try IPCheckTests.backdateWorkTree(repo)
        let repository = try Repository.open(at: repo.path)
        let head = try repository.resolve("HEAD")
        let include = [Glob("**/*")]
        let exclude = [Glob("**/third_party/**")]
        let one = try HeaderAudit.run(
            repository: repository, commit: head, include: include, exclude: exclude, rule: IPCheckTests.rule,
            threads: 1)
        let two = try HeaderAudit.run(
            repository: repository, commit: head, include: include, exclude: exclude, rule: IPCheckTests.rule,
            threads: 2)
        #expect(IPCheckTests.summary(one) == IPCheckTests.summary(two))
        #expect(one.readFromWorkTree == 13)
        #expect(two.readFromWorkTree == 13)
        #expect(two.failing.count > 0)
    }
}
