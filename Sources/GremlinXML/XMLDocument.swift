// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors
// No Foundation in this target: libxml2's headers pull the system ICU (see Package.swift).

internal import CLibXML2

/// Never fetch DTDs or schemas over the network while reading reports.
private let parseOptions = Int32(XML_PARSE_NONET.rawValue)

/// Reads `bytes` into a libxml2 document, or throws the parser's messages.
private func readDocument(_ bytes: [UInt8], name: String) throws -> xmlDocPtr {
    let collector = ErrorCollector()
    let document = collector.capture { _ in
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                xmlReadMemory($0.baseAddress, Int32(clamping: $0.count), name, nil, parseOptions)
            }
        }
    }
    guard let document else {
        throw XMLError(
            function: "xmlReadMemory",
            messages: collector.messages.isEmpty
                ? ["\(name) is not well-formed XML"] : collector.messages)
    }
    return document
}

/// A parsed XML document that answers XPath queries; meant for tests and report consumers.
public final class ParsedXML {
    private let document: xmlDocPtr

    /// Parses `bytes` (network access disabled); throws `XMLError` when they are not well-formed.
    public init(bytes: [UInt8]) throws {
        document = try readDocument(bytes, name: "document.xml")
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The string value of every node `xpath` selects, in document order; a scalar result
    /// (`count(…)`, `string(…)`, `boolean(…)`) is returned as its one-element text form.
    public func values(_ xpath: String) throws -> [String] {
        let collector = ErrorCollector()
        return try collector.capture { _ in
            guard let context = xmlXPathNewContext(document) else { throw XMLError(function: "xmlXPathNewContext") }
            defer { xmlXPathFreeContext(context) }
            guard let result = withXMLChars(xpath, { xmlXPathEvalExpression($0, context) }) else {
                throw XMLError(function: "xmlXPathEvalExpression(\(xpath))", messages: collector.messages)
            }
            defer { xmlXPathFreeObject(result) }
            switch result.pointee.type {
            case XPATH_NODESET:
                guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0,
                    let nodes = set.pointee.nodeTab
                else { return [] }
                return try (0..<Int(set.pointee.nodeNr)).map { try stringValue(of: nodes[$0]) }
            case XPATH_NUMBER:
                let number = result.pointee.floatval
                if number.isFinite, number == number.rounded(), abs(number) < 1e15 { return [String(Int(number))] }
                return [String(number)]
            case XPATH_BOOLEAN:
                return [result.pointee.boolval != 0 ? "true" : "false"]
            case XPATH_STRING:
                return [result.pointee.stringval.map { String(cString: $0) } ?? ""]
            default:
                throw XMLError(function: "xmlXPathEvalExpression(\(xpath))", messages: ["unsupported result type"])
            }
        }
    }

    /// How many nodes `xpath` selects.
    public func count(_ xpath: String) throws -> Int {
        try values(xpath).count
    }

    /// The name of the document's root element.
    public var rootName: String? {
        xmlDocGetRootElement(document).flatMap { $0.pointee.name.map { String(cString: $0) } }
    }

    private func stringValue(of node: xmlNodePtr?) throws -> String {
        guard let node else { return "" }
        guard let buffer = xmlBufferCreate() else { throw XMLError(function: "xmlBufferCreate") }
        defer { xmlBufferFree(buffer) }
        guard xmlNodeBufGetContent(buffer, node) == 0 else { throw XMLError(function: "xmlNodeBufGetContent") }
        let count = Int(xmlBufferLength(buffer))
        guard count > 0, let content = xmlBufferContent(buffer) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: content, count: count), as: UTF8.self)
    }
}

@available(*, unavailable)
extension ParsedXML: Sendable {}

/// Validates `xml` against the W3C XML Schema at `path`; returns libxml2's messages, empty when valid.
///
/// A schema that cannot be read or compiled, or a document that is not well-formed, is reported
/// as messages too, so a caller never mistakes a broken check for a pass.
public func validate(xml: [UInt8], againstXSDAt path: String) -> [String] {
    let collector = ErrorCollector()
    return collector.capture { context in
        guard let parser = xmlSchemaNewParserCtxt(path) else { return ["cannot open XML schema \(path)"] }
        xmlSchemaSetParserStructuredErrors(parser, ErrorCollector.handler, context)
        let schema = xmlSchemaParse(parser)
        xmlSchemaFreeParserCtxt(parser)
        guard let schema else {
            return ["XML schema \(path) could not be compiled"] + collector.messages
        }
        defer { xmlSchemaFree(schema) }

        let document: xmlDocPtr
        do {
            document = try readDocument(xml, name: "document.xml")
        } catch let error as XMLError {
            return ["not well-formed XML"] + error.messages
        } catch {
            return ["not well-formed XML"]
        }
        defer { xmlFreeDoc(document) }

        guard let validator = xmlSchemaNewValidCtxt(schema) else { return ["xmlSchemaNewValidCtxt failed"] }
        defer { xmlSchemaFreeValidCtxt(validator) }
        xmlSchemaSetValidStructuredErrors(validator, ErrorCollector.handler, context)
        collector.messages.removeAll()
        let rc = xmlSchemaValidateDoc(validator, document)
        if rc != 0 && collector.messages.isEmpty {
            return ["document does not validate against \(path) (libxml2 code \(rc))"]
        }
        return rc == 0 ? [] : collector.messages
    }
}
