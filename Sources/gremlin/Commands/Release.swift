// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin release`: tag, release.json, signed attestation and notification for a ready audit.
    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Promote an audited model: tag it, write release.json, sign an attestation, notify.",
            discussion: """
                Refuses (exit 1) unless audit.json says ready for the --rev commit and the --manifest \
                it read, ran every check the policy enables, and every input it hashed is unchanged; \
                then re-runs the audit itself and refuses unless that fresh audit is ready and audit.json \
                agrees with it. Exit 3: released, but the webhook could \
                not be notified. \
                The webhook URL is a secret: prefer GREMLIN_WEBHOOK_URL to --notify on a shared machine.
                """)

        @OptionGroup var manifest: ManifestOptions
        @Option(help: "The audit report the release rests on.") var audit: String = "out/audit.json"
        @OptionGroup var output: OutputOptions
        @OptionGroup var repository: RepositoryOptions
        @Option(help: "Sign an in-toto attestation with this Ed25519 key: a file (PEM or base64) or env:VAR.")
        var sign: String?
        @Option(help: "Slack-compatible webhook to notify (default: $GREMLIN_WEBHOOK_URL).") var notify: String?
        @Option(help: "Total time for the webhook, every retry included, in seconds (an attempt gets at most 10).")
        var notifyTimeout: Double = 20
        @Option(help: .hidden) var notifyBackoff: Double = 1
        @Flag(inversion: .prefixedNo, help: "Create the annotated tag models/<name>/v<version>.") var tag = true
        @Flag(help: "Print what would be done; change nothing.") var dryRun = false
        @Option(
            help:
                "The policy to recompute the audit with (default: the one audit.json records); must be the audited one."
        )
        var policy: String?
        @Flag(
            help:
                "Accept modified tracked inputs; recorded in release.json and the attestation. Inputs changed since the audit are always refused."
        )
        var allowDirty = false
        @Flag(
            help:
                "Move the model registry's production-candidate alias when it is on another version (recorded in release.json)."
        )
        var moveAlias = false

        func validate() throws {
            guard notifyTimeout > 0, notifyTimeout <= 300 else {
                throw ValidationError("--notify-timeout must be between 0 and 300 seconds")
            }
            guard notifyBackoff >= 0, notifyBackoff <= 60 else {
                throw ValidationError("--notify-backoff must be between 0 and 60 seconds")
            }
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            var options = ReleaseOptions(manifest: manifest.path, audit: audit)
            options.outDirectory = output.directory
            options.repository = repository.path
            options.revision = repository.revision
            options.signingKey = sign
            options.webhook = notify ?? environment["GREMLIN_WEBHOOK_URL"].flatMap { $0.isEmpty ? nil : $0 }
            options.notifyTimeout = notifyTimeout
            options.notifyBackoff = notifyBackoff
            options.createTag = tag
            options.dryRun = dryRun
            options.policy = policy
            options.allowDirty = allowDirty
            options.moveAlias = moveAlias
            options.environment = environment
            let result: ReleaseResult
            do {
                result = try await Releaser(options: options, progress: StderrProgress(quiet: output.quiet)).run()
            } catch let refused as ReleaseRefused {
                Console.error("error: " + refused.description)
                throw Console.exit(.blocked)
            } catch {
                throw Console.fail(error)
            }
            if dryRun {
                Console.out(result.plan.map { "[dry-run] " + $0 }.joined(separator: "\n") + "\n")
            } else {
                let record = result.record
                var line = "RELEASED \(record.model) \(record.version) at \(record.commit.prefix(12))"
                if let tag = record.tag { line += " as \(tag)" }
                line += "; notification: \(record.notification.rawValue)\n"
                Console.out(line)
                if let outcome = result.notification, !outcome.delivered {
                    Console.error(
                        "error: released, but the webhook was not notified (\(outcome.detail) after \(outcome.attempts) attempt(s)); "
                            + "release.json records notification: failed")
                }
            }
            throw Console.exit(result.exitCode)
        }
    }
}
