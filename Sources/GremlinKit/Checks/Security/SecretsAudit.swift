// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A secret found in a line a commit added (history mode).
public struct HistoryMatch: Sendable {
    /// Path and line refer to the file as that commit left it.
    public var match: SecretMatch
    /// The commit that added the line (the oldest in range when several did).
    public var commit: ObjectID
    /// True when the secret is in the commit's message, not in a file it changed.
    public var inMessage = false
    /// The annotated tag whose message holds the secret (`commit` is the tag's target).
    public var tag: String? = nil
    /// True when the secret is in the git note (`refs/notes/commits`) attached to `commit`.
    public var inNote = false

    /// The finding for a secret that history holds but the audited tree no longer does.
    public var finding: Finding {
        var finding = match.finding
        let baseline = "or add the fingerprint to the secrets baseline if it is not a credential"
        if let tag {
            finding.location = nil
            finding.message =
                "\(match.label) is in the message of annotated tag '\(tag)' (on commit \(commit.short)): rotate "
                + "the credential and replace the tag (`git tag -d`, push the deletion), \(baseline)"
            return finding
        }
        if inNote {
            finding.location = nil
            finding.message =
                "\(match.label) is in the git note (\(Repository.defaultNotesRef)) on commit \(commit.short): "
                + "rotate the credential and remove the note (`git notes remove \(commit.short)`, push the notes "
                + "ref), \(baseline)"
            return finding
        }
        if inMessage {
            finding.location = nil
            finding.message =
                "\(match.label) is in the message of commit "
                + "\(commit.short): rotate the credential and rewrite the history (a message cannot be edited in "
                + "place), \(baseline)"
            return finding
        }
        finding.message =
            "\(match.label) was added by commit "
            + "\(commit.short) and is still in history: rotate the credential and rewrite the history, "
            + "or add the fingerprint to the secrets baseline if it is not a credential"
        return finding
    }
}

/// Secrets in a repository at one revision: every text blob of the tree and, on request, the
/// lines added by a range of commits. Shared by the `security` check and `gremlin secrets`.
public struct SecretsAudit: Sendable {
    /// Matches in the audited tree (inline-allowed ones excluded), sorted.
    public var tree: [SecretMatch] = []
    /// Matches only history holds (a fingerprint also in `tree` is reported there), sorted.
    public var history: [HistoryMatch] = []
    /// Matches suppressed by `gremlin:allow`, tree and history together.
    public var allowedInline = 0
    /// Blobs whose content was scanned (binary ones in their printable runs), and their total size.
    public var filesScanned = 0
    public var bytesScanned = 0
    /// Of `filesScanned`, the binary blobs (only their printable runs, high-confidence rules).
    public var binaryStringsScanned = 0
    /// Blobs skipped: binary and over `binaryReadLimit`, or over the size limit.
    public var binarySkipped = 0
    public var oversizedSkipped = 0
    /// Paths of blobs that are Git LFS pointers: their content is not in the repository.
    public var lfsPointers: [String] = []
    /// Commits whose added lines (and note) were scanned, and annotated tags on them.
    public var commitsScanned = 0
    public var tagsScanned = 0

    /// A binary blob larger than this is not read at all (with no `max_blob_bytes` to bound it).
    static let binaryReadLimit = 256 << 20

    /// Every match, tree first, for a baseline.
    public var allMatches: [SecretMatch] { tree + history.map(\.match) }

