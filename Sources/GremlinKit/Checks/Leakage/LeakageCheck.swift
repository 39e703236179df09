// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// Leakage Verified: No patient appears in two of the train, validation and test splits.
public struct LeakageCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "leakage",
        title: "Leakage Verified",
        rationale: "No patient appears in two of the train, validation and test splits.",
        reads: "the manifest's split files",
        needsManifest: true,
        after: [],
        keys: [
            Field(
                "normalize", .oneOf(IDNormalization.allCases.map(\.rawValue)), default: .string("trim"),
                doc: "trim: strip whitespace, BOM, CR (non-ASCII IDs also to NFC without format characters such as "
                    + "U+200B); casefold: then case-insensitively; nfkc: also fold compatibility forms (full-width "
                    + "digits); nfkc_casefold: both"),
            Field(
                "unusual_ids", .oneOf(["note", "fail"]), default: .string("note"),
                doc: "IDs holding invisible or non-ASCII characters (compared after normalising): note, or fail"),
            Field(
                "splits", .list(.string), default: .list(["train", "validation", "test"].map(ConfigValue.string)),
                doc: "split names, in the order overlap pairs are reported"),
        ],
        examples: ["normalize: casefold\nsplits: [train, test]", "normalize: nfkc\nunusual_ids: fail"]
    )

    /// Salted examples listed per overlapping pair.
    static let examplesPerPair = 5

    public init() {}

    /// The `leakage` policy section.
    public struct Config: CheckConfiguration {
        public var splits: [String]
        public var normalize: IDNormalization
        /// Whether an ID with invisible or non-ASCII characters fails the check (else a note).
        public var failUnusualIDs: Bool
        public var file: String

        public init(_ section: CheckConfig) throws {
            splits = try section.decode("splits")
            normalize = try section.decode("normalize")
            failUnusualIDs = try section.decode("unusual_ids", as: String.self) == "fail"
            file = section.file
        }
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        let manifest = try context.requireManifest(for: "leakage")
        let names = config.splits
        guard names.count >= 2, Set(names).count == names.count else {
            throw InputError(
                file: config.file, key: "checks.leakage.splits",
                message: "needs at least two distinct split names", fix: "e.g. [train, validation, test]")
        }
        let normalization = config.normalize
        let sources = try Self.sources(manifest: manifest, names: names, files: context.files, deferDigests: true)
        let analysis = try LeakageAnalysis.run(sources: sources, names: names, normalization: normalization)
        return analysis.outcome(failUnusualIDs: config.failUnusualIDs)
    }

    /// The split files (or the one assignment file) the manifest names, read and digested. With
    /// `deferDigests`, a source's `sha256` is left to its `digest` (which records it), for
    /// `LeakageAnalysis.run` to compute beside the parse; a file that cannot be opened still has
    /// the others digested before the error is thrown.
    static func sources(
        manifest: Manifest, names: [String], files: InputFiles, deferDigests: Bool = false
    ) throws -> [SplitSource] {
        guard let splits = manifest.splits else {
            throw InputError(
                file: manifest.file, key: "splits", message: "the manifest has no splits section",
                fix: "name one file per split (train:, validation:, test:) or an `assignments:` file")
        }
        if let assignments = splits.assignments {
            if !splits.files.isEmpty {
                throw InputError(
                    file: manifest.file, key: "splits",
                    message:
                        "both per-split files (\(splits.files.map(\.name).joined(separator: ", "))) and an assignments file are given",
                    fix: "keep one: per-split files, or `assignments:` with `split_column:`")
            }
            let (data, sha256, digest) = try mapped(
                assignments, what: "split assignments file", key: "splits.assignments",
                files: files, deferDigest: deferDigests)
            var source = SplitSource(
                name: nil, path: assignments, portable: files.portableName(files.url(assignments)),
                data: data, sha256: sha256,
                layout: SplitLayout.forFile(
                    assignments, idColumn: splits.idColumn,
                    splitColumn: splits.splitColumn))
            source.digest = digest
            return [source]
        }
        var chosen: [(String, String)] = []
        for name in names {
            guard let entry = splits.files.first(where: { $0.name == name }) else {
                let hint = Suggest.nearest(name, in: splits.files.map(\.name)).map { "did you mean \($0)? " } ?? ""
                throw InputError(
                    file: manifest.file, key: "splits.\(name)",
                    message: "the policy's leakage splits name `\(name)` but the manifest gives no file for it",
                    fix: "\(hint)add `\(name): splits/\(name).csv` under splits, or change the policy's splits")
            }
            chosen.append((name, entry.path))
        }
        // Reading and hashing the files is the slow part for big splits: do it in parallel. Every
        // file is read (and its digest recorded) even when an earlier one fails.
        let loaded = parallelMap(chosen) { name, path in
            Result {
                let (data, sha256, digest) = try mapped(
                    path, what: "split file `\(name)`", key: "splits.\(name)", files: files, deferDigest: deferDigests)
                var source = SplitSource(
                    name: name, path: path, portable: files.portableName(files.url(path)), data: data,
                    sha256: sha256,
                    layout: SplitLayout.forFile(path, idColumn: splits.idColumn))
                source.digest = digest
                return source
            }
        }
        if loaded.contains(where: { (try? $0.get()) == nil }) {
            for case .success(let source) in loaded { _ = source.digest?() }
        }
        return try loaded.map { try $0.get() }
    }
}

