// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Testing

@testable import GremlinKit

@Suite struct InputExcerptTests {
    @Test func shortTruncatesAndReplacesNonPrinting() {
        #expect(InputExcerpt.short("patient_id") == "patient_id")
        #expect(InputExcerpt.short(String(repeating: "a", count: 41)) == String(repeating: "a", count: 40) + "…")
        #expect(InputExcerpt.short("a\u{0}b\u{1B}[31mc\nd\u{200B}e") == "a?b?[31mc?d?e")
        #expect(InputExcerpt.short("abcdef", limit: 3) == "abc…")
    }

    @Test func headerNamesAreShownOnlyWhenTheyLookLikeAHeader() {
        #expect(InputExcerpt.names(["patient_id", "age (years)", "site #"]) == "patient_id, age (years), site #")
        #expect(
            InputExcerpt.names((1...13).map { "c\($0)" }) == (1...12).map { "c\($0)" }.joined(separator: ", ") + ", …")
        let environment = ["HOME=/root", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"]
        #expect(InputExcerpt.names(environment) == nil)
        #expect(InputExcerpt.names([String(repeating: "x", count: 41)]) == nil)
        #expect(InputExcerpt.names(["ok", "tab\there"]) == nil)
        #expect(InputExcerpt.suggestion("patient_id", in: environment) == nil)
        #expect(InputExcerpt.suggestion("patient_id", in: ["patientid", "age"]) == "patientid")
    }
}
