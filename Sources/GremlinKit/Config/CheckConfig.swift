// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A check's validated policy section, with the descriptor's defaults filled in.
public struct CheckConfig: Sendable {
    /// The merged values (file values over defaults).
    public let values: ConfigValue
    /// Where the section came from, for messages.
    public let file: String

    public init(values: ConfigValue, file: String) {
        self.values = values
        self.file = file
    }

    /// A section holding only the defaults of `fields`, merged under `overrides`.
    public init(fields: [Field], overrides: ConfigValue?, file: String) {
        var entries: [ConfigEntry] = overrides?.entries ?? []
        for field in fields where !entries.contains(where: { $0.key == field.name }) {
            if let value = field.defaultValue { entries.append(ConfigEntry(key: field.name, value: value)) }
        }
        self.init(values: .map(entries), file: file)
    }

    public subscript(key: String) -> ConfigValue? { values[key] }
    public func string(_ key: String) -> String? { values[key]?.string }
    public func strings(_ key: String) -> [String] { values[key]?.strings ?? [] }
    public func int(_ key: String) -> Int? { values[key]?.int }
    public func double(_ key: String) -> Double? { values[key]?.double }
    public func bool(_ key: String) -> Bool? { values[key]?.bool }
    /// Whether the policy file itself set the key (as opposed to a default).
    public func isSet(_ key: String) -> Bool { values.line(of: key) != nil }

    /// The value of a key the descriptor gives a default, as `T`. Absence means the descriptor
    /// lost the default its check's `Config` relies on: an error, never a silent fallback.
    public func decode<T: ConfigDecodable>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let value = decodeIfPresent(key, as: type) else {
            throw CheckError("internal: policy key `\(key)` has no value and no default (\(file))")
        }
        return value
    }

    /// The value of an optional key (one without a default), as `T`.
    public func decodeIfPresent<T: ConfigDecodable>(_ key: String, as type: T.Type = T.self) -> T? {
        values[key].flatMap(T.init(config:))
    }

    /// A closed-choice key (`.oneOf`) as its enum.
    public func decode<T: RawRepresentable>(_ key: String, as type: T.Type = T.self) throws -> T
    where T.RawValue == String {
        guard let raw = string(key), let value = T(rawValue: raw) else {
            throw CheckError("internal: policy key `\(key)` has no valid value and no default (\(file))")
        }
        return value
    }

    /// A compiled regex from a key already validated by the loader.
    public func regex(_ key: String) throws -> NSRegularExpression? {
        guard let pattern = string(key) else { return nil }
        return try compile(pattern, key: key)
    }

    /// Compiled regexes from a list key.
    public func regexes(_ key: String) throws -> [NSRegularExpression] {
        try strings(key).map { try compile($0, key: key) }
    }

    /// Named regexes from a mapping key (`patterns: {mrn: '…'}`), in file order.
    public func namedRegexes(_ key: String) throws -> [(name: String, regex: NSRegularExpression)] {
        try (values[key]?.entries ?? []).compactMap { entry in
            guard let pattern = entry.value.string else { return nil }
            return (entry.key, try compile(pattern, key: "\(key).\(entry.key)"))
        }
    }

    private func compile(_ pattern: String, key: String) throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            throw InputError(
                file: file, key: key, message: "invalid regular expression '\(pattern)'",
                fix: "check its brackets, groups and escapes")
        }
    }
}

/// A type a policy value decodes to.
public protocol ConfigDecodable {
    init?(config value: ConfigValue)
}

extension String: ConfigDecodable {
    public init?(config value: ConfigValue) {
        guard let string = value.string else { return nil }
        self = string
    }
}

extension Int: ConfigDecodable {
    public init?(config value: ConfigValue) {
        guard let number = value.int else { return nil }
        self = number
    }
}

extension Double: ConfigDecodable {
    public init?(config value: ConfigValue) {
        guard let number = value.double else { return nil }
        self = number
    }
}

extension Bool: ConfigDecodable {
    public init?(config value: ConfigValue) {
        guard let flag = value.bool else { return nil }
        self = flag
    }
}

extension Array: ConfigDecodable where Element == String {
    /// A list of strings, or one string as a list of one.
    public init?(config value: ConfigValue) {
        guard let strings = value.strings else { return nil }
        self = strings
    }
}
