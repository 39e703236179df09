// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct PIIScannerTests {
    static let all = PIIScanner(detectors: Set(PIIScanner.Detector.allCases))

    /// The detectors that fire on one line, in column order.
    static func detectors(_ line: String, scanner: PIIScanner = all) -> [String] {
        scanner.scan(text: line).map(\.detector)
    }

    // Published test numbers of each card network (they pass Luhn by design).
    static let truePositives: [(String, String)] = [
        ("Contact jane.doe@hospital.org today", "email"),
        ("mail: a+tag@sub.example.co.uk.", "email"),
        ("SSN 078-05-1120", "ssn"),
        ("ssn: 123 45 6789", "ssn"),
        ("call (212) 555-0142", "phone"),
        ("call 212-555-0142", "phone"),
        ("call 212.555.0142", "phone"),
        ("call +1 212 555 0142", "phone"),
        ("call 1-800-555-0199", "phone"),
        ("card 4111111111111111", "credit_card"),
        ("card 4012-8888-8888-1881", "credit_card"),
        ("card 5555 5555 5555 4444", "credit_card"),
        ("amex 3782 822463 10005", "credit_card"),
        ("discover 6011111111111117", "credit_card"),
        ("jcb 3530111333300000", "credit_card"),
        ("diners 30569309025904", "credit_card"),
        ("host 10.20.30.40 down", "ipv4"),
        ("from=192.168.1.1;", "ipv4"),
        ("DOB: 1961-03-04", "date_of_birth"),
        ("date of birth 03/04/1961", "date_of_birth"),
        ("Born March 4, 1961 in Ohio", "date_of_birth"),
        ("born on 4 March 1961", "date_of_birth"),
        ("{\"dob\": \"04.03.1961\"}", "date_of_birth"),
        ("birth_date=12-Jan-1950", "date_of_birth"),
    ]

    static let hardNegatives: [String] = [
        "user@localhost and @mention and icon@2x.png",
        "SSN-shaped but never issued: 000-12-3456 666-12-3456 900-12-3456 123-00-4567 123-45-0000",
        "not phones: 123-456-7890 212-155-0142 911-555-0142 2125550142 212-555-01420",
        "order 4111111111111112 and order 1234567890123456 and invoice 5412751234123456",
        "versions v1.2.3.4, version 2.0.1.3, Release 10.4.2.1, oid 1.3.6.1.4.1, 0.9.1.2, 256.1.1.1, 192.168.01.1",
        "pi is 3.14 and the ratio 1.2.3 holds",
        "visit date 2024-03-01, admitted 03/04/2021, next review 2025-07-01",
        "born in 1961, raised in Ohio",
        "DOB: 1961-02-30 is not a date",
        "dob field is listed in the schema documentation, see page 12 of the data dictionary: 1961-03-04",
        "build 2024.01.15.3 shipped",
    ]

    @Test(arguments: truePositives.indices)
    func detectorFiresOnItsTruePositive(_ index: Int) {
        let (line, detector) = Self.truePositives[index]
        #expect(Self.detectors(line) == [detector], "\(line)")
    }

    @Test(arguments: hardNegatives.indices)
    func hardNegativeStaysQuiet(_ index: Int) {
        let line = Self.hardNegatives[index]
        #expect(Self.detectors(line) == [], "\(line)")
    }

    @Test func disabledDetectorsDoNotFire() {
        let onlyEmail = PIIScanner(detectors: [.email])
        #expect(Self.detectors("a@b.io 078-05-1120 10.1.1.1 DOB 1961-03-04", scanner: onlyEmail) == ["email"])
    }

    @Test func columnsAreCharactersNotBytes() {
        let matches = Self.all.scan(text: "line one\nCafé résumé jane@x.org\n")
        #expect(matches == [PIIScanner.Match(detector: "email", line: 2, column: 13)])
    }

    @Test func luhnAndCardPrefixes() {
        #expect(PIIScanner.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
        #expect(!PIIScanner.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]))
        #expect(PIIScanner.hasCardPrefix(Array(repeating: 4, count: 16)))
        #expect(!PIIScanner.hasCardPrefix(Array(repeating: 4, count: 15)))
        #expect(!PIIScanner.hasCardPrefix([9] + Array(repeating: 0, count: 15)))
    }

    @Test func requiredLiteralIsReadOffSafely() {
        #expect(PIIScanner.requiredLiteral(#"\bMRN[:# ]?[0-9]{6,10}\b"#) == "MRN")
        #expect(PIIScanner.requiredLiteral("ID-[0-9]+") == "ID-")
        #expect(PIIScanner.requiredLiteral("abc?") == "ab")
        #expect(PIIScanner.requiredLiteral("x*yz") == "yz")
        #expect(PIIScanner.requiredLiteral(#"a\.b"#) == "a.b")
        #expect(PIIScanner.requiredLiteral("ab{0,2}cd") == "cd")
        #expect(PIIScanner.requiredLiteral("ab|cd") == nil)
        #expect(PIIScanner.requiredLiteral("(?i)mrn") == nil)
        #expect(PIIScanner.requiredLiteral("(ab|cd)ef") == "ef")
        #expect(PIIScanner.requiredLiteral("[0-9]+") == nil)
    }

    @Test func namedPatternsReportTheirName() throws {
        let mrn = try NSRegularExpression(pattern: #"\bMRN[:# ]?[0-9]{6,10}\b"#)
        let caseless = try NSRegularExpression(pattern: "(?i)patient-[0-9]{4}")
        let scanner = PIIScanner(
            detectors: [], patterns: [.init(name: "mrn", regex: mrn), .init(name: "pid", regex: caseless)])
        #expect(
            scanner.scan(text: "é MRN:1234567 and PATIENT-0042\nno mrn here 1234567") == [
                PIIScanner.Match(detector: "mrn", line: 1, column: 3),
                PIIScanner.Match(detector: "pid", line: 1, column: 19),
            ])
    }

    @Test func streamsLargeFilesAcrossChunksWithBOMAndCRLF() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Line 1 starts with a BOM; a long filler pushes line 3 across the 1 MiB chunk boundary.
        var text = "\u{FEFF}mail jane@x.org\r\n"
        let fillerLength = (1 << 20) - text.utf8.count - 10
        text += String(repeating: "a", count: fillerLength) + "\r\n"
        text += "ok then ssn 078-05-1120\r\n"
        text += "last line without newline 10.0.0.1"
        let url = directory.appendingPathComponent("notes.txt")
        try Data(text.utf8).write(to: url)
        let result = try Self.all.scan(url: url, display: "notes.txt")
        #expect(
            result.matches == [
                PIIScanner.Match(detector: "email", line: 1, column: 6),
                PIIScanner.Match(detector: "ssn", line: 3, column: 13),
                PIIScanner.Match(detector: "ipv4", line: 4, column: 27),
            ])
        #expect(result.lines == 4)
        #expect(result.bytes == text.utf8.count)
        #expect(result.sha256 == InputFiles.sha256(Data(text.utf8)))
    }

    @Test func csvDateOfBirthColumnIsFoundByItsHeader() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("cohort.csv")
        try Data(
            "patient,Date of Birth,visit\np1,1961-03-04,2024-01-01\np2,\"Mar 4, 1961\",2024-01-02\np3,,2024-01-03\n"
                .utf8
        )
        .write(to: url)
        let result = try Self.all.scan(url: url, display: "cohort.csv")
        #expect(
            result.matches == [
                PIIScanner.Match(detector: "date_of_birth", line: 2, column: 4),
                PIIScanner.Match(detector: "date_of_birth", line: 3, column: 5),
            ])
        #expect(result.counts == ["date_of_birth": 2])
    }

    @Test func listLimitKeepsCounting() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("many.txt")
        try Data(String(repeating: "x a@b.io y\n", count: 50).utf8).write(to: url)
        let result = try Self.all.scan(url: url, display: "many.txt", limit: 10)
        #expect(result.matches.count == 10)
        #expect(result.counts == ["email": 50])
    }

    @Test func binaryFileIsAnInputError() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("x.bin")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]).write(to: url)
        let error = try #require(throws: InputError.self) { try Self.all.scan(url: url, display: "x.bin") }
        #expect(error.file == "x.bin")
        #expect(error.message.contains("binary"))
    }
}
