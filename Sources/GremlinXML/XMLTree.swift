// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors
// No Foundation in this target: libxml2's headers pull the system ICU (see Package.swift).

internal import CLibXML2

/// One element of a parsed document: its local name, namespace, attributes, child elements and
/// the text of its direct text (and CDATA) children. Enough to read small office documents.
public struct XMLElementNode: Sendable {
    /// The element's local name (`c`, not `x:c`).
    public var name: String
    /// The element's namespace URI, when it has one.
    public var namespace: String?
    /// Attributes in document order: local name, namespace URI, value.
    public var attributes: [(name: String, namespace: String?, value: String)]
    /// Child elements in document order.
    public var children: [XMLElementNode]
    /// The concatenated text of the element's direct text and CDATA children.
    public var text: String

    /// The value of the attribute with this local name (in any namespace, or in `namespace` when given).
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }?.value
    }

    /// The first child element with this local name.
    public func child(_ name: String) -> XMLElementNode? {
        children.first { $0.name == name }
    }

    /// Every child element with this local name.
    public func children(named name: String) -> [XMLElementNode] {
        children.filter { $0.name == name }
    }
}

/// Parses bytes into an `XMLElementNode` tree with libxml2 (no network, no DTD loading, no entity
/// substitution). C0 control characters other than tab, LF and CR are removed before libxml2 sees
/// the bytes: XML 1.0 forbids them, and they cannot be part of a multi-byte UTF-8 sequence.
public enum XMLTree {
    /// The root element of `bytes`; throws `XMLError` when they are not well-formed or hold more
    /// than `maxElements` elements.
    public static func parse(_ bytes: [UInt8], name: String, maxElements: Int = 2_000_000) throws -> XMLElementNode {
        let cleaned = bytes.contains(where: isStripped) ? bytes.filter { !isStripped($0) } : bytes
        let collector = ErrorCollector()
        let options = Int32(XML_PARSE_NONET.rawValue)
        let document = collector.capture { _ in
            cleaned.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    xmlReadMemory($0.baseAddress, Int32(clamping: $0.count), name, nil, options)
                }
            }
        }
        guard let document else {
            throw XMLError(
                function: "xmlReadMemory",
                messages: collector.messages.isEmpty ? ["\(name) is not well-formed XML"] : collector.messages)
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            throw XMLError(function: "xmlDocGetRootElement", messages: ["\(name) has no root element"])
        }
        var budget = maxElements
        return try convert(root, name: name, budget: &budget)
    }

    static func isStripped(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func convert(_ node: xmlNodePtr, name: String, budget: inout Int) throws -> XMLElementNode {
        budget -= 1
        guard budget >= 0 else {
            throw XMLError(function: "XMLTree.parse", messages: ["\(name) holds too many elements"])
        }
        var element = XMLElementNode(
            name: string(node.pointee.name), namespace: node.pointee.ns.map { string($0.pointee.href) },
            attributes: [], children: [], text: "")
        var attribute = node.pointee.properties
        while let current = attribute {
            var value = ""
            var part = current.pointee.children
            while let text = part {
                if text.pointee.type == XML_TEXT_NODE { value += string(text.pointee.content) }
                part = text.pointee.next
            }
            element.attributes.append(
                (string(current.pointee.name), current.pointee.ns.map { string($0.pointee.href) }, value))
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(try convert(current, name: name, budget: &budget))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                element.text += string(current.pointee.content)
            default:
                break
            }
            child = current.pointee.next
        }
        return element
    }
}
