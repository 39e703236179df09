// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// A validated YAML value; mappings keep their file order and the line they came from.
public indirect enum ConfigValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([ConfigValue])
    case map([ConfigEntry])
    case null

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }
    public var int: Int? {
        if case .int(let value) = self { return value }
        return nil
    }
    public var double: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
    public var list: [ConfigValue]? {
        if case .list(let value) = self { return value }
        return nil
    }
    /// Strings of a list, or a single string as a one-element list.
    public var strings: [String]? {
        switch self {
        case .list(let values): return values.compactMap(\.string)
        case .string(let value): return [value]
        default: return nil
        }
    }
    public var entries: [ConfigEntry]? {
        if case .map(let value) = self { return value }
        return nil
    }
    /// Member lookup for mappings.
    public subscript(key: String) -> ConfigValue? {
        entries?.first { $0.key == key }?.value
    }
    /// The line a member was written on, for messages about it.
    public func line(of key: String) -> Int? {
        entries?.first { $0.key == key }?.line
    }
}

/// One key/value pair of a mapping, with the line the key is on.
public struct ConfigEntry: Sendable, Equatable {
    public var key: String
    public var value: ConfigValue
    public var line: Int?
    public var column: Int?

    public init(key: String, value: ConfigValue, line: Int? = nil, column: Int? = nil) {
        self.key = key
        self.value = value
        self.line = line
        self.column = column
    }
}
