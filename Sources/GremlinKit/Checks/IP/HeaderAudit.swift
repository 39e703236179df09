// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The license-header state of every selected file at a revision; shared by the `ip` check and
/// `gremlin headers`.
public struct HeaderAudit: Sendable {
    /// One selected file and what is wrong with it (empty `problems`: compliant).
    public struct FileResult: Sendable {
        public var path: String
        public var problems: [(rule: String, message: String)]
        public var skip: HeaderInspection.Skip?
    }

    /// Files matching `include` and not `exclude`, in path order.
    public var files: [FileResult]

    /// Files whose header is not compliant.
    public var failing: [FileResult] { files.filter { $0.skip == nil && !$0.problems.isEmpty } }
    /// Files actually inspected (not skipped).
    public var inspected: Int { files.filter { $0.skip == nil }.count }
    /// Skipped files by reason.
    public var skipped: [HeaderInspection.Skip: Int] {
        var counts: [HeaderInspection.Skip: Int] = [:]
        for file in files { if let skip = file.skip { counts[skip, default: 0] += 1 } }
        return counts
    }

    /// How many inspected files were read from the work tree rather than the object database
    /// (see `WorkTreeSnapshot`); the findings are the same either way.
    public var readFromWorkTree = 0

    /// Inspects the tree of `commit`, reading only each blob's first bytes, spread over the cores.
    public static func run(
        repository: Repository, commit: ObjectID, include: [Glob], exclude: [Glob],
        rule: HeaderRule, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        useWorkTree: Bool = true
    ) throws -> HeaderAudit {
        try run(
            repository: repository, source: .commit(commit), include: include, exclude: exclude, rule: rule,
            threads: threads, useWorkTree: useWorkTree)
    }

    /// Inspects the files of `source` (a commit's tree or the staged index); `paths`, when
    /// given, narrows them to those paths (a pre-commit hook passes the staged file names).
    ///
    /// A file's bytes come from the work tree only when git's index proves the file there is the
    /// blob, byte for byte (`Repository.readBlob(_:prefix:snapshot:)`; `useWorkTree: false`
    /// turns that off); otherwise from the object database. So the verdict is always about the
    /// revision (or the index), never about edits in the work tree.
    public static func run(
        repository: Repository, source: BlobSource, paths: Set<String>? = nil, include: [Glob],
        exclude: [Glob], rule: HeaderRule,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        useWorkTree: Bool = true
    ) throws -> HeaderAudit {
        let keep: @Sendable (String) -> Bool = { path in
            Glob.any(include, path) && !Glob.any(exclude, path) && (paths?.contains(path) ?? true)
        }
        // With a second core, the index's stat data is read on a second handle meanwhile (see
        // `runPipelined`); that handle then serves the second worker.
        if useWorkTree, threads > 1, let early = try? repository.reopen() {
            return try runPipelined(
                repository: repository, early: early, source: source, keep: keep, rule: rule, threads: threads)
        }
        let entries = try source.entries(in: repository, where: keep, sizes: false)
        var results = [FileResult?](repeating: nil, count: entries.count)
        let pending = plan(entries, into: &results)
        let snapshot = useWorkTree && !pending.isEmpty ? repository.workTreeSnapshot() : nil
        let workers = max(1, min(threads, pending.count / 64 + 1))
        // libgit2 handles are single-threaded: every extra worker opens its own.
        let handles = try (0..<workers).map { worker in worker == 0 ? repository : try repository.reopen() }
        // Batches of 16 files: a worker that drew small files takes more.
        let inspected = try parallelMap(
            pending, workers: workers, batch: 16,
            perWorker: { worker, index in
                let handle = handles[worker]
                return try inspectFile(
                    try handle.withSize(entries[index]), handle: handle, rule: rule, snapshot: snapshot)
            })
        return assemble(results, pending: pending, inspected: inspected)
    }

    /// The result slot of every entry: symlinks and submodules are filled in as skipped; the
    /// positions of the files to inspect are returned, in path order.
    static func plan(_ entries: [TreeEntry], into results: inout [FileResult?]) -> [Int] {
        var pending: [Int] = []
        for (index, entry) in entries.enumerated() {
            switch entry.kind {
            case .symlink: results[index] = FileResult(path: entry.path, problems: [], skip: .symlink)
            case .submodule: results[index] = FileResult(path: entry.path, problems: [], skip: .submodule)
            case .blob, .executable: pending.append(index)
            }
        }
        return pending
    }

    static func assemble(
        _ results: [FileResult?], pending: [Int], inspected: [(FileResult, Bool)]
    ) -> HeaderAudit {
        var results = results
        for (index, (result, _)) in zip(pending, inspected) { results[index] = result }
        var audit = HeaderAudit(files: results.compactMap { $0 })
        audit.readFromWorkTree = inspected.filter(\.1).count
        return audit
    }

    /// Reads and inspects one file whose `size` is known; also says whether its bytes came from
    /// the work tree.
    static func inspectFile(
        _ entry: TreeEntry, handle: Repository, rule: HeaderRule, snapshot: WorkTreeSnapshot?
    ) throws -> (FileResult, Bool) {
        var (bytes, origin) = try handle.readBlob(entry, prefix: rule.prefixBytes, snapshot: snapshot)
        let syntax = CommentSyntax.forPath(entry.path)
        var inspection = rule.inspect(bytes[...], syntax: syntax)
        if inspection.skip == nil, bytes.count < (entry.size ?? Int.max),
            Self.lineFeeds(in: bytes, fewerThan: rule.withinLines),
            inspection.spdx == nil || (rule.copyright != nil && inspection.copyrightLine == nil)
        {
            // Very long first lines: read the whole blob before calling the header missing.
            (bytes, origin) = try handle.readBlob(entry, prefix: nil, snapshot: snapshot)
            inspection = rule.inspect(bytes[...], syntax: syntax)
        }
        let problems = inspection.skip == nil ? rule.problems(inspection) : []
        return (FileResult(path: entry.path, problems: problems, skip: inspection.skip), origin == .workTree)
    }

    /// Whether `bytes` holds fewer than `limit` line feeds; stops counting at `limit`.
    static func lineFeeds(in bytes: [UInt8], fewerThan limit: Int) -> Bool {
        guard limit > 0 else { return false }
        var count = 0
        for byte in bytes where byte == UInt8(ascii: "\n") {
            count += 1
            if count == limit { return false }
        }
        return true
    }
}
