// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The shape a YAML value must have; one description drives validation, defaults and the JSON Schema.
public indirect enum Shape: Sendable {
    case string
    case integer(minimum: Int?)
    case number
    case boolean
    /// A string that must compile as a regular expression.
    case regex
    /// One of a fixed set of strings.
    case oneOf([String])
    case list(Shape)
    /// Free-form keys, each value of one shape (e.g. named PII patterns).
    case dictionary(Shape)
    /// A closed set of keys: anything else is an error naming the nearest valid key.
    case object([Field])
    /// Either of two shapes (e.g. a string or a list of strings); the first that fits wins.
    case either(Shape, Shape)

    static let integer: Shape = .integer(minimum: nil)

    /// The fields of an object shape.
    var fields: [Field] {
        if case .object(let fields) = self { return fields }
        return []
    }

    /// A short noun for error messages.
    var noun: String {
        switch self {
        case .string: return "a string"
        case .integer(let minimum): return minimum.map { "an integer ≥ \($0)" } ?? "an integer"
        case .number: return "a number"
        case .boolean: return "true or false"
        case .regex: return "a regular expression (string)"
        case .oneOf(let values): return "one of " + values.joined(separator: ", ")
        case .list(.oneOf(let values)):
            return "a list of values among " + values.joined(separator: ", ")
        case .list(let element):
            return
                "a list of \(element.noun.replacingOccurrences(of: "a ", with: "").replacingOccurrences(of: "an ", with: ""))s"
        case .dictionary: return "a mapping"
        case .object: return "a mapping"
        case .either(let first, let second): return "\(first.noun) or \(second.noun)"
        }
    }
}

/// One key of an object shape.
public struct Field: Sendable {
    public var name: String
    public var shape: Shape
    public var required: Bool
    /// One line for `gremlin checks`, the README reference and the JSON Schema description.
    public var doc: String
    /// The value used when the key is absent.
    public var defaultValue: ConfigValue?

    public init(
        _ name: String, _ shape: Shape, required: Bool = false, default defaultValue: ConfigValue? = nil,
        doc: String
    ) {
        self.name = name
        self.shape = shape
        self.required = required
        self.doc = doc
        self.defaultValue = defaultValue
    }
}
