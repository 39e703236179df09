// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// An input the gate cannot read or trust: it names the file, the key or line, and the fix.
///
/// Every user error ends here and maps to exit code 2; its text never carries secret or patient data.
public struct InputError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file at fault, as the user named it.
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// Dotted key path inside the file (`checks.performance.min_delta`).
    public var key: String?
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var fix: String?

    public init(
        file: String? = nil, line: Int? = nil, column: Int? = nil, key: String? = nil,
        message: String, fix: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
        self.fix = fix
    }

    public var description: String {
        var text = ""
        if let file {
            text += file
            if let line {
                text += ":\(line)"
                if let column { text += ":\(column)" }
            }
            text += ": "
        }
        if let key { text += "\(key): " }
        text += message
        if let fix { text += " — \(fix)" }
        return text
    }
}

/// Several input errors found in one file (every unknown key, not just the first).
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [InputError]

    public init(_ errors: [InputError], first: InputError) {
        self.errors = errors.isEmpty ? [first] : errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
