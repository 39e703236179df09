// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin card --manifest …`: render the model card only (stdout, or --output FILE).
    struct Card: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render the model card from the release evidence, without gating.",
            discussion: """
                Inside a repository with a policy, the evidence checks (lineage, performance, bias, approvals) \
                run first and the card uses their numbers; otherwise the card is rendered from the manifest, \
                its lineage graph, metrics files and approvals file. Exit 0 when the card renders.
                """)

        @OptionGroup var manifest: ManifestOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var repository: RepositoryOptions
        @Option(help: "Write the card to this file instead of stdout.") var output: String?
        @Flag(help: "Show the evidence checks' progress on stderr.") var verbose = false

        func run() async throws {
            do {
                let loaded = try ManifestLoader.load(path: manifest.path)
                var options = AuditOptions()
                options.repository = repository.path
                options.revision = repository.revision
                options.manifest = manifest.path
                options.policy = policy.path
                options.outDirectory = nil
                options.only = ["approvals", "bias", "lineage", "performance"]
                let report = AuditRunner(options: options, progress: StderrProgress(quiet: !verbose)).run()
                var earlier: [String: CheckResult] = [:]
                if report.reason == nil {
                    for check in report.checks where check.status != .skipped && check.status != .error {
                        earlier[check.id] = check
                    }
                } else if verbose, let reason = report.reason {
                    Console.error("note: evidence checks did not run (\(reason)); rendering from the manifest's files")
                }
                let root = try? Repository.discover(from: repository.path).workdir
                let files = InputFiles(
                    baseDirectory: loaded.directory, rootDirectory: root.flatMap { $0 }.map { URL(fileURLWithPath: $0) }
                )
                let evidence = try ModelCardCheck.evidence(
                    manifest: loaded, files: files, earlier: earlier,
                    commit: report.commit.isEmpty ? nil : report.commit)
                let card = ModelCard.render(evidence)
                for section in card.emptySections { Console.error("warning: section \(section) has no evidence") }
                if let output {
                    let url = URL(fileURLWithPath: output)
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(card.markdown.utf8).write(to: url, options: .atomic)
                    Console.error("wrote \(output)")
                } else {
                    Console.out(card.markdown)
                }
            } catch {
                throw Console.fail(error)
            }
        }
    }
}
