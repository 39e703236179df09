// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The byte-level chunk scanner (`ChunkKeys`), the ID re-reader that confirms hash matches
/// (`IDReader`), the memory-halving radix sort and the parallel comparison must give exactly what
/// the row-by-row parser, `SplitParser.key(at:in:idColumn:)` and plain sets give.
@Suite struct LeakageScanTests {
    static func source(_ name: String, _ bytes: [UInt8], _ file: String) -> SplitSource {
        SplitSource(
            name: name, path: file, portable: file, data: Data(bytes), sha256: name,
            layout: SplitLayout.forFile(file, idColumn: "patient_id"))
    }

    static func source(_ name: String, _ text: String, _ file: String) -> SplitSource {
        source(name, Array(text.utf8), file)
    }

    /// Shapes the chunk scanner must read like the parser: every row cut lands on a line
    /// boundary, CRLF and a BOM, blank and whitespace-only lines, a last line without newline,
    /// non-ASCII IDs (unusual, some blank once normalised), tabs, ragged rows in other columns.
    static let cases: [(String, [SplitSource])] = [
        (
            "one ID a line: BOM, CRLF, whitespace, blanks, no final newline",
            [
                source("train", "\u{FEFF}P1\r\n\r\n  p2 \t\r\n\n\u{00A0}P3\u{00A0}\nP1\r\nP4", "train.txt"),
                source("test", "P4\r\nP9\r\n\r\n", "test.txt"),
            ]
        ),
        (
            "non-ASCII IDs: zero-width, full-width, NFD, and one that is blank once normalised",
            [
                source("train", "P\u{200B}1\n\u{FF30}2\nCafe\u{301}\n\u{200B}\nP5\n", "train.txt"),
                source("test", "P1\nP2\nCaf\u{E9}\np2\n", "test.txt"),
            ]
        ),
        (
            "CSV with CRLF, a blank line, a whitespace-only line and a short last row",
            [
                source("train", "site,patient_id,age\r\nA, P1 ,3\r\n\r\n   \r\nB,P2,4\r\nC,p1\r\nD,P3", "train.csv"),
                source("test", "patient_id\nP3\n\nP1\n", "test.csv"),
            ]
        ),
        (
            "TSV with the ID column last and empty ID cells",
            [
                source("train", "site\tage\tpatient_id\nA\t1\tP1\nB\t2\t\nC\t3\t P2\t\n", "train.tsv"),
                source("test", "patient_id\nP2\n", "test.tsv"),
            ]
        ),
        (
            "bytes that are not UTF-8 in an ID",
            [
                source("train", [0x50, 0x31, 0x0A, 0x50, 0xFF, 0x0A, 0x50, 0xC3, 0x0A, 0x50, 0x32], "train.txt"),
                source("test", [0x50, 0xFF, 0x0A, 0x50, 0x32, 0x0A], "test.txt"),
            ]
        ),
    ]

    static let normalizations = IDNormalization.allCases

    @Test(arguments: cases.indices, normalizations)
    func theChunkScannerReadsWhatTheParserReads(_ index: Int, _ normalization: IDNormalization) throws {
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
        #expect(chunked.unusual == whole.unusual, "\(label)")
        #expect(whole.counts["train"]?.rows ?? 0 > 0, "\(label)")
    }

