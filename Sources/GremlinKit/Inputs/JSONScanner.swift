// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A parsed JSON value with the line and column where it starts.
struct JSONNode: Sendable {
    enum Kind: Sendable {
        case object([(key: String, value: JSONNode)])
        case array([JSONNode])
        case number(Double)
        case string(String)
        case bool(Bool)
        case null

        var name: String {
            switch self {
            case .object: return "an object"
            case .array: return "a list"
            case .number: return "a number"
            case .string: return "a string"
            case .bool: return "a boolean"
            case .null: return "null"
            }
        }
    }

    let kind: Kind
    let line: Int
    let column: Int
}

/// A strict RFC 8259 parser that keeps positions, so an error can point at the line; Foundation's
/// parser reports neither line nor key, and some versions accept NaN.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    var position = 0
    var line = 1
    var lineStart = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        lineStart = position
    }

    var column: Int {
        var count = 1
        for offset in lineStart..<min(position, bytes.count) where bytes[offset] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    func error(_ message: String, _ fix: String = "write valid JSON (RFC 8259)") -> InputError {
        InputError(file: file, line: line, column: column, message: message, fix: fix)
    }

    mutating func document() throws -> JSONNode {
        skipSpace()
        guard position < bytes.count else {
            throw InputError(file: file, line: 1, message: "the file is empty", fix: "write a JSON object of metrics")
        }
        let node = try value()
        skipSpace()
        guard position == bytes.count else { throw error("unexpected text after the JSON value") }
        return node
    }

    mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "\n"):
                position += 1
                line += 1
                lineStart = position
            default:
                return
            }
        }
    }

    mutating func value() throws -> JSONNode {
        guard position < bytes.count else { throw error("the JSON ends too early") }
        let (startLine, startColumn) = (line, column)
        func node(_ kind: JSONNode.Kind) -> JSONNode { JSONNode(kind: kind, line: startLine, column: startColumn) }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else { throw error("nesting deeper than 64 levels") }
            position += 1
            var members: [(key: String, value: JSONNode)] = []
            skipSpace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
                position += 1
                return node(.object(members))
            }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw error("expected a quoted key")
                }
                let keyLine = line
                let keyColumn = column
                let key = try string()
                if members.contains(where: { $0.key == key }) {
                    throw InputError(
                        file: file, line: keyLine, column: keyColumn, key: key,
                        message: "the key appears twice in one object", fix: "keep one of them")
                }
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                    throw error("expected ':' after a key")
                }
                position += 1
                skipSpace()
                members.append((key, try value()))
                skipSpace()
                guard position < bytes.count else { throw error("the JSON ends inside an object") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                if bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return node(.object(members))
                }
                throw error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else { throw error("nesting deeper than 64 levels") }
            position += 1
            var items: [JSONNode] = []
            skipSpace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
                position += 1
                return node(.array(items))
            }
            while true {
                skipSpace()
                items.append(try value())
                skipSpace()
                guard position < bytes.count else { throw error("the JSON ends inside a list") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return node(.array(items))
                }
                throw error("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return node(.string(try string()))
        case UInt8(ascii: "t"):
            try literal("true")
            return node(.bool(true))
        case UInt8(ascii: "f"):
            try literal("false")
            return node(.bool(false))
        case UInt8(ascii: "n"):
            try literal("null")
            return node(.null)
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw error(
                "NaN and Infinity are not numbers in JSON",
                "write a finite number (Python: json.dump(..., allow_nan=False) catches this)")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return node(.number(try number()))
        default:
            throw error("unexpected character")
        }
    }

    mutating func literal(_ word: String) throws {
        for byte in word.utf8 {
            guard position < bytes.count, bytes[position] == byte else { throw error("expected '\(word)'") }
            position += 1
        }
    }

    mutating func number() throws -> Double {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                position += 1
            }
            return position - from
        }
        if bytes[position] == UInt8(ascii: "-") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "I") || bytes[position] == UInt8(ascii: "N") {
                throw error("-Infinity is not a number in JSON", "write a finite number")
            }
        }
        let integer = digits()
        guard integer > 0 else { throw error("a number needs digits") }
        if integer > 1 && bytes[position - integer] == UInt8(ascii: "0") {
            throw error("a number must not start with 0")
        }
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("a number needs digits after the decimal point") }
        }
        if position < bytes.count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
            position += 1
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"))
            {
                position += 1
            }
            guard digits() > 0 else { throw error("a number needs digits in its exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw error("not a number") }
        return value
    }

    mutating func string() throws -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() throws {
            guard !raw.isEmpty else { return }
            guard let text = raw.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) else {
                throw error("a string is not valid UTF-8", "save the file as UTF-8")
            }
            scalars.append(contentsOf: text.unicodeScalars)
            raw.removeAll(keepingCapacity: true)
        }
        while true {
            guard position < bytes.count else { throw error("a string is never closed") }
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                try flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush()
                guard position < bytes.count else { throw error("a string is never closed") }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                            bytes[position + 1] == UInt8(ascii: "u")
                        else {
                            throw error("an unpaired UTF-16 surrogate in a \\u escape")
                        }
                        position += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw error("an unpaired UTF-16 surrogate in a \\u escape")
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("an invalid \\u escape") }
                    scalars.append(scalar)
                default:
                    throw error("an invalid escape in a string")
                }
            case 0x00..<0x20:
                throw error("a control character inside a string", "escape it (\\n, \\t, \\u0001)")
            default:
                raw.append(byte)
            }
        }
    }

    mutating func hex4() throws -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count, let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue else {
                throw error("a \\u escape needs four hex digits")
            }
            code = code * 16 + UInt32(digit)
            position += 1
        }
        return code
    }
}
