// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Testing

@testable import GremlinKit

/// The `**/*.ext` shortcut of `Glob` agrees with the general matcher.
@Suite struct GlobSuffixShortcutTests {
    static let paths = [
        "a.swift", "dir/a.swift", "d/e/f/a.swift", "a.swift/b", "a.swiftx", ".swift", "dir/.swift",
        "x.pb.swift", "dir/x.pb.swift", "pb.swift", "a.c", "dir/b.c", "c", "", "dir/", "a.h.c",
    ]

    @Test(arguments: ["**/*.swift", "*.swift", "*.c", "**/*", "*", "**/*.pb.swift", "*pb.swift"])
    func suffixShortcutMatchesTheGeneralMatcher(pattern: String) {
        let glob = Glob(pattern)
        #expect(glob.nameSuffix != nil)
        for path in Self.paths {
            #expect(glob.matches(Array(path.utf8)) == glob.matchTokens(Array(path.utf8)), "\(pattern) on '\(path)'")
        }
    }

    @Test func shortcutOnlyForTheSuffixShape() {
        #expect(Glob("**/*.swift").nameSuffix == Array(".swift".utf8))
        #expect(Glob("src/**/*.swift").nameSuffix == nil)
        #expect(Glob("**/dir/*.swift").nameSuffix == nil)
        #expect(Glob("**/*.sw?ft").nameSuffix == nil)
        #expect(Glob("**/*.[ch]").nameSuffix == nil)
        #expect(Glob("/*.swift").nameSuffix == nil)
        #expect(Glob("**/*.swift").matches("d/e/x.swift"))
        #expect(!Glob("**/*.swift").matches("d/e.swift/x"))
        #expect(!Glob("/*.swift").matches("d/x.swift"))
    }
}
