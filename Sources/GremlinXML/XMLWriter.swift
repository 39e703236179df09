// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors
// No Foundation in this target: libxml2's headers pull the system ICU (see Package.swift).

internal import CLibXML2

/// Writes an indented UTF-8 XML document through libxml2's `xmlTextWriter`.
///
/// Text and attribute values are passed through `XMLText.sanitized` first; libxml2 escapes
/// markup (`<`, `&`, `]]>`…). One writer produces one document: call `finish()` once.
public final class XMLWriter {
    private let buffer: xmlBufferPtr
    private var writer: xmlTextWriterPtr?

    /// Creates an in-memory writer indenting nested elements by `indent`.
    public init(indent: String = "  ") throws {
        ensureLibXML2()
        guard let buffer = xmlBufferCreate() else { throw XMLError(function: "xmlBufferCreate") }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw XMLError(function: "xmlNewTextWriterMemory")
        }
        self.buffer = buffer
        self.writer = writer
        try check(xmlTextWriterSetIndent(writer, indent.isEmpty ? 0 : 1), "xmlTextWriterSetIndent")
        if !indent.isEmpty {
            try check(
                withXMLChars(indent) { xmlTextWriterSetIndentString(writer, $0) },
                "xmlTextWriterSetIndentString")
        }
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
        xmlBufferFree(buffer)
    }

    /// Writes the `<?xml version="1.0" encoding="UTF-8"?>` declaration.
    public func startDocument() throws {
        try check(xmlTextWriterStartDocument(try open(), "1.0", "UTF-8", nil), "xmlTextWriterStartDocument")
    }

    /// Opens `<name`; attributes may follow until content is written.
    public func startElement(_ name: String) throws {
        let writer = try open()
        try check(withXMLChars(name) { xmlTextWriterStartElement(writer, $0) }, "xmlTextWriterStartElement")
    }

    /// Adds `name="value"` to the element just opened.
    public func attribute(_ name: String, _ value: String) throws {
        let writer = try open()
        let rc = withXMLChars(name) { name in
            withXMLChars(XMLText.sanitized(value)) { xmlTextWriterWriteAttribute(writer, name, $0) }
        }
        try check(rc, "xmlTextWriterWriteAttribute(\(name))")
    }

    /// Writes escaped character data.
    public func text(_ value: String) throws {
        let writer = try open()
        try check(
            withXMLChars(XMLText.sanitized(value)) { xmlTextWriterWriteString(writer, $0) },
            "xmlTextWriterWriteString")
    }

    /// Closes the innermost open element (`<a/>` when it has no content).
    public func endElement() throws {
        try check(xmlTextWriterEndElement(try open()), "xmlTextWriterEndElement")
    }

    /// Writes `<name attributes…>` with `body` as its content, then closes it.
    public func element(
        _ name: String, attributes: [(String, String)] = [],
        _ body: () throws -> Void = {}
    ) throws {
        try startElement(name)
        for (key, value) in attributes { try attribute(key, value) }
        try body()
        try endElement()
    }

    /// Writes `<name attributes…>text</name>`.
    public func element(_ name: String, attributes: [(String, String)] = [], text value: String) throws {
        try element(name, attributes: attributes) { try text(value) }
    }

    /// Closes every open element and returns the document's bytes; the writer is spent afterwards.
    public func finish() throws -> [UInt8] {
        let writer = try open()
        try check(xmlTextWriterEndDocument(writer), "xmlTextWriterEndDocument")
        // Freeing the writer flushes it into the buffer.
        xmlFreeTextWriter(writer)
        self.writer = nil
        let count = Int(xmlBufferLength(buffer))
        guard count > 0, let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: count))
    }

    private func open() throws -> xmlTextWriterPtr {
        guard let writer else { throw XMLError(function: "XMLWriter", messages: ["document already finished"]) }
        return writer
    }

    private func check(_ rc: Int32, _ function: String) throws {
        if rc < 0 { throw XMLError(function: function) }
    }
}

@available(*, unavailable)
extension XMLWriter: Sendable {}
