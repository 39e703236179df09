// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// One check's settings in a policy: on or off, how much it matters, its own keys.
public struct CheckSettings: Sendable {
    public var enabled: Bool
    public var severity: Severity
    public var config: CheckConfig
    /// The line of the check's key under `checks:` in `config.file`, when known.
    public var line: Int? = nil
}

/// A loaded, validated policy: which checks it enforces and how.
public struct Policy: Sendable {
    /// `name:` of the policy (or the file name).
    public var name: String
    public var description: String?
    /// The file the user named.
    public var file: String
    /// Every file read, the named one first, then what it `extends:`.
    public var files: [URL]
    /// Settings of the checks listed under `checks:`; absent checks are disabled.
    public var checks: [String: CheckSettings]

    /// The settings of a check, or nil when the policy does not list it.
    public func settings(for id: String) -> CheckSettings? { checks[id] }
}

/// Loads policies: YAML syntax, closed key sets, types, regexes, `extends:`.
public enum PolicyLoader {
    /// The policy document's shape, built from the registered checks' descriptors.
    public static var shape: Shape {
        .object([
            Field("apiVersion", .oneOf(["gremlin/v1"]), required: true, doc: "always gremlin/v1"),
            Field("kind", .oneOf(["Policy"]), required: true, doc: "always Policy"),
            Field("name", .string, doc: "a short name shown in reports"),
            Field("description", .string, doc: "what the policy is for"),
            Field("extends", .string, doc: "a policy file this one refines, relative to this file"),
            Field(
                "checks",
                .object(
                    CheckRegistry.descriptors.map { descriptor in
                        Field(descriptor.id, descriptor.shape, doc: descriptor.title + ": " + descriptor.rationale)
                    }), doc: "the checks the policy enforces; a check not listed is skipped"),
        ])
    }

    /// Loads a policy file and what it extends.
    public static func load(path: String) throws -> Policy {
        var chain: [URL] = []
        let merged = try loadMerged(url: URL(fileURLWithPath: path).standardizedFileURL, display: path, chain: &chain)
        var checks: [String: CheckSettings] = [:]
        for entry in merged.value["checks"]?.entries ?? [] {
            guard let descriptor = CheckRegistry.check(entry.key)?.descriptor else { continue }
            let config = CheckConfig(
                fields: CheckDescriptor.commonKeys + descriptor.keys, overrides: entry.value,
                file: merged.files[entry.key] ?? path)
            if entry.key == SecurityCheck.descriptor.id {
                // A global that can never be allowed fails the load (exit 2), not only the security check.
                _ = try PicklePolicyAllowlist(
                    config.decode("pickle_allow"), file: config.file, key: "checks.security.pickle_allow")
            }
            checks[entry.key] = CheckSettings(
                enabled: config.bool("enabled") ?? true,
                severity: Severity(rawValue: config.string("severity") ?? "block") ?? .block,
                config: config, line: merged.value["checks"]?.line(of: entry.key))
        }
        let name =
            merged.value["name"]?.string
            ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return Policy(
            name: name, description: merged.value["description"]?.string, file: path,
            files: chain, checks: checks)
    }

    /// A validated document plus, per check id, the file its section last came from.
    private struct Merged {
        var value: ConfigValue
        var files: [String: String]
    }

    private static func loadMerged(url: URL, display: String, chain: inout [URL]) throws -> Merged {
        if chain.contains(url) {
            throw InputError(
                file: display, key: "extends",
                message: "policies extend each other in a cycle: "
                    + (chain + [url]).map(\.lastPathComponent).joined(separator: " → "),
                fix: "remove one of the extends: lines")
        }
        chain.append(url)
        let text = try readText(url: url, display: display)
        let node = try YAMLReader.compose(text, file: display)
        var validator = ShapeValidator(file: display, enforceRequired: true)
        let value = validator.validate(node, against: shape)
        if let first = validator.errors.first {
            throw InputErrors(validator.errors, first: first)
        }
        var files: [String: String] = [:]
        for entry in value["checks"]?.entries ?? [] { files[entry.key] = display }
        guard let parentPath = value["extends"]?.string else {
            return Merged(value: value, files: files)
        }
        let parentURL = url.deletingLastPathComponent().appendingPathComponent(parentPath).standardizedFileURL
        var parent = try loadMerged(url: parentURL, display: parentPath, chain: &chain)
        parent.value = merge(parent.value, over: value)
        parent.files.merge(files) { _, child in child }
        return parent
    }

    /// Deep merge: mappings merge key by key, anything else in `child` replaces `base`.
    static func merge(_ base: ConfigValue, over child: ConfigValue) -> ConfigValue {
        guard case .map(var baseEntries) = base, case .map(let childEntries) = child else { return child }
        for entry in childEntries {
            if let index = baseEntries.firstIndex(where: { $0.key == entry.key }) {
                baseEntries[index].value = merge(baseEntries[index].value, over: entry.value)
                baseEntries[index].line = entry.line
            } else {
                baseEntries.append(entry)
            }
        }
        return .map(baseEntries.filter { $0.key != "extends" })
    }

    static func readText(url: URL, display: String) throws -> String {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw InputError(
                file: display, message: "file not found",
                fix: "check the path (policies/production.yaml, pre-merge.yaml and release.yaml ship with gremlin)")
        }
        let data = try InputFiles.readRegularFile(url: url, display: display, what: "the file")
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: display, message: "the file is not UTF-8 text", fix: "save it as UTF-8")
        }
        return text
    }
}
