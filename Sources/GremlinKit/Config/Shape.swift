// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Yams

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
        case .list(let element): return "a list of \(element.noun.replacingOccurrences(of: "a ", with: "").replacingOccurrences(of: "an ", with: ""))s"
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

    public init(_ name: String, _ shape: Shape, required: Bool = false, default defaultValue: ConfigValue? = nil,
                doc: String) {
        self.name = name
        self.shape = shape
        self.required = required
        self.doc = doc
        self.defaultValue = defaultValue
    }
}

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

/// Reads YAML text into a `Yams.Node`, turning syntax errors into `InputError`s with line and column.
enum YAMLReader {
    static func compose(_ text: String, file: String) throws -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw InputError(file: file, message: "the file is empty", fix: "write the document, see the README")
            }
            return node
        } catch let error as YamlError {
            throw inputError(error, file: file)
        }
    }

    static func inputError(_ error: YamlError, file: String) -> InputError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return InputError(file: file, line: mark.line, column: mark.column, message: message,
                              fix: "fix the YAML syntax at this position")
        case let .duplicatedKeysInMapping(duplicates, context):
            return InputError(file: file, line: context.mark.line, column: context.mark.column,
                              message: "duplicate key \(duplicates.sorted().joined(separator: ", "))",
                              fix: "keep one of them")
        case let .reader(problem, _, _, _):
            return InputError(file: file, message: "cannot read the YAML stream: \(problem)",
                              fix: "save the file as UTF-8 text")
        default:
            return InputError(file: file, message: "cannot parse the YAML: \(error)")
        }
    }
}

/// Checks a YAML node against a `Shape`, collecting every error with file, line, column and key path.
struct ShapeValidator {
    let file: String
    /// When false, required fields may be absent (a policy that `extends:` another fills them later).
    var enforceRequired = true
    private(set) var errors: [InputError] = []

    init(file: String, enforceRequired: Bool = true) {
        self.file = file
        self.enforceRequired = enforceRequired
    }

    mutating func validate(_ node: Node, against shape: Shape, path: String = "") -> ConfigValue {
        let mark = node.mark
        func fail(_ message: String, fix: String? = nil) -> ConfigValue {
            errors.append(InputError(file: file, line: mark?.line, column: mark?.column,
                                     key: path.isEmpty ? nil : path, message: message, fix: fix))
            return .null
        }
        if case .alias = node {
            return fail("YAML aliases are not supported here", fix: "write the value out")
        }
        switch shape {
        case .string:
            guard let scalar = node.scalar, !isNull(scalar) else {
                return fail("expected a string, got \(describe(node))")
            }
            return .string(scalar.string)
        case .integer(let minimum):
            guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any, let value = node.int else {
                return fail("expected an integer, got \(describe(node))")
            }
            if let minimum, value < minimum {
                return fail("must be at least \(minimum), got \(value)")
            }
            return .int(value)
        case .number:
            guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any, let value = node.float else {
                return fail("expected a number, got \(describe(node))")
            }
            guard value.isFinite else { return fail("must be a finite number, got \(scalar.string)") }
            if let int = node.int { return .int(int) }
            return .double(value)
        case .boolean:
            guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any, let value = node.bool else {
                return fail("expected true or false, got \(describe(node))")
            }
            return .bool(value)
        case .regex:
            guard let scalar = node.scalar, !isNull(scalar) else {
                return fail("expected a regular expression, got \(describe(node))")
            }
            do {
                _ = try NSRegularExpression(pattern: scalar.string)
            } catch {
                return fail("invalid regular expression '\(scalar.string)'",
                            fix: "check its brackets, groups and escapes (in single-quoted YAML a backslash needs no doubling)")
            }
            return .string(scalar.string)
        case .oneOf(let allowed):
            guard let scalar = node.scalar, !isNull(scalar) else {
                return fail("expected one of \(allowed.joined(separator: ", ")), got \(describe(node))")
            }
            guard allowed.contains(scalar.string) else {
                let hint = Suggest.nearest(scalar.string, in: allowed).map { "did you mean \($0)?" }
                return fail("'\(scalar.string)' is not one of \(allowed.joined(separator: ", "))", fix: hint)
            }
            return .string(scalar.string)
        case .list(let element):
            guard let sequence = node.sequence else {
                return fail("expected \(shape.noun), got \(describe(node))")
            }
            var values: [ConfigValue] = []
            for (index, item) in sequence.enumerated() {
                values.append(validate(item, against: element, path: "\(path)[\(index)]"))
            }
            return .list(values)
        case .dictionary(let valueShape):
            guard let mapping = node.mapping else {
                return fail("expected a mapping, got \(describe(node))")
            }
            var entries: [ConfigEntry] = []
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.scalar?.string else { continue }
                let value = validate(valueNode, against: valueShape, path: join(path, key))
                entries.append(ConfigEntry(key: key, value: value, line: keyNode.mark?.line, column: keyNode.mark?.column))
            }
            return .map(entries)
        case .object(let fields):
            guard let mapping = node.mapping else {
                return fail("expected a mapping, got \(describe(node))")
            }
            var entries: [ConfigEntry] = []
            var seen = Set<String>()
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.scalar?.string else {
                    errors.append(InputError(file: file, line: keyNode.mark?.line, column: keyNode.mark?.column,
                                             key: path.isEmpty ? nil : path, message: "keys must be plain strings"))
                    continue
                }
                let keyPath = join(path, key)
                guard let field = fields.first(where: { $0.name == key }) else {
                    let names = fields.map(\.name)
                    let hint = Suggest.nearest(key, in: names).map { "did you mean \($0)?" }
                        ?? "valid keys: \(names.joined(separator: ", "))"
                    errors.append(InputError(file: file, line: keyNode.mark?.line, column: keyNode.mark?.column,
                                             key: keyPath, message: "unknown key", fix: hint))
                    continue
                }
                seen.insert(key)
                let value = validate(valueNode, against: field.shape, path: keyPath)
                entries.append(ConfigEntry(key: key, value: value, line: keyNode.mark?.line, column: keyNode.mark?.column))
            }
            if enforceRequired {
                for field in fields where field.required && !seen.contains(field.name) {
                    errors.append(InputError(file: file, line: mark?.line, column: mark?.column,
                                             key: join(path, field.name), message: "required key is missing",
                                             fix: "add `\(field.name):` (\(field.doc))"))
                }
            }
            return .map(entries)
        case .either(let first, let second):
            var trial = ShapeValidator(file: file, enforceRequired: enforceRequired)
            let value = trial.validate(node, against: first, path: path)
            if trial.errors.isEmpty { return value }
            var other = ShapeValidator(file: file, enforceRequired: enforceRequired)
            let otherValue = other.validate(node, against: second, path: path)
            if other.errors.isEmpty { return otherValue }
            return fail("expected \(shape.noun), got \(describe(node))")
        }
    }

    private func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if isNull(scalar) { return "nothing (null)" }
            let text = scalar.string
            return "'\(text.count > 40 ? String(text.prefix(40)) + "…" : text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// "Did you mean …?" — the nearest candidate by edit distance, when it is near enough to be a typo.
public enum Suggest {
    public static func nearest(_ word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let limit = max(2, min(word.count, candidate.count) / 3)
        return distance <= limit ? candidate : nil
    }

    /// Damerau–Levenshtein (optimal string alignment): a swapped pair of letters costs one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
