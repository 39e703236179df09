// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct SplitParserTests {
    /// Every (id, split, line) a parser yields, as strings.
    static func rows(
        _ text: String, layout: SplitLayout, normalization: IDNormalization = .trim
    ) throws
        -> [(String, String?, Int)]
    {
        var result: [(String, String?, Int)] = []
        try SplitParser(layout: layout, normalization: normalization, file: "f").forEachID(in: Data(text.utf8)) {
            id, split, line in
            result.append(
                (String(decoding: id, as: UTF8.self), split.map { String(decoding: $0, as: UTF8.self) }, line))
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
        let text =
            "\u{FEFF}site,\"patient_id\",note\r\nA,P1,plain\r\nB,\" P2 \",\"has, comma\"\r\n"
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
        let upper = ascii.utf8.withContiguousStorageIfAvailable {
            IDHash.hash(UnsafeRawBufferPointer($0), lowercaseASCII: true)
        }
        let lower = ascii.lowercased().utf8.withContiguousStorageIfAvailable {
            IDHash.hash(UnsafeRawBufferPointer($0), lowercaseASCII: false)
        }
        #expect(upper != nil && upper == lower)
    }
}
