// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Yams

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
            errors.append(
                InputError(
                    file: file, line: mark?.line, column: mark?.column,
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
            guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any, let value = node.float
            else {
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
                return fail(
                    "invalid regular expression '\(scalar.string)'",
                    fix: "check its brackets, groups and escapes (in single-quoted YAML a backslash needs no doubling)")
            }
            if let problem = RegexSafety.problem(in: scalar.string) {
                return fail(
                    "refused regular expression: \(problem) on some lines, which would let a file hang the audit",
                    fix: "write it without nested repetition, e.g. `a+` rather than `(a|aa)+` or `(a+)+`")
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
                entries.append(
                    ConfigEntry(key: key, value: value, line: keyNode.mark?.line, column: keyNode.mark?.column))
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
                    errors.append(
                        InputError(
                            file: file, line: keyNode.mark?.line, column: keyNode.mark?.column,
                            key: path.isEmpty ? nil : path, message: "keys must be plain strings"))
                    continue
                }
                let keyPath = join(path, key)
                guard let field = fields.first(where: { $0.name == key }) else {
                    let names = fields.map(\.name)
                    let hint =
                        Suggest.nearest(key, in: names).map { "did you mean \($0)?" }
                        ?? "valid keys: \(names.joined(separator: ", "))"
                    errors.append(
                        InputError(
                            file: file, line: keyNode.mark?.line, column: keyNode.mark?.column,
                            key: keyPath, message: "unknown key", fix: hint))
                    continue
                }
                seen.insert(key)
                let value = validate(valueNode, against: field.shape, path: keyPath)
                entries.append(
                    ConfigEntry(key: key, value: value, line: keyNode.mark?.line, column: keyNode.mark?.column))
            }
            if enforceRequired {
                for field in fields where field.required && !seen.contains(field.name) {
                    errors.append(
                        InputError(
                            file: file, line: mark?.line, column: mark?.column,
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