    /// Scans `entries` (blobs of the audited tree, minus `excluding`) and the lines `commits` added.
    public static func run(
        repository: Repository, entries: [TreeEntry], commits: [CommitInfo],
        maxBlobBytes: Int?, excluding: Set<String> = [], scanner: SecretScanner,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> SecretsAudit {
        var audit = SecretsAudit()
        var work: [TreeEntry] = []
        for entry in entries where entry.kind == .blob || entry.kind == .executable {
            if excluding.contains(entry.path) { continue }
            if let maxBlobBytes, let size = entry.size, size > maxBlobBytes {
                audit.oversizedSkipped += 1
                continue
            }
            work.append(entry)
        }
        let results = try scanBlobs(repository: repository, work: work, scanner: scanner, threads: threads)
        var fingerprints = Set<String>()
        for (entry, scanned) in zip(work, results) {
            guard let result = scanned.result else {
                audit.binarySkipped += 1
                continue
            }
            if scanned.lfsPointer { audit.lfsPointers.append(entry.path) }
            if result.binary { audit.binaryStringsScanned += 1 }
            audit.filesScanned += 1
            audit.bytesScanned += entry.size ?? 0
            audit.tree += result.matches
            audit.allowedInline += result.allowed.count
            for match in result.matches { fingerprints.insert(match.fingerprint) }
        }
        audit.tree.sort(by: SecretMatch.sortedOrder)

        // Newest first in range: walk oldest first so each secret is attributed to the commit that added it.
        var seen: [String: HistoryMatch] = [:]
        for commit in commits.reversed() {
            let lines = try repository.addedLines(in: commit.id, maxBlobBytes: maxBlobBytes)
            audit.commitsScanned += 1
            for match in scanAdded(lines, scanner: scanner, allowed: &audit.allowedInline)
            where !fingerprints.contains(match.fingerprint) && seen[match.fingerprint] == nil {
                seen[match.fingerprint] = HistoryMatch(match: match, commit: commit.id)
            }
            // The message is part of history too: a key pasted into it is as leaked as one in a file.
            let message = scanner.scan(Array(commit.message.utf8), path: "commit \(commit.id.short) message")
            audit.allowedInline += message.allowed.count
            for match in message.matches
            where !fingerprints.contains(match.fingerprint) && seen[match.fingerprint] == nil {
                seen[match.fingerprint] = HistoryMatch(match: match, commit: commit.id, inMessage: true)
            }
            // So is a note attached to the commit (`git notes add`): it travels with the notes ref.
            if let note = try repository.note(on: commit.id) {
                let result = scanner.scan(note, path: "git note on commit \(commit.id.short)")
                audit.allowedInline += result.allowed.count
                for match in result.matches
                where !fingerprints.contains(match.fingerprint) && seen[match.fingerprint] == nil {
                    seen[match.fingerprint] = HistoryMatch(match: match, commit: commit.id, inNote: true)
                }
            }
        }
        // And the message of an annotated tag on a commit in range.
        let inRange = Set(commits.map(\.id))
        if !inRange.isEmpty {
            for tag in try repository.annotatedTags() where inRange.contains(tag.target) {
                audit.tagsScanned += 1
                let result = scanner.scan(Array(tag.message.utf8), path: "tag \(tag.name) message")
                audit.allowedInline += result.allowed.count
                for match in result.matches
                where !fingerprints.contains(match.fingerprint) && seen[match.fingerprint] == nil {
                    seen[match.fingerprint] = HistoryMatch(match: match, commit: tag.target, tag: tag.name)
                }
            }
        }
        audit.history = seen.values.sorted { SecretMatch.sortedOrder($0.match, $1.match) }
        return audit
    }

    /// Runs of consecutive added lines of one file become one blob, so a PEM block added in one
    /// hunk is seen whole; line numbers are mapped back to the file's.
    static func scanAdded(_ lines: [AddedLine], scanner: SecretScanner, allowed: inout Int) -> [SecretMatch] {
        var matches: [SecretMatch] = []
        var index = 0
        while index < lines.count {
            var end = index + 1
            while end < lines.count, lines[end].rawPath == lines[index].rawPath,
                lines[end].line == lines[end - 1].line + 1
            {
                end += 1
            }
            var blob: [UInt8] = []
            for line in lines[index..<end] {
                blob += line.text
                blob.append(0x0A)
            }
            let first = lines[index].line
            // A binary file's added lines are scanned too, in their printable runs.
            let result = scanner.scan(blob, path: lines[index].path)
            allowed += result.allowed.count
            for match in result.matches {
                var moved = match.relocated(line: first + match.line - 1)
                // A byte offset into the added lines is not one into the file: name no offset.
                if match.line == 0 {
                    moved.via = match.via?.replacingOccurrences(
                        of: " at byte [0-9]+$", with: " (in lines the commit added)", options: .regularExpression)
                }
                matches.append(moved)
            }
            index = end
        }
        return matches
    }

    private static func scanBlobs(
        repository: Repository, work: [TreeEntry], scanner: SecretScanner,
        threads: Int
    ) throws -> [(result: SecretScanResult?, lfsPointer: Bool)] {
        let workers = max(1, min(threads, work.count / 64 + 1))
        let handles = try (0..<workers).map { $0 == 0 ? repository : try repository.reopen() }
        return try parallelMap(
            work, workers: workers,
            perWorker: { worker, entry in
                let handle = handles[worker]
                // A huge binary is probed first so it is never read whole.
                if (entry.size ?? 0) > binaryReadLimit {
                    let probe = try handle.readBlob(entry.oid, prefix: SecretScanner.binaryProbeLength)
                    if SecretScanner.isBinary(probe) { return (nil, false) }
                }
                let bytes = try handle.readBlob(entry.oid)
                return (scanner.scan(bytes, path: entry.path), LFSPointer.isPointer(bytes))
            })
    }
}

extension SecretMatch {
    /// The same match at another line (history blobs are runs of added lines).
    func relocated(line: Int) -> SecretMatch {
        // A match in a binary file has no line to move.
        SecretMatch(
            rule: rule, path: path, line: self.line > 0 ? line : 0, column: column, preview: preview,
            fingerprint: fingerprint, secretRange: secretRange, via: via)
    }
}
