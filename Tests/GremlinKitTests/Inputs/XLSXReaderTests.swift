// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Excel baselines, on workbooks written by openpyxl (Tests/reference/make_xlsx_fixtures.py).
@Suite struct XLSXReaderTests {
    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("xlsx/\(name)")))
    }

    static func read(
        _ name: String, sheet: String? = nil, row: String? = nil, model: String? = nil
    ) throws
        -> MetricsFile
    {
        try XLSXReader.parse(try data(name), file: name, sheet: sheet, row: row, model: model)
    }

    static func error(_ name: String, sheet: String? = nil, row: String? = nil, model: String? = nil) -> String {
        expectInputError(for: name) { _ = try read(name, sheet: sheet, row: row, model: model) }?.description ?? ""
    }

    /// The contract file's numbers, c_index and hazard_ratio with intervals.
    static let contract = [
        "c_index": MetricsFile.Metric(value: 0.69, lower: 0.66, upper: 0.72, line: 2),
        "hazard_ratio": MetricsFile.Metric(value: 1.41, lower: 1.12, upper: 1.77, line: 3),
    ]

    @Test func longLayoutOnTheFirstSheetWithSharedStringsAndAnEmptyCell() throws {
        let metrics = try Self.read("metrics.xlsx")
        #expect(metrics.form == .sheet)
        #expect(metrics.names == ["auroc", "c_index", "hazard_ratio"])
        #expect(metrics.metrics["c_index"] == Self.contract["c_index"])
        // hazard_ratio is a shared string of two rich-text runs.
        #expect(metrics.metrics["hazard_ratio"] == Self.contract["hazard_ratio"])
        // Its interval cells are empty: no interval.
        #expect(metrics.metrics["auroc"] == MetricsFile.Metric(value: 0.74, line: 4))
    }

    @Test func wideLayoutOnASecondSheetByRowOrModelName() throws {
        let byRow = try Self.read("metrics.xlsx", sheet: "Wide", row: "prod_v1")
        #expect(byRow.names == ["c_index", "hazard_ratio"])  // auroc is empty in prod_v1's row
        #expect(byRow.metrics["c_index"] == MetricsFile.Metric(value: 0.69, lower: 0.66, upper: 0.72, line: 3))
        #expect(byRow.metrics["hazard_ratio"] == MetricsFile.Metric(value: 1.41, line: 3))
        let byName = try Self.read("metrics.xlsx", sheet: "Wide", model: "cand_v2")
        #expect(byName.metrics["c_index"] == MetricsFile.Metric(value: 0.71, lower: 0.68, upper: 0.74, line: 2))
        #expect(byName.metrics["auroc"]?.value == 0.75)
        // `row:` wins over the model's name.
        let both = try Self.read("metrics.xlsx", sheet: "Wide", row: "prod_v1", model: "cand_v2")
        #expect(both.metrics["c_index"]?.value == 0.69)
    }

    @Test func wideLayoutRowChoiceFailsClosed() {
        #expect(
            Self.error("metrics.xlsx", sheet: "Wide")
                == "metrics.xlsx!Wide: the sheet has 2 rows and none is chosen — set `row:` beside `metrics:` in the "
                + "manifest (or --baseline-row) to the first cell of the model's row")
        #expect(
            Self.error("metrics.xlsx", sheet: "Wide", model: "other").hasPrefix(
                "metrics.xlsx!Wide: no row is named after the model 'other' and the sheet has 2 rows"))
        #expect(
            Self.error("metrics.xlsx", sheet: "Wide", row: "nope").hasPrefix(
                "metrics.xlsx!Wide: no row is named 'nope'"))
        #expect(
            Self.error("metrics.xlsx", row: "prod_v1").hasPrefix(
                "metrics.xlsx!Long: `row:` names a model row, but this sheet has one metric a row"))
        #expect(
            Self.error("metrics.xlsx", sheet: "Missing")
                == "metrics.xlsx: has no sheet named 'Missing' — name one of its 2 sheets: 'Long', 'Wide'")
    }

    @Test func theOnlyRowOfAWideSheetNeedsNoName() throws {
        let metrics = try Self.read("single-row.xlsx", model: "not-in-the-file")
        #expect(metrics.metrics["c_index"] == MetricsFile.Metric(value: 0.69, line: 2))
        #expect(metrics.metrics["hazard_ratio"] == MetricsFile.Metric(value: 1.41, line: 2))
    }

    @Test func inlineStringsGiveTheContractNumbers() throws {
        // openpyxl writes inline strings; 0.69 is stored as 0.6899999999999999 and read back as 0.69.
        let metrics = try Self.read("base.xlsx")
        #expect(metrics.metrics == Self.contract)
        let json = try MetricsReader.parse(
            try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("contract/metrics-with-ci.json"))), file: "m.json")
        #expect(metrics.metrics.mapValues(\.value) == json.metrics.mapValues(\.value))
        #expect(metrics.metrics.mapValues(\.lower) == json.metrics.mapValues(\.lower))
        #expect(metrics.metrics.mapValues(\.upper) == json.metrics.mapValues(\.upper))
    }

    @Test func aFormulaUsesItsCachedValue() throws {
        let metrics = try Self.read("formula-cached.xlsx")
        #expect(metrics.metrics["c_index"] == MetricsFile.Metric(value: 0.69, line: 2))
    }

    @Test(arguments: [
        (
            "not-a-number.xlsx",
            "not-a-number.xlsx!Sheet!C4: 'n/a' is not a number — write the metric as a number"
        ),
        (
            "formula-uncached.xlsx",
            "formula-uncached.xlsx!Sheet!B2: formula without a cached value — open and save it in Excel, or write "
                + "the value"
        ),
        (
            "date.xlsx",
            "date.xlsx!Sheet!B4: is a date, not a metric — format the cell as a number (General), or write the "
                + "metric's value"
        ),
        ("boolean.xlsx", "boolean.xlsx!Sheet!B4: is a boolean (TRUE/FALSE), not a number"),
        ("error.xlsx", "error.xlsx!Sheet!B4: holds the Excel error #DIV/0!"),
        (
            "merged-header.xlsx",
            "merged-header.xlsx!Sheet!C2: a value under C1, which is inside the merged header cell B1:C1 — unmerge "
                + "the header so every metric has its own named column"
        ),
    ])
    func badCellsNameTheSheetAndCell(file: String, message: String) {
        let text = Self.error(file)
        #expect(text.hasPrefix(message), "\(text)")
    }

    @Test func aZipBombIsRefusedBeforeItInflates() {
        let text = Self.error("bomb.xlsx")
        #expect(
            text.hasPrefix("bomb.xlsx: part xl/worksheets/sheet1.xml is "), "\(text)")
        #expect(text.contains("over the \(XLSXWorkbook.maxPartBytes)-byte limit"), "\(text)")
    }

    @Test func aZipBombThatUnderstatesItsSizeStopsAtTheInflatedCap() {
        let text = Self.error("bomb-lying.xlsx")
        #expect(
            text.hasPrefix(
                "bomb-lying.xlsx: part xl/worksheets/sheet1.xml inflates past the \(XLSXWorkbook.maxPartBytes)-byte "
                    + "part limit"), "\(text)")
    }

    @Test func twoEntriesOfOneNameFailClosed() {
        #expect(
            Self.error("duplicate-entry.xlsx").hasPrefix(
                "duplicate-entry.xlsx: holds two zip entries named xl/worksheets/sheet1.xml"))
    }

    @Test func aPartThatIsNotXML() {
        #expect(
            Self.error("broken-xml.xlsx").hasPrefix(
                "broken-xml.xlsx: part xl/worksheets/sheet1.xml is not well-formed XML"))
    }

    @Test func aWideSheetWithAnEmptyCornerCell() throws {
        var sheet = XLSXSheet(name: "S")
        sheet.cells = [
            1: [2: .text("c_index"), 3: .text("auroc")],
            2: [1: .text("prod"), 2: .number(0.7), 3: .number(0.8)],
            3: [1: .text("cand"), 2: .number(0.75), 3: .text("0.9")],
        ]
        let metrics = try XLSXReader.metrics(sheet, file: "w.xlsx", row: "prod", model: nil)
        #expect(metrics.metrics == ["c_index": .init(value: 0.7, line: 2), "auroc": .init(value: 0.8, line: 2)])
        let text = expectInputError(for: "text number") {
            _ = try XLSXReader.metrics(sheet, file: "w.xlsx", row: "cand", model: nil)
        }
        #expect(
            text?.description
                == "w.xlsx!S!C3: '0.9' is text, not a number — store the cell as a number (Excel: Convert to Number)")
    }

    @Test func notAWorkbook() {
        #expect(
            expectInputError(for: "text") { _ = try XLSXReader.parse(Data("a,b\n".utf8), file: "m.xlsx") }?
                .description
                == "m.xlsx: is not an xlsx workbook (not a readable zip archive) — save the workbook from Excel or "
                + "LibreOffice as .xlsx")
    }

    @Test func cellReferencesAndDateFormats() {
        #expect(XLSXSheet.reference(row: 4, column: 3) == "C4")
        #expect(XLSXSheet.reference(row: 1, column: 28) == "AB1")
        #expect(XLSXSheet.position("AB12")! == (12, 28))
        #expect(XLSXSheet.position("12A") == nil)
        #expect(XLSXCells.isDateFormat("yyyy-mm-dd"))
        #expect(XLSXCells.isDateFormat("[h]:mm"))
        #expect(!XLSXCells.isDateFormat("0.000"))
        #expect(!XLSXCells.isDateFormat("[Red]0.00\" days\""))
        #expect(!XLSXCells.isDateFormat("General"))
        #expect(XLSXCells.short("a\u{1}b\nc" + String(repeating: "x", count: 40)) == "ab cxxxxxxxxxxxxxxxxxxx…")
        #expect(XLSXWorkbook.resolve("/xl/worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml")
        #expect(XLSXWorkbook.resolve("worksheets/../sharedStrings.xml") == "xl/sharedStrings.xml")
        #expect(XLSXWorkbook.resolve("../../etc/passwd") == nil)
    }

    @Test func manifestPathsDispatchOnTheExtension() throws {
        let directory = URL(fileURLWithPath: Fixtures.path("xlsx"))
        let files = InputFiles(baseDirectory: directory, rootDirectory: directory)
        let metrics = try MetricsReader.read("base.xlsx", files: files, key: "evaluation.baseline.metrics")
        #expect(metrics.metrics == Self.contract)
        #expect(files.recorded["base.xlsx"]?.sha256 == InputFiles.sha256(try Self.data("base.xlsx")))
        let json = URL(fileURLWithPath: Fixtures.path("contract"))
        let jsonFiles = InputFiles(baseDirectory: json, rootDirectory: json)
        let misplaced = expectInputError(for: "sheet on json") {
            _ = try MetricsReader.read("metrics-flat.json", files: jsonFiles, sheet: "Sheet1")
        }
        #expect(misplaced?.message == "`sheet:` and `row:` apply only to an .xlsx workbook")
        let binary = expectInputError(for: "xls") { _ = try MetricsReader.read("old.xls", files: jsonFiles) }
        #expect(binary?.fix == "save it as an Excel workbook (.xlsx)")
    }
}
