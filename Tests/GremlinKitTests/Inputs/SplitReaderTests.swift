// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing
@testable import GremlinKit

@Suite struct SplitReaderTests {
    /// Every (id, split, line) a parser yields, as strings.
    static func rows(_ text: String, layout: SplitLayout, normalization: IDNormalization = .trim) throws
        -> [(String, String?, Int)] {
        var result: [(String, String?, Int)] = []
        try SplitParser(layout: layout, normalization: normalization, file: "f").forEachID(in: Data(text.utf8)) { id, split, line in
            result.append((String(decoding: id, as: UTF8.self), split.map { String(decoding: $0, as: UTF8.self) }, line))
        }
        return result
    }

    static let csv = SplitLayout.delimited(delimiter: UInt8(ascii: ","), idColumn: "patient_id", splitColumn: nil)

    @Test func oneIDALineTrimsBOMWhitespaceAndCR() throws {
        let rows = try Self.rows("\u{FEFF}P1\r\n  P2 \t\r\n\r\n\u{00A0}P3\u{00A0}", layout: .lines)
        #expect(rows.map(\.0) == ["P1", "P2", "", "P3"])
        #expect(rows.map(\.2) == [1, 2, 3, 4])
    }

    @Test func csvFindsTheIDColumnAnywhereAndHandlesQuotes() throws {
        let text = "\u{FEFF}site,\"patient_id\",note\r\nA,P1,plain\r\nB,\" P2 \",\"has, comma\"\r\n"
            + "C,\"P\"\"3\",\"multi\nline\"\r\nD,P4,last"
        let rows = try Self.rows(text, layout: Self.csv)
        #expect(rows.map(\.0) == ["P1", "P2", "P\"3", "P4"])
        #expect(rows.map(\.2) == [2, 3, 4, 6])
    }

    @Test func keyAtReadsTheRowAgain() throws {
        let text = "site,patient_id\nA,\"P,1\"\nB,  Ünïcode  \n"
        let parser = SplitParser(layout: Self.csv, normalization: .casefold, file: "f")
        let data = Data(text.utf8)
        struct Offsets: SplitSink {
            var records: [Int] = []
            mutating func accept(_ id: UnsafeRawBufferPointer, split: UnsafeRawBufferPointer?, line: Int, record: Int) {
                records.append(record)
            }
        }
        var sink = Offsets()
        try parser.parse(data, into: &sink)
        #expect(sink.records == [16, 24])
        let column = try parser.idColumnIndex(in: data)
        #expect(column == 1)
        #expect(parser.key(at: 16, in: data, idColumn: column) == Array("p,1".utf8))
        #expect(parser.key(at: 24, in: data, idColumn: column) == Array("ünïcode".utf8))
        let lines = SplitParser(layout: .lines, normalization: .trim, file: "f")
        #expect(lines.key(at: 3, in: Data("\u{FEFF}A1\r\n B2 \n".utf8), idColumn: nil) == Array("A1".utf8))
    }

    @Test func tsvAndAssignmentColumns() throws {
        let layout = SplitLayout.forFile("a.tsv", idColumn: "id", splitColumn: "split")
        #expect(layout == .delimited(delimiter: UInt8(ascii: "\t"), idColumn: "id", splitColumn: "split"))
        let rows = try Self.rows("split\tid\ntrain\tP1\n test \tP2\n", layout: layout)
        #expect(rows.map(\.0) == ["P1", "P2"])
        #expect(rows.map(\.1) == ["train", "test"])
        #expect(SplitLayout.forFile("ids.txt", idColumn: "id") == .lines)
    }

    @Test func headerWithoutTheColumnNamesColumnsAndNearestName() throws {
        let error = try #require(throws: InputError.self) {
            try Self.rows("patientid,site\nP1,A\n", layout: Self.csv)
        }
        #expect(error.line == 1)
        #expect(error.key == "splits.id_column")
        #expect(error.message == "the header has no column `patient_id` (columns: patientid, site)")
        #expect(error.fix?.hasPrefix("did you mean patientid?") == true)
    }

    @Test func raggedRowIsAnInputErrorWithItsLine() throws {
        let error = try #require(throws: InputError.self) {
            try Self.rows("site,patient_id\nA,P1\nB\n", layout: Self.csv)
        }
        #expect(error.line == 3)
    }

    @Test func casefoldFoldsUnicodeToo() throws {
        let rows = try Self.rows("STRASSE\nÉcole\n", layout: .lines, normalization: .casefold)
        // ASCII is left as is (the hash lower-cases it); anything else is case-folded here.
        #expect(rows.map(\.0) == ["STRASSE", "école"])
        let ascii = "P-ABC-9"
        let upper = ascii.utf8.withContiguousStorageIfAvailable { IDHash.hash(UnsafeRawBufferPointer($0), lowercaseASCII: true) }
        let lower = ascii.lowercased().utf8.withContiguousStorageIfAvailable {
            IDHash.hash(UnsafeRawBufferPointer($0), lowercaseASCII: false)
        }
        #expect(upper != nil && upper == lower)
    }

    @Test func swarLowercaseMatchesFoundationOnEveryASCIIByte() {
        for start in stride(from: 0, to: 128, by: 8) {
            let bytes = (start..<(start + 8)).map { UInt8($0) }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let lowered = IDHash.lower(word)
            let expected = Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8)
            let actual = (0..<8).map { UInt8(truncatingIfNeeded: lowered >> (8 * UInt64($0))) }
            #expect(actual == expected, "bytes \(start)..<\(start + 8)")
        }
        // Bytes of UTF-8 sequences are left alone.
        #expect(IDHash.lower(0xC3C9_C3C9_C3C9_C3C9) == 0xC3C9_C3C9_C3C9_C3C9)
    }

    @Test func radixSortAgreesWithTheStandardSort() {
        var generator = SplitMix(seed: 20241201)
        for count in [0, 1, 100, 5000, 70000, 1_100_000] {
            var values = (0..<count).map { _ in generator.next() }
            if count == 70000 { for index in 0..<1000 { values[index] = 42 } }  // duplicates
            var expected = values
            expected.sort()
            RadixSort.sort(&values)
            #expect(values == expected, "\(count)")
        }
        // Ordered by the high bits only: the low bits (row offsets in the leakage keys) may be in any order.
        var keyed = (0..<50000).map { _ in generator.next() }
        RadixSort.sort(&keyed, ignoringLowBits: 28)
        #expect(zip(keyed, keyed.dropFirst()).allSatisfy { $0 >> 28 <= $1 >> 28 })
        #expect(Set(keyed).count == 50000)
        var narrow = (0..<10000).map { UInt64($0 % 77) }  // every high digit equal: passes are skipped
        var expected = narrow
        expected.sort()
        RadixSort.sort(&narrow)
        #expect(narrow == expected)
    }

    @Test func radixSortOfSeveralPartsIsTheSortOfTheirUnion() {
        var generator = SplitMix(seed: 20261127)
        for sizes in [[3, 0, 5], [4000, 0, 1, 96], [300_000, 17, 0, 1_200_000, 5000]] {
            let parts = sizes.map { size in (0..<size).map { _ in generator.next() } }
            #expect(RadixSort.sorted(parts) == parts.joined().sorted(), "\(sizes)")
            let keyed = RadixSort.sorted(parts, ignoringLowBits: 30)
            #expect(keyed.count == sizes.reduce(0, +))
            #expect(zip(keyed, keyed.dropFirst()).allSatisfy { $0 >> 30 <= $1 >> 30 })
            #expect(Set(keyed) == Set(parts.joined()))
        }
    }
}

/// A seeded generator for reproducible test data (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
