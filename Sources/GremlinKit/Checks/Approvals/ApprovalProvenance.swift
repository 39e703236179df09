// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// What the repository's history says about approvals: who wrote each record of the approvals
/// file, and when the model's training code was committed.
enum ApprovalProvenance {
    /// For a span of lines of the approvals file, the authors of the commits that last changed
    /// them, from `git blame` at the audited commit. The file must be committed unchanged there:
    /// a record only in the work tree has no author the gate can trust.
    static func fileAuthorship(
        _ path: String, context: CheckContext
    ) throws -> (ClosedRange<Int>) -> RecordAuthorship {
        let input = try context.files.open(path, what: "approvals file", key: "approvals")
        let name = context.files.portableName(context.files.url(path))
        let state = context.files.recorded[name]?.state
        guard let relative = context.files.repositoryPath(of: input), state == .committed else {
            let why =
                state == .modified
                ? "the approvals file differs from the audited commit \(context.commit.short); only committed "
                    + "records can be traced to their approver"
                : "the approvals file is not committed at the audited commit \(context.commit.short); only "
                    + "committed records can be traced to their approver"
            return { _ in .unknown(why) }
        }
        let hunks: [BlameHunk]
        do {
            hunks = try context.repository.blame(path: relative, at: context.commit)
        } catch let error as GitError {
            throw InputError(
                file: name, key: "approvals",
                message: "cannot trace the approvals file's lines to their commits: \(error.message)",
                fix: "audit a complete clone (fetch-depth: 0)")
        }
        if context.repository.isShallow, hunks.contains(where: \.boundary) {
            throw InputError(
                file: name, key: "approvals",
                message: "the approvals file's history is cut off by a shallow clone, so its records cannot be "
                    + "traced to their approvers",
                fix: "fetch the whole history (actions/checkout fetch-depth: 0, GIT_DEPTH: 0)")
        }
        var authors: [ObjectID: Signature] = [:]
        for id in Set(hunks.map(\.commit)) {
            authors[id] = try context.repository.commit(id).author
        }
        return { lines in
            let commits = hunks.filter { $0.lines.overlaps(lines) }.map(\.commit)
            var seen: Set<ObjectID> = []
            return .commits(
                commits.filter { seen.insert($0).inserted }.compactMap { id in
                    authors[id].map { RecordCommit(commit: id, author: $0) }
                })
        }
    }

    /// The commits in `range` that changed the model under release: its artifact files, its
    /// evaluation predictions or metrics, or the manifest itself.
    static func modelChanges(manifest: Manifest, range: CommitRange, context: CheckContext) throws -> [RecordCommit] {
        var paths = manifest.artifacts.compactMap(\.path)
        if let evaluation = manifest.evaluation {
            for source in [evaluation.candidate] + (evaluation.baseline.map { [$0] } ?? []) {
                paths += [source.predictions, source.metrics].compactMap { $0 }
            }
        }
        var model = Set(paths.map { context.files.portableName(context.files.url($0)) })
        model.insert(context.files.portableName(URL(fileURLWithPath: manifest.file)))
        return try range.commits.filter { commit in
            try !Set(context.repository.changedPaths(in: commit.id)).isDisjoint(with: model)
        }.map { RecordCommit(commit: $0.id, author: $0.author) }
    }

    /// Whether `commit` carries a valid SSH signature by a key `signers` lists for `email`.
    static func signed(_ commit: ObjectID, by email: String, signers: [AllowedSigner], context: CheckContext) -> Bool {
        let keys = signers.filter { $0.allows(email) }.map(\.publicKey)
        guard !keys.isEmpty, let signature = try? context.repository.signature(of: commit) else { return false }
        return SSHSignature.verify(armored: signature.armored, payload: signature.payload, keys: keys)
    }

    /// The day the newest training commit named by the lineage was committed, when the lineage
    /// names one that resolves to an ancestor of the audited commit. Lineage problems are the
    /// lineage check's to report: here they only leave the lower bound unset.
    static func trainingDay(manifest: Manifest, context: CheckContext) -> (day: String, commit: String)? {
        guard manifest.lineage != nil, let graph = try? LineageReader.read(manifest: manifest, context: context)
        else { return nil }
        var newest: CommitInfo?
        for node in graph.nodes where node.kind == .run && node.stage == "training" {
            guard let hex = node.code?.commit?.trimmingCharacters(in: .whitespaces).lowercased(),
                hex.count >= 4, hex.count <= 40, hex.allSatisfy(\.isHexDigit),
                let id = try? context.repository.resolveCommitPrefix(hex),
                (try? context.repository.isAncestor(id, of: context.commit)) == true,
                let commit = try? context.repository.commit(id)
            else { continue }
            if newest.map({ commit.committer.time > $0.committer.time }) ?? true { newest = commit }
        }
        return newest.map { (ApprovalsReader.day($0.committer.time), $0.id.short) }
    }
}