extension LeakageCheck {
    /// Reads a split file memory-mapped (split files run to hundreds of megabytes: no copy) and
    /// records its digest; `InputFiles.mapped` refuses anything but a regular file in the repository.
    /// With `deferDigest`, the digest is not computed here but returned as a closure that computes
    /// and records it (and the sha256 is empty).
    static func mapped(
        _ path: String, what: String, key: String, files: InputFiles, deferDigest: Bool = false
    ) throws -> (Data, String, (@Sendable () -> String)?) {
        guard deferDigest else {
            let (data, digest) = try files.mapped(path, what: what, key: key)
            return (data, digest.sha256, nil)
        }
        let input = try files.open(path, what: what, key: key)
        let data = try files.map(input)
        return (
            data, "",
            {
                files.record(input, sha256: Hex.string(SHA256.hash(data: data)), bytes: data.count, data: data).sha256
            }
        )
    }
}

extension LeakageAnalysis {
    /// Findings (one per leaking pair), notes (duplicates, blanks), measurements and a table.
    func outcome(failUnusualIDs: Bool = false) -> CheckOutcome {
        var findings: [Finding] = []
        var notes: [Finding] = []
        for entry in unusual {
            let finding = Finding(
                rule: "leakage.unusual-id",
                message: "\(entry.count) ID(s) in \(entry.file) hold invisible or non-ASCII characters (first, salted: "
                    + "\(entry.example)); they were compared after Unicode normalisation (\(normalization.rawValue)) — "
                    + "clean the IDs at their source",
                location: Location(path: entry.file))
            if failUnusualIDs { findings.append(finding) } else { notes.append(finding) }
        }
        for (pair, count) in overlaps where count > 0 {
            let parts = pair.split(separator: "/").map(String.init)
            let shown = (examples[pair] ?? []).joined(separator: ", ")
            findings.append(
                Finding(
                    rule: "leakage.overlap",
                    message: "\(count) patient ID(s) appear in both \(parts.first ?? pair) and \(parts.last ?? pair) "
                        + "(salted sha256 prefixes: \(shown))",
                    location: pairFiles[pair].map { Location(path: $0) }))
        }
        for name in names {
            guard let split = counts[name] else { continue }
            if split.duplicateIDs > 0 {
                notes.append(
                    Finding(
                        rule: "leakage.duplicate",
                        message: "split \(name): \(split.duplicateIDs) ID(s) occur on more than one row "
                            + "(\(split.duplicateRows) extra row(s)); counts are of distinct IDs",
                        location: Location(path: split.file)))
            }
            if split.blank > 0 {
                notes.append(
                    Finding(
                        rule: "leakage.blank",
                        message: "split \(name): \(split.blank) row(s) with an empty ID were ignored",
                        location: Location(path: split.file)))
            }
        }
        var splitTable: [String: JSONValue] = [:]
        for (name, split) in counts {
            splitTable[name] = .object([
                "file": .string(split.file), "rows": .int(split.rows), "distinct": .int(split.distinct),
                "duplicate_ids": .int(split.duplicateIDs), "duplicate_rows": .int(split.duplicateRows),
                "blank": .int(split.blank),
            ])
        }
        let measurements: [String: JSONValue] = [
            "normalize": .string(normalization.rawValue),
            "unusual_ids": .object(
                Dictionary(unusual.map { ($0.file, JSONValue.int($0.count)) }, uniquingKeysWith: { $1 })),
            "splits": .object(splitTable),
            "overlaps": .object(Dictionary(uniqueKeysWithValues: overlaps.map { ($0.pair, JSONValue.int($0.count)) })),
            "pairs": .array(overlaps.map { JSONValue.string($0.pair) }),
            "examples": .object(examples.mapValues { .array($0.map(JSONValue.string)) }),
            "example_hash": .string(
                "first 12 hex of sha256(salt ‖ normalised ID); salt = sha256 of the split files' digests"),
        ]
        let total = names.compactMap { counts[$0]?.distinct }.reduce(0, +)
        let leaking = overlaps.filter { $0.count > 0 }
        let summary =
            leaking.isEmpty
            ? "\(names.count) splits, \(total) distinct IDs, no patient in two splits"
            : leaking.map { "\($0.pair): \($0.count) shared" }.joined(separator: "; ")
        var table = ["| Split | File | Rows | Distinct IDs | Duplicated IDs |", "| --- | --- | --- | --- | --- |"]
        for name in names {
            guard let split = counts[name] else { continue }
            table.append(
                "| \(MarkdownEscaper.text(name)) | \(MarkdownEscaper.code(split.file, inTable: true)) | "
                    + "\(split.rows) | \(split.distinct) | \(split.duplicateIDs) |")
        }
        table += ["", "| Pair | Shared IDs |", "| --- | --- |"]
        for (pair, count) in overlaps { table.append("| \(MarkdownEscaper.text(pair)) | \(count) |") }
        return CheckOutcome(
            findings: findings, summary: summary, measurements: measurements,
            markdown: table.joined(separator: "\n") + "\n", notes: notes)
    }
}
