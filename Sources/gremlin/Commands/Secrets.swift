// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin secrets [--baseline-update]`: list today's secrets, or accept them into the baseline.
    struct Secrets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List secrets the security check would report; --baseline-update accepts them into the baseline.",
            discussion: "The policy's checks.security section sets the baseline file and whether history is scanned.")

        @OptionGroup var policy: PolicyOptions
        @OptionGroup var repository: RepositoryOptions
        @Option(help: "With scan_history: scan commits reachable from --rev and not from this one.") var base: String?
        @Flag(help: "Write the baseline from today's findings (replacing its entries).") var baselineUpdate = false
        @Flag(help: "Scan the staged content (the index) of files added or changed since HEAD, as a pre-commit hook.")
        var staged = false
        @OptionGroup var output: FindingsOutputOptions

        func validate() throws {
            if staged && baselineUpdate {
                throw ValidationError("--baseline-update reads the audited tree: run it without --staged")
            }
            if baselineUpdate && output.isSet {
                throw ValidationError("--format and --report list findings: run them without --baseline-update")
            }
        }

        func run() async throws {
            do {
                let rev = self.repository.revision
                let repository = try Repository.discover(from: self.repository.path)
                let commit = try repository.resolve(rev)
                let defaultPolicy =
                    repository.workdir.map { $0 + "/policies/production.yaml" } ?? "policies/production.yaml"
                let policyPath = policy.path ?? defaultPolicy
                var config = CheckConfig(fields: SecurityCheck.descriptor.keys, overrides: nil, file: policyPath)
                let usedDefault = policy.path == nil && FileManager.default.fileExists(atPath: policyPath)
                if policy.path != nil || usedDefault {
                    if let settings = try PolicyLoader.load(path: policyPath).settings(for: "security") {
                        config = settings.config
                    }
                }
                let baselinePath = config.string("baseline") ?? SecretsBaseline.defaultPath
                var commits: [CommitInfo] = []
                if config.bool("scan_history") ?? false, !staged {
                    let resolver = CommitRangeResolver(
                        repository: repository, head: commit, headName: rev,
                        explicitBase: base,
                        environment: ProcessInfo.processInfo.environment)
                    commits = try resolver.range(maxCount: SecurityCheck.historyMaxCount).commits
                }
                // A pre-commit hook scans what is being committed: the index, not HEAD's tree.
                let entries =
                    staged
                    ? try BlobSource.staged(changedOnly: true).entries(in: repository)
                    : try repository.treeEntries(at: commit)
                let audit = try SecretsAudit.run(
                    repository: repository, entries: entries,
                    commits: commits, maxBlobBytes: config.int("max_blob_bytes"),
                    excluding: [baselinePath], scanner: try SecretScanner())
                let matches = audit.allMatches
                if baselineUpdate {
                    guard let root = repository.workdir else {
                        throw InputError(
                            key: "--baseline-update",
                            message: "a bare repository has no work tree to write the baseline to",
                            fix: "run in a checkout")
                    }
                    let url = URL(fileURLWithPath: root).appendingPathComponent(baselinePath)
                    let baseline = SecretsBaseline(matches: matches)
                    try baseline.write(to: url)
                    Console.out(
                        "wrote \(baseline.entries.count) fingerprints to \(baselinePath); commit it to suppress them\n")
                    throw Console.exit(.ready)
                }
                let (baseline, _) = try SecurityCheck.loadBaseline(
                    baselinePath, entries: try repository.treeEntries(at: commit),
                    repository: repository, workTree: true)
                let applied = (baseline ?? SecretsBaseline()).apply(to: matches)
                let accepted = Set(applied.suppressed.map(\.fingerprint))
                var text = ""
                var listed: [CommandFindingsReport.Entry] = []
                for match in matches.sorted(by: SecretMatch.sortedOrder) {
                    let state = accepted.contains(match.fingerprint) ? " (baselined)" : ""
                    let via = match.via.map { " (\($0))" } ?? ""
                    text +=
                        "\(match.location.description): \(match.rule) \(match.preview) \(match.fingerprint)\(via)\(state)\n"
                    listed.append(.init(Self.finding(match), accepted: accepted.contains(match.fingerprint)))
                }
                // The gate cannot scan what is not in the repository (exempt: model artifacts).
                let pointers = SecurityCheck.lfsPointerFindings(
                    audit.lfsPointers, rule: "security.lfs-pointer", exempt: [])
                let failPointers = config.string("lfs_pointers") == "fail" && !pointers.isEmpty
                for pointer in pointers {
                    text += "\(pointer.location?.path ?? ""): lfs-pointer: \(LFSPointer.message)\n"
                    listed.append(.init(pointer, blocking: failPointers))
                }
                let blocked = !applied.new.isEmpty || failPointers
                let report = CommandFindingsReport(
                    schema: "gremlin.secrets/v1", checkID: SecurityCheck.descriptor.id,
                    source: staged ? "the index" : commit.hex,
                    policy: policy.path ?? (usedDefault ? "policies/production.yaml" : ""),
                    counts: [
                        "files_scanned": audit.filesScanned, "new": applied.new.count,
                        "baselined": applied.suppressed.count, "lfs_pointers": pointers.count,
                    ],
                    entries: listed, blocked: blocked)
                try output.emit(
                    text: text,
                    summary:
                        "\(audit.filesScanned) files scanned, \(applied.new.count) new secrets, \(applied.suppressed.count) baselined\n",
                    report: report)
                throw Console.exit(blocked ? .blocked : .ready)
            } catch let exit as ArgumentParser.ExitCode {
                throw exit
            } catch {
                throw Console.fail(error)
            }
        }

        /// A match as a finding for --format json/sarif: rule, place and fingerprint, not even the
        /// preview of the value.
        static func finding(_ match: SecretMatch) -> Finding {
            let via = match.via.map { " (\($0))" } ?? ""
            return Finding(
                rule: "security.\(match.rule)",
                message: "\(match.rule) secret\(via), fingerprint \(match.fingerprint): remove it, rotate the "
                    + "credential, or add the fingerprint to the secrets baseline if it is not a credential",
                location: match.location, fingerprint: match.fingerprint)
        }
    }
}
