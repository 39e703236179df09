// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct DiffTests {
    /// Added lines read from `git show -U0 -M --text` (first parent, renames on, every file as
    /// text whatever `.gitattributes` says): the reference.
    /// Split on bytes: a Swift `String` treats "\r\n" as one character.
    private func gitAddedLines(_ fixture: GitFixture, _ commit: String) throws -> [AddedLine] {
        let output = try fixture.gitBytes([
            "-c", "core.quotepath=false", "show", "--format=", "-U0", "-M", "--text", "--no-color",
            "--diff-merges=first-parent", commit,
        ])
        var lines: [AddedLine] = []
        var path: [UInt8]?
        var next = 0
        for raw in output.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = Array(raw)
            if line.starts(with: Array("+++ ".utf8)) {
                path = line == Array("+++ /dev/null".utf8) ? nil : Array(line.dropFirst(6))
            } else if line.starts(with: Array("@@ ".utf8)) {
                let plus = String(decoding: line, as: UTF8.self).split(separator: " ")[2].dropFirst()
                next = Int(plus.split(separator: ",")[0])!
            } else if line.first == UInt8(ascii: "+"), let path {
                lines.append(
                    AddedLine(
                        path: String(decoding: path, as: UTF8.self), rawPath: path, line: next,
                        text: Array(line.dropFirst())))
                next += 1
            }
        }
        return lines.sorted {
            $0.rawPath != $1.rawPath ? $0.rawPath.lexicographicallyPrecedes($1.rawPath) : $0.line < $1.line
        }
    }

    @Test func addedLinesMatchGitShow() throws {
        let fixture = try GitFixture()
        let tenLines = (1...10).map { "line \($0) of a file long enough to be a rename" }.joined(separator: "\n") + "\n"
        try fixture.write("bin.dat", bytes: [0, 1, 2, 3, 0, 255, 10, 65, 10])
        let root = try fixture.commit("root", files: ["a.txt": "one\ntwo\nthree\n", "old.txt": tenLines])

        try fixture.write("a.txt", "one\nTWO\nthree\nfour\n")
        try fixture.git(["mv", "old.txt", "new.txt"])
        try fixture.write("new.txt", tenLines.replacingOccurrences(of: "line 5 of", with: "line five of"))
        try fixture.write("bin.dat", bytes: [0, 9, 9, 9, 0, 255, 10, 66, 10])
        try fixture.write("crlf.txt", "token = abc\r\nlast line without newline")
        try fixture.write("src/key.env", "AWS_KEY=AKIAEXAMPLE\n")
        let second = try fixture.commit("second")

        let repository = try Repository.open(at: fixture.path)
        for commit in [root, second] {
            let lines = try repository.addedLines(in: try #require(ObjectID(hex: commit)))
            #expect(lines == (try gitAddedLines(fixture, commit)), "\(commit)")
        }
        let lines = try repository.addedLines(in: try #require(ObjectID(hex: second)))
        #expect(lines.filter { $0.path == "new.txt" }.map(\.line) == [5])
        // Binary content is diffed as text too: the scanner, not the diff, decides what it holds.
        #expect(lines.filter { $0.path == "bin.dat" }.map(\.line) == [1, 2])
        #expect(lines.first { $0.path == "crlf.txt" }?.text == Array("token = abc\r".utf8))
        #expect(lines.last { $0.path == "crlf.txt" }?.text == Array("last line without newline".utf8))
        #expect(lines.filter { $0.path == "a.txt" }.map(\.line) == [2, 4])
    }

    @Test func mergeCommitIsDiffedAgainstFirstParent() throws {
        let fixture = try GitFixture()
        try fixture.commit("base", files: ["shared.txt": "base\n"])
        try fixture.git(["checkout", "-q", "-b", "side"])
        try fixture.commit("side", files: ["side.txt": "from side\n"])
        try fixture.git(["checkout", "-q", "main"])
        try fixture.commit("main work", files: ["main.txt": "from main\n"])
        try fixture.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"])
        let merge = try fixture.git(["rev-parse", "HEAD"])
        let repository = try Repository.open(at: fixture.path)
        let lines = try repository.addedLines(in: try #require(ObjectID(hex: merge)))
        #expect(
            lines == [
                AddedLine(path: "side.txt", rawPath: Array("side.txt".utf8), line: 1, text: Array("from side".utf8))
            ])
        #expect(lines == (try gitAddedLines(fixture, merge)))
    }

    @Test func shallowRootCannotBeDiffed() throws {
        let fixture = try GitFixture()
        try fixture.commit("one", files: ["a.txt": "1\n"])
        try fixture.commit("two", files: ["a.txt": "2\n"])
        let clone = fixture.sibling("shallow")
        try fixture.git(["clone", "-q", "--depth", "1", "file://\(fixture.path)", clone])
        let repository = try Repository.open(at: clone)
        let error = try #require(throws: GitError.self) {
            try repository.addedLines(in: try repository.resolve("HEAD"))
        }
        #expect(error.kind == .shallowBoundary)
    }
}
