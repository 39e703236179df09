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
            throw InputError(file: file, key: key, message: "invalid regular expression '\(pattern)'",
                             fix: "check its brackets, groups and escapes")
        }
    }
}
