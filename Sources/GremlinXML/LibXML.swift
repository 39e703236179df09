// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors
// No Foundation in this target: libxml2's headers pull the system ICU (see Package.swift).

internal import CLibXML2

/// An error libxml2 reported, with the function that failed and the messages it collected.
public struct XMLError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The libxml2 function (or step) that failed.
    public var function: String
    /// The messages libxml2 reported, one per problem.
    public var messages: [String]

    public init(function: String, messages: [String] = []) {
        self.function = function
        self.messages = messages
    }

    public var description: String {
        messages.isEmpty ? "libxml2: \(function) failed" : "libxml2: \(function): " + messages.joined(separator: "; ")
    }
}

/// libxml2 keeps process-wide tables (character handlers, dictionaries) that must be set up once,
/// before any two threads touch the parser; a Swift global initializer runs exactly once.
private let libxml2Ready: Bool = {
    xmlInitParser()
    return true
}()

/// Call before any libxml2 use; cheap after the first call.
func ensureLibXML2() {
    _ = libxml2Ready
}

/// The libxml2 version this binary is linked against.
public func libxml2Version() -> String {
    ensureLibXML2()
    return String(cString: __xmlParserVersion().pointee!)
}

/// Collects libxml2's structured errors for one operation.
final class ErrorCollector {
    var messages: [String] = []

    /// The C callback: `userData` is an unretained `ErrorCollector` that outlives the operation.
    static let handler: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let collector = Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue()
        collector.append(error.pointee)
    }

    func append(_ error: xmlError) {
        var text = error.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        while let last = text.last, last == "\n" || last == " " { text.removeLast() }
        if error.line > 0 {
            text = "line \(error.line)" + (error.int2 > 0 ? ":\(error.int2)" : "") + ": " + text
        }
        messages.append(text)
    }

    /// Routes libxml2's thread-local structured error handler here while `body` runs.
    ///
    /// libxml2 (built with thread support, as every distribution ships it) keeps this handler
    /// per thread, and `body` is synchronous, so other threads' operations are unaffected.
    func capture<T>(_ body: (UnsafeMutableRawPointer) throws -> T) rethrows -> T {
        ensureLibXML2()
        let context = Unmanaged.passUnretained(self).toOpaque()
        let previousHandler = __xmlStructuredError().pointee
        let previousContext = __xmlStructuredErrorContext().pointee
        xmlSetStructuredErrorFunc(context, ErrorCollector.handler)
        defer { xmlSetStructuredErrorFunc(previousContext, previousHandler) }
        return try withExtendedLifetime(self) { try body(context) }
    }
}

/// Calls `body` with a NUL-terminated UTF-8 copy of `text` typed as libxml2's `xmlChar`.
func withXMLChars<T>(_ text: String, _ body: (UnsafePointer<xmlChar>) throws -> T) rethrows -> T {
    try text.utf8CString.withUnsafeBufferPointer { buffer in
        try buffer.withMemoryRebound(to: xmlChar.self) { try body($0.baseAddress!) }
    }
}
