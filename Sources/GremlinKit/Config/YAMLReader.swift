// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Yams

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
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return InputError(
                file: file, line: mark.line, column: mark.column, message: message,
                fix: "fix the YAML syntax at this position")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return InputError(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(duplicates.sorted().joined(separator: ", "))",
                fix: "keep one of them")
        case .reader(let problem, _, _, _):
            return InputError(
                file: file, message: "cannot read the YAML stream: \(problem)",
                fix: "save the file as UTF-8 text")
        default:
            return InputError(file: file, message: "cannot parse the YAML: \(error)")
        }
    }
}
