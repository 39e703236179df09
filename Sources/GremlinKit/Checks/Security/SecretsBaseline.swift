// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The secrets baseline (`.gremlin/secrets-baseline.json`): fingerprints of accepted matches.
///
/// Entries are keyed by fingerprint (rule + content hash), never by line, so a moved line, a
/// renamed file or a rebase keeps a secret suppressed while a new secret on an old line is caught.
public struct SecretsBaseline: Codable, Sendable, Equatable {
    /// The `schema` value this version writes and accepts.
    public static let schemaID = "gremlin.secrets-baseline/v1"
    /// Where the baseline lives by default, relative to the repository root.
    public static let defaultPath = ".gremlin/secrets-baseline.json"

    /// One accepted fingerprint.
    public struct Entry: Codable, Sendable, Hashable {
        public var fingerprint: String
        public var rule: String
        /// Where the secret was when it was baselined; informational, not used for matching.
        public var path: String

        public init(fingerprint: String, rule: String, path: String) {
            self.fingerprint = fingerprint
            self.rule = rule
            self.path = path
        }
    }

    public var schema: String
    /// Sorted by fingerprint, one entry per fingerprint.
    public private(set) var entries: [Entry]

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case schema, entries
    }

    public init(entries: [Entry] = []) {
        self.schema = Self.schemaID
        self.entries = Self.normalized(entries)
    }

    /// A baseline accepting every match given (what `gremlin secrets --baseline-update` writes).
    public init(matches: [SecretMatch]) {
        self.init(entries: matches.map { Entry(fingerprint: $0.fingerprint, rule: $0.rule, path: $0.path) })
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schema = try container.decode(String.self, forKey: .schema)
        entries = Self.normalized(try container.decode([Entry].self, forKey: .entries))
    }

    /// Sorted by fingerprint; when one fingerprint appears at several paths the first path wins.
    private static func normalized(_ entries: [Entry]) -> [Entry] {
        let sorted = entries.sorted {
            if $0.fingerprint != $1.fingerprint { return $0.fingerprint < $1.fingerprint }
            if $0.path != $1.path { return $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            return $0.rule < $1.rule
        }
        var result: [Entry] = []
        for entry in sorted where result.last?.fingerprint != entry.fingerprint { result.append(entry) }
        return result
    }

    /// Parses and validates a baseline; `path` names the file in error messages.
    public static func load(data: Data, path: String) throws -> SecretsBaseline {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw SecretsBaselineError.invalidJSON(path: path)
        }
        guard let top = object as? [String: Any] else { throw SecretsBaselineError.invalidJSON(path: path) }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = top.keys.sorted().first(where: { !known.contains($0) }) {
            throw SecretsBaselineError.unknownKey(path: path, key: unknown)
        }
        if let entries = top["entries"] as? [[String: Any]] {
            let entryKeys: Set<String> = ["fingerprint", "rule", "path"]
            for (index, entry) in entries.enumerated() {
                if let unknown = entry.keys.sorted().first(where: { !entryKeys.contains($0) }) {
                    throw SecretsBaselineError.unknownKey(path: path, key: "entries[\(index)].\(unknown)")
                }
                if let fingerprint = entry["fingerprint"] as? String, !isFingerprint(fingerprint) {
                    throw SecretsBaselineError.badFingerprint(path: path, index: index)
                }
            }
        }
        let baseline: SecretsBaseline
        do {
            baseline = try JSONDecoder().decode(SecretsBaseline.self, from: data)
        } catch {
            throw SecretsBaselineError.invalidShape(path: path)
        }
        guard baseline.schema == schemaID else {
            throw SecretsBaselineError.unsupportedSchema(path: path, found: baseline.schema)
        }
        return baseline
    }

    /// Reads a baseline file; a missing file is the caller's decision (SPEC: no suppressions).
    public static func load(from url: URL) throws -> SecretsBaseline {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SecretsBaselineError.unreadable(path: url.path)
        }
        return try load(data: data, path: url.path)
    }

    /// Deterministic bytes: sorted keys, two-space indentation, trailing newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Writes the baseline, creating its directory.
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoded().write(to: url, options: .atomic)
    }

    /// True when `fingerprint` is accepted.
    public func contains(fingerprint: String) -> Bool {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].fingerprint < fingerprint { low = mid + 1 } else { high = mid }
        }
        return low < entries.count && entries[low].fingerprint == fingerprint
    }

    /// Splits matches into new and suppressed, and lists entries no match used.
    public func apply(to matches: [SecretMatch]) -> BaselineApplication {
        var fresh: [SecretMatch] = []
        var suppressed: [SecretMatch] = []
        var used = Set<String>()
        for match in matches {
            if contains(fingerprint: match.fingerprint) {
                suppressed.append(match)
                used.insert(match.fingerprint)
            } else {
                fresh.append(match)
            }
        }
        return BaselineApplication(
            new: fresh, suppressed: suppressed,
            unused: entries.filter { !used.contains($0.fingerprint) })
    }

    static func isFingerprint(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}

/// The result of applying a baseline to a scan.
public struct BaselineApplication: Sendable {
    /// Matches whose fingerprint is not in the baseline: these fail the check.
    public var new: [SecretMatch]
    /// Matches the baseline accepts.
    public var suppressed: [SecretMatch]
    /// Baseline entries no match used (secrets since removed): reported so the file can be pruned.
    public var unused: [SecretsBaseline.Entry]
}

/// Why a secrets baseline could not be read; every message names the file and the fix.
public enum SecretsBaselineError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String)
    case invalidJSON(path: String)
    case invalidShape(path: String)
    case unknownKey(path: String, key: String)
    case unsupportedSchema(path: String, found: String)
    case badFingerprint(path: String, index: Int)

    public var description: String {
        let fix = "regenerate it with `gremlin secrets --baseline-update`"
        switch self {
        case .unreadable(let path):
            return "\(path): cannot read the secrets baseline; check the path and permissions"
        case .invalidJSON(let path):
            return "\(path): the secrets baseline is not a JSON object; \(fix)"
        case .invalidShape(let path):
            return "\(path): the secrets baseline needs `schema` and `entries` of {fingerprint, rule, path}; \(fix)"
        case .unknownKey(let path, let key):
            return "\(path): unknown key '\(InputExcerpt.short(key))' in the secrets baseline; \(fix)"
        case .unsupportedSchema(let path, let found):
            return "\(path): schema '\(InputExcerpt.short(found))' is not '\(SecretsBaseline.schemaID)'; \(fix)"
        case .badFingerprint(let path, let index):
            return "\(path): entries[\(index)].fingerprint is not 32 lower-case hex digits; \(fix)"
        }
    }
}
