// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser

/// A choice option that parsing never rejects: its command's `validate()` does, so that the
/// message says what the option must be — `--junit-flavor must be gitlab or strict, not
/// 'xml'`, the wording the end-to-end tests pin — where ArgumentParser's own would be "The
/// value 'xml' is invalid for '--junit-flavor <junit-flavor>'. Please provide one of …".
/// `--help` and shell completion still list `Value`'s values. Choice options without pinned
/// wording are plain enum options.
struct LenientChoice<Value: ExpressibleByArgument & CaseIterable & Sendable>: ExpressibleByArgument, Sendable {
    /// What the command line said.
    let argument: String
    /// The value; nil when `argument` is none of `Value`'s, which `validate(_:)` rejects.
    let value: Value?

    init(_ value: Value) {
        self.argument = value.defaultValueDescription
        self.value = value
    }

    init?(argument: String) {
        self.argument = argument
        self.value = Value(argument: argument)
    }

    /// Throws the usage error for a value that is none of `Value`'s:
    /// "OPTION must be A or B, not 'X'" (or "must be one of A, B, C, not 'X'").
    func validate(_ option: String) throws {
        guard value == nil else { return }
        let values = Self.allValueStrings
        let choices = values.count == 2 ? "\(values[0]) or \(values[1])" : "one of " + values.joined(separator: ", ")
        throw ValidationError("\(option) must be \(choices), not '\(argument)'")
    }

    var defaultValueDescription: String { argument }
    static var allValueStrings: [String] { Value.allValueStrings }
    static var allValueDescriptions: [String: String] { Value.allValueDescriptions }
    static var defaultCompletionKind: CompletionKind { Value.defaultCompletionKind }
}
