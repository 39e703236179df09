// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import GremlinXML
import Testing

@Suite struct GremlinXMLTests {
    @Test func sanitizedKeepsTabNewlineCarriageReturnOnly() {
        #expect(XMLText.sanitized("a\u{00}b\u{1B}c\td\ne\rf\u{7F}g\u{85}h\u{FFFE}i\u{FFFF}j") == "abc\td\ne\rfghij")
        #expect(XMLText.sanitized("plain ü 模型 🙂") == "plain ü 模型 🙂")
    }

    @Test func writerEscapesMarkupAndStripsControls() throws {
        let writer = try XMLWriter()
        try writer.startDocument()
        try writer.element("root", attributes: [("a", "x\"<&>]]>\u{01}\ty")]) {
            try writer.element("child", text: "]]> <script>&\u{02}\u{1F} ü")
            try writer.element("empty")
        }
        let bytes = try writer.finish()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root"))
        #expect(!text.contains("<script>"))
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D })
        // Indentation: the child sits on its own line, two spaces in.
        #expect(text.contains("\n  <child>"))

        let parsed = try ParsedXML(bytes: bytes)
        #expect(parsed.rootName == "root")
        #expect(try parsed.values("/root/@a") == ["x\"<&>]]>\ty"])
        #expect(try parsed.values("/root/child") == ["]]> <script>& ü"])
        #expect(try parsed.count("/root/*") == 2)
        #expect(try parsed.values("count(/root/*)") == ["2"])
        #expect(try parsed.values("string(/root/child)") == ["]]> <script>& ü"])
    }

    @Test func finishedWriterRefusesMoreWork() throws {
        let writer = try XMLWriter()
        try writer.element("a")
        _ = try writer.finish()
        #expect(throws: XMLError.self) { try writer.startElement("b") }
    }

    @Test func malformedInputIsReported() throws {
        let broken = Array("<a><b></a>".utf8)
        let error = try #require(throws: XMLError.self) { try ParsedXML(bytes: broken) }
        #expect(!error.messages.isEmpty)
        #expect(error.messages.allSatisfy { $0.hasPrefix("line 1") })
        let xsd = try ReportSamples.fixture("junit-10.xsd").path
        let messages = validate(xml: broken, againstXSDAt: xsd)
        #expect(messages.first == "not well-formed XML")
        #expect(messages.count > 1)
    }

    @Test func validationNamesTheOffendingAttribute() throws {
        let xsd = try ReportSamples.fixture("junit-10.xsd").path
        let valid = Array(
            #"<testsuite name="s" tests="1" failures="0" errors="0"><testcase name="t"/></testsuite>"#.utf8)
        #expect(validate(xml: valid, againstXSDAt: xsd) == [])
        let missingTests = Array(#"<testsuite name="s" failures="0" errors="0"/>"#.utf8)
        let messages = validate(xml: missingTests, againstXSDAt: xsd)
        #expect(messages.count == 1)
        #expect(messages.first?.contains("tests") == true)
    }

    /// libxml2's error handler is per thread; parallel validations must each get only their own errors.
    @Test func parallelValidationsKeepTheirErrorsApart() async throws {
        let xsd = try ReportSamples.fixture("junit-10.xsd").path
        let results = await withTaskGroup(of: (Int, [String]).self) { group in
            for index in 0..<32 {
                group.addTask {
                    // Even tasks are valid; odd ones lack `errors`, which names the suite.
                    let errors = index % 2 == 0 ? #" errors="0""# : ""
                    let xml = #"<testsuite name="s\#(index)" tests="0" failures="0"\#(errors)/>"#
                    return (index, validate(xml: Array(xml.utf8), againstXSDAt: xsd))
                }
            }
            var collected: [Int: [String]] = [:]
            for await (index, messages) in group { collected[index] = messages }
            return collected
        }
        #expect(results.count == 32)
        for (index, messages) in results {
            #expect(messages.count == (index % 2 == 0 ? 0 : 1), "task \(index): \(messages)")
            if index % 2 == 1 { #expect(messages.first?.contains("'errors'") == true) }
        }
    }

    @Test func missingSchemaIsAnErrorNotAPass() {
        let messages = validate(xml: Array("<a/>".utf8), againstXSDAt: "/nonexistent/schema.xsd")
        #expect(!messages.isEmpty)
    }

    @Test func badXPathThrows() throws {
        let parsed = try ParsedXML(bytes: Array("<a/>".utf8))
        #expect(throws: XMLError.self) { try parsed.values("//[") }
    }
}