    /// Every cut of a file into two chunks, at every line boundary, gives the keys of the whole.
    @Test(arguments: ["train.txt", "train.csv"])
    func everyChunkBoundaryGivesTheSameKeys(_ file: String) throws {
        let header = file.hasSuffix(".csv") ? "site,patient_id\r\n" : ""
        let row = { (id: String) in file.hasSuffix(".csv") ? "s,\(id)\r\n" : "\(id)\r\n" }
        let text =
            "\u{FEFF}" + header + row(" P1") + "\r\n" + row("p\u{200B}2") + row("P3") + row("P1")
            + (file.hasSuffix(".csv") ? "s,P4" : "P4")
        let bytes = Array(text.utf8)
        let parser = SplitParser(layout: .forFile(file, idColumn: "patient_id"), normalization: .casefold, file: file)
        let plan = try #require(try parser.rowChunks(of: Data(bytes), parts: 1))
        let start = try #require(plan.ranges.first?.lowerBound)
        let shift: UInt64 = 8
        let whole = try bytes.withUnsafeBytes {
            try ChunkKeys.scan(
                $0, start..<bytes.count, parser: parser, idColumn: plan.idColumn, shift: shift, hasher: IDHash.self)
        }
        #expect(whole.keys.count == 5)
        #expect(whole.blank == (file.hasSuffix(".csv") ? 0 : 1))
        #expect(whole.unusualCount == 1)
        for cut in (start + 1)..<bytes.count where bytes[cut - 1] == 0x0A {
            let parts = try bytes.withUnsafeBytes { raw in
                try [start..<cut, cut..<bytes.count].map {
                    try ChunkKeys.scan(
                        raw, $0, parser: parser, idColumn: plan.idColumn, shift: shift, hasher: IDHash.self)
                }
            }
            #expect(parts[0].keys + parts[1].keys == whole.keys, "cut at \(cut)")
            #expect(parts[0].blank + parts[1].blank == whole.blank)
            #expect(parts[0].lines + parts[1].lines == whole.lines)
            #expect((parts[0].unusualFirst ?? parts[1].unusualFirst) == whole.unusualFirst)
        }
    }

