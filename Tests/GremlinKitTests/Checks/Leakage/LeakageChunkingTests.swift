// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Big per-split files are parsed in row chunks on every core: the result must be the one the
/// whole-file parse gives, on every file shape the parser knows, and errors keep their lines.
@Suite struct LeakageChunkingTests {
    static func source(_ name: String, _ text: String, _ file: String) -> SplitSource {
        SplitSource(
            name: name, path: file, portable: file, data: Data(text.utf8), sha256: name,
            layout: SplitLayout.forFile(file, idColumn: "patient_id"))
    }

    /// Pairs of split files in the shapes the leakage issue lists.
    static let cases: [(String, [SplitSource])] = {
        var random: UInt64 = 42
        func next() -> UInt64 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return random >> 33
        }
        var big = "site,patient_id\n"
        var small = ""
        for row in 0..<5_000 { big += "s\(row % 7),P\(next() % 4_000)\n" }
        for _ in 0..<900 { small += (next() % 3 == 0 ? " p" : "P") + "\(next() % 4_000)\r\n" }
        return [
            (
                "BOM, CRLF, ID column second",
                [
                    source("train", "\u{FEFF}site,patient_id\r\nA, P1 \r\nB,P2\r\n\r\nC,p3\r\nD,P2\r\n", "train.csv"),
                    source("test", "patient_id\r\nP2\r\nP3\r\nP9", "test.csv"),
                ]
            ),
            (
                "one ID a line, whitespace, blanks, no final newline",
                [
                    source("train", "\u{FEFF}P1\n  P2\t\n\nP3\r\nP3\np4\n", "train.txt"),
                    source("test", "P4\n P1\n\n", "test.txt"),
                ]
            ),
            (
                "a quoted cell: the file is parsed whole",
                [
                    source("train", "patient_id,note\n\"P1\",\"a, b\"\nP2,\"multi\nline\"\nP3,x\n", "train.csv"),
                    source("test", "patient_id\nP3\nP1\n", "test.csv"),
                ]
            ),
            (
                "five thousand rows with duplicates and case variants",
                [
                    source("train", big, "train.csv"),
                    source("test", small, "test.txt"),
                ]
            ),
        ]
    }()

    @Test(arguments: cases.indices, [IDNormalization.trim, .casefold])
    func chunksGiveTheWholeFileResult(_ index: Int, _ normalization: IDNormalization) throws {
        let (label, sources) = Self.cases[index]
        let whole = try LeakageAnalysis.run(
            sources: sources, names: ["train", "test"], normalization: normalization,
            hasher: IDHash.self, chunkedFrom: .max)
        let chunked = try LeakageAnalysis.run(
            sources: sources, names: ["train", "test"], normalization: normalization,
            hasher: IDHash.self, chunkedFrom: 1)
        #expect(chunked.counts == whole.counts, "\(label)")
        #expect(chunked.overlaps.map(\.count) == whole.overlaps.map(\.count), "\(label)")
        #expect(chunked.examples == whole.examples, "\(label)")
        #expect(whole.counts["train"]?.rows ?? 0 > 0)
    }

    @Test func theFiveThousandRowCaseReallyLeaksAndDuplicates() throws {
        let sources = Self.cases[3].1
        let analysis = try LeakageAnalysis.run(
            sources: sources, names: ["train", "test"], normalization: .casefold,
            hasher: IDHash.self, chunkedFrom: 1)
        // Cross-checked against a plain Set over the same normalised IDs.
        func ids(_ source: SplitSource, dropHeader: Bool) -> [String] {
            let lines = String(decoding: source.data, as: UTF8.self).split(omittingEmptySubsequences: false) {
                $0 == "\n" || $0 == "\r\n"
            }
            return lines.dropFirst(dropHeader ? 1 : 0).compactMap { line -> String? in
                let id = String(line.split(separator: ",").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                return id.isEmpty ? nil : id.lowercased()
            }
        }
        let train = ids(sources[0], dropHeader: true)
        let test = ids(sources[1], dropHeader: false)
        #expect(analysis.counts["train"]?.rows == train.count)
        #expect(analysis.counts["train"]?.distinct == Set(train).count)
        #expect(analysis.counts["test"]?.distinct == Set(test).count)
        #expect(analysis.overlaps.map(\.count) == [Set(train).intersection(test).count])
        #expect(Set(train).intersection(test).count > 100)
    }

    @Test func aRaggedRowKeepsItsLineNumberWhenChunked() throws {
        var text = "site,patient_id\n"
        for row in 2...300 { text += row == 211 ? "lonely\n" : "s,P\(row)\n" }
        let sources = [Self.source("train", text, "train.csv"), Self.source("test", "P1\n", "test.txt")]
        for chunkedFrom in [Int.max, 1] {
            do {
                _ = try LeakageAnalysis.run(
                    sources: sources, names: ["train", "test"], normalization: .trim,
                    hasher: IDHash.self, chunkedFrom: chunkedFrom)
                Issue.record("a ragged row must be an input error")
            } catch let error as InputError {
                #expect(error.line == 211, "chunkedFrom \(chunkedFrom)")
                #expect(error.file == "train.csv")
            }
        }
    }

    @Test func chunksCoverTheRowsOnLineBoundaries() throws {
        var text = "\u{FEFF}patient_id\n"
        for row in 0..<1_000 { text += "P\(row)\n" }
        text += "last-without-newline"
        let data = Data(text.utf8)
        let parser = SplitParser(layout: .forFile("a.csv", idColumn: "patient_id"), normalization: .trim, file: "a.csv")
        let plan = try #require(try parser.rowChunks(of: data, parts: 7))
        #expect(plan.idColumn == 0)
        #expect(plan.firstLine == 2)
        #expect(plan.ranges.count >= 7)
        #expect(plan.ranges.first?.lowerBound == 3 + "patient_id\n".utf8.count)
        #expect(plan.ranges.last?.upperBound == data.count)
        for (left, right) in zip(plan.ranges, plan.ranges.dropFirst()) {
            #expect(left.upperBound == right.lowerBound)
            #expect(data[left.upperBound - 1] == 0x0A)
        }
        let quoted = Data("patient_id\n\"P1\"\n".utf8)
        #expect(try parser.rowChunks(of: quoted, parts: 2) == nil)
        let assignments = SplitParser(
            layout: .forFile("a.csv", idColumn: "patient_id", splitColumn: "split"),
            normalization: .trim, file: "a.csv")
        #expect(try assignments.rowChunks(of: Data("patient_id,split\nP1,train\n".utf8), parts: 2) == nil)
    }
}