    /// The re-reader confirming hash matches returns what `SplitParser.key(at:)` returns, for
    /// every row of every shape, quoted cells included.
    @Test(arguments: normalizations)
    func theIDReaderAgreesWithTheParser(_ normalization: IDNormalization) throws {
        let files: [(String, String)] = [
            ("a.txt", "\u{FEFF} P1 \r\nP\u{200B}2\n\n\u{FF30}3\r\nlast"),
            ("a.csv", "site,patient_id\r\nA, P1 \r\n\"B,b\",\"P 2\"\nC,\"P\"\"3\"\nD,\nE,\u{FF30}4\r\nF,P5"),
            ("a.tsv", "patient_id\tx\nP1\t1\n p2\t\n"),
        ]
        for (file, text) in files {
            let data = Data(text.utf8)
            let parser = SplitParser(
                layout: .forFile(file, idColumn: "patient_id"), normalization: normalization, file: file)
            let idColumn = try parser.idColumnIndex(in: data)
            var sink = OffsetSink()
            try parser.parse(data, into: &sink)
            #expect(sink.offsets.count >= 2, "\(file)")
            data.withUnsafeBytes { raw in
                let reader = IDReader(raw: raw, data: data, parser: parser, idColumn: idColumn)
                for offset in sink.offsets {
                    #expect(
                        reader.id(at: offset) == parser.key(at: offset, in: data, idColumn: idColumn),
                        "\(file) @\(offset)")
                }
                #expect(reader.id(at: data.count) == [])
            }
        }
    }

    /// The in-place path: a plain ASCII ID is read where it stands; anything needing more
    /// (quotes, non-ASCII) is left to `id(at:)`; sameness ignores ASCII case only for casefold.
    @Test func plainIDsAreComparedInPlace() throws {
        let text = "site,patient_id\nA, Pa1 \n\"B\",P2\nC,P\u{200B}3\nD,pA1\r\n"
        let data = Data(text.utf8)
        let parser = SplitParser(layout: .forFile("a.csv", idColumn: "patient_id"), normalization: .casefold, file: "a")
        var sink = OffsetSink()
        try parser.parse(data, into: &sink)
        #expect(sink.offsets.count == 4)
        data.withUnsafeBytes { raw in
            let reader = IDReader(raw: raw, data: data, parser: parser, idColumn: 1)
            let plain = sink.offsets.map { reader.plain(at: $0).map { Array($0) } }
            #expect(plain == [Array("Pa1".utf8), nil, nil, Array("pA1".utf8)])
            let (first, last) = (reader.plain(at: sink.offsets[0])!, reader.plain(at: sink.offsets[3])!)
            #expect(IDReader.same(first, last, casefold: true))
            #expect(!IDReader.same(first, last, casefold: false))
            #expect(IDReader.same(first, first, casefold: false))
            #expect(reader.plain(at: data.count) == nil)
        }
    }

    /// Records where each row starts.
    struct OffsetSink: SplitSink {
        var offsets: [Int] = []
        mutating func accept(_ id: UnsafeRawBufferPointer, split: UnsafeRawBufferPointer?, line: Int, record: Int) {
            offsets.append(record)
        }
    }

    /// Seventy thousand IDs under a hash that collides in bulk (ten values, spread over the
    /// hash-range parts the comparison runs in parallel): every count and example is still what
    /// plain sets of the normalised IDs give.
    @Test(arguments: [IDNormalization.trim, .casefold])
    func forcedCollisionsAtScaleAreConfirmedOnTheBytes(_ normalization: IDNormalization) throws {
        var generator = SplitMix(seed: 7)
        var train = "site,patient_id\n"
        var test = ""
        var trainIDs: [String] = []
        var testIDs: [String] = []
        for row in 0..<60_000 {
            let id = "P\(generator.next() % 50_000)"
            trainIDs.append(id)
            train += "s\(row % 3),\(row % 5 == 0 ? id.lowercased() : id)\n"
        }
        for _ in 0..<12_000 {
            let id = "P\(40_000 + generator.next() % 30_000)"
            testIDs.append(id)
            test += id + "\r\n"
        }
        let sources = [Self.source("train", train, "train.csv"), Self.source("test", test, "test.txt")]
        for chunkedFrom in [Int.max, 1] {
            let analysis = try LeakageAnalysis.run(
                sources: sources, names: ["train", "test"], normalization: normalization,
                hasher: LastByteHash.self, chunkedFrom: chunkedFrom)
            let trainRows = zip(0..., trainIDs).map { row, id in
                normalization == .casefold ? id.lowercased() : row % 5 == 0 ? id.lowercased() : id
            }
            let testRows = testIDs.map { normalization == .casefold ? $0.lowercased() : $0 }
            let trainSet = Set(trainRows)
            let testSet = Set(testRows)
            let shared = trainSet.intersection(testSet)
            #expect(analysis.counts["train"]?.rows == trainRows.count)
            #expect(analysis.counts["train"]?.distinct == trainSet.count)
            #expect(
                analysis.counts["train"]?.duplicateIDs
                    == Dictionary(grouping: trainRows, by: { $0 }).filter { $1.count > 1 }.count)
            #expect(analysis.counts["train"]?.duplicateRows == trainRows.count - trainSet.count)
            #expect(analysis.counts["test"]?.distinct == testSet.count)
            #expect(analysis.overlaps.map(\.count) == [shared.count])
            #expect(shared.count > 1000)
            let salt = LeakageAnalysis.salt(sources)
            let expected = Array(shared.map { LeakageAnalysis.example(Array($0.utf8), salt: salt) }.sorted().prefix(5))
            #expect(analysis.examples["train/test"] == expected, "chunkedFrom \(chunkedFrom)")
        }
    }

    /// The word-at-a-time line end finds the first newline as `memchr` does, wherever it is.
    @Test func theShortLineEndIsMemchrs() {
        var generator = SplitMix(seed: 3)
        var bytes = (0..<4096).map { _ in
            UInt8(truncatingIfNeeded: generator.next() % 40 == 0 ? 0x0A : 0x20 + generator.next() % 200)
        }
        bytes += [0x0B, 0x09, 0x8A, 0x0A]
        bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            for start in 0..<raw.count {
                for end in [raw.count, min(raw.count, start + 5), min(raw.count, start + 40)] {
                    #expect(
                        ChunkKeys.lineEnd(base, start, end) == SplitParser.lineEnd(base, start, end), "\(start) \(end)")
                }
            }
        }
    }

    /// A deferred digest is the digest `InputFiles.mapped` gives, recorded the same way.
    @Test func aDeferredDigestIsTheDigest() throws {
        let (first, eager) = try InputFilesTests.setUp()
        let (second, deferred) = try InputFilesTests.setUp()
        defer { withExtendedLifetime((first, second)) {} }
        let (data, sha256, none) = try LeakageCheck.mapped("splits/train.csv", what: "split", key: "k", files: eager)
        let (same, empty, digest) = try LeakageCheck.mapped(
            "splits/train.csv", what: "split", key: "k", files: deferred, deferDigest: true)
        #expect(none == nil)
        #expect(empty == "")
        #expect(same == data)
        #expect(deferred.recorded.isEmpty)
        #expect(digest?() == sha256)
        #expect(deferred.recorded.mapValues(\.sha256) == eager.recorded.mapValues(\.sha256))
        #expect(deferred.recorded.count == 1)
    }

    /// Deferred digests are computed beside the parse, and still when a file's header is wrong
    /// before any row is read; the salt uses them.
    @Test func deferredDigestsRunEvenWhenTheHeaderFails() throws {
        let calls = Locked(0)
        func source(_ name: String, _ text: String, _ file: String) -> SplitSource {
            var source = Self.source(name, text, file)
            source.sha256 = ""
            source.digest = {
                calls.withLock { $0 += 1 }
                return "digest-\(name)"
            }
            return source
        }
        let good = [source("train", "patient_id\nP1\nP2\n", "train.csv"), source("test", "P2\n", "test.txt")]
        let analysis = try LeakageAnalysis.run(
            sources: good, names: ["train", "test"], normalization: .trim, hasher: IDHash.self, chunkedFrom: 1)
        #expect(calls.withLock { $0 } == 2)
        var filled = good
        filled[0].sha256 = "digest-train"
        filled[1].sha256 = "digest-test"
        let salt = LeakageAnalysis.salt(filled)
        #expect(analysis.examples["train/test"] == [LeakageAnalysis.example(Array("P2".utf8), salt: salt)])
        let bad = [source("train", "site,id\nA,P1\n", "train.csv"), source("test", "P2\n", "test.txt")]
        #expect(throws: InputError.self) {
            _ = try LeakageAnalysis.run(
                sources: bad, names: ["train", "test"], normalization: .trim, hasher: IDHash.self, chunkedFrom: 1)
        }
        #expect(calls.withLock { $0 } == 4)
    }

    @Test func theConsumingRadixSortIsTheSortOfTheUnion() {
        var generator = SplitMix(seed: 20_261_206)
        for sizes in [[3, 0, 5], [4000, 0, 1, 96], [300_000, 17, 0, 1_200_000, 5000]] {
            for low in [0, 28, 31] {
                var parts = sizes.map { size in (0..<size).map { _ in generator.next() } }
                if sizes[0] > 100 { for index in 0..<50 { parts[0][index] = 7 << 40 } }  // equal keys
                let expected = parts.joined().sorted()
                let sorted = RadixSort.sorted(consuming: &parts, ignoringLowBits: low)
                #expect(parts.isEmpty)
                #expect(sorted.count == expected.count, "\(sizes) low \(low)")
                #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0 >> UInt64(low) <= $1 >> UInt64(low) })
                #expect(sorted.sorted() == expected, "\(sizes) low \(low)")
                if low == 0 { #expect(sorted == expected) }
            }
        }
    }

    /// The examples are computed as numbers now: the same 12 hex digits as before.
    @Test func examplePrefixesAreTheOldExamples() {
        let salt = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        for id in ["P1", "", "p0000000001", "Caf\u{E9}", String(repeating: "x", count: 200)] {
            let bytes = Array(id.utf8)
            let prefix = LeakageAnalysis.examplePrefix(bytes, salt: salt)
            #expect(LeakageAnalysis.hex12(prefix) == LeakageAnalysis.example(bytes, salt: salt), "\(id)")
        }
        var list: [UInt64] = []
        for value in [9, 3, 7, 3, 1, 8, 2, 2] as [UInt64] { LeakageAnalysis.Tally.keepSmallest(&list, value) }
        #expect(list == [1, 2, 2, 3, 3])
    }
}

/// Ten hash values, by an ID's last byte, in the top bits: thousands of IDs per value.
enum LastByteHash: IDHashing {
    static func hash(_ bytes: UnsafeRawBufferPointer, lowercaseASCII: Bool) -> UInt64 {
        UInt64(bytes.last ?? 0) << 56
    }
}
