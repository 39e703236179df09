// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// What a release did (or, in a dry run, would do).
public struct ReleaseResult: Sendable {
    /// release.json as written last.
    public var record: ReleaseRecord
    /// `.ready` (0), or `.notificationFailed` (3) when released but not notified.
    public var exitCode: ExitCode
    /// Dry run only: one line per step that would run.
    public var plan: [String]
    public var notification: WebhookNotifier.Outcome?
}

/// `gremlin release`: checks the audit still holds, then tags, records, signs and notifies.
///
/// Each step is idempotent (an existing tag on the same commit is kept; files are rewritten
/// only when their bytes change) and reported through `progress`. Refusals throw
/// `ReleaseRefused` (exit 1); unreadable inputs throw `InputError` or `GitError` (exit 2).
public struct Releaser: Sendable {
    public static let recordFile = "release.json"
    public static let attestationFile = "attestation.intoto.json"

    public let options: ReleaseOptions
    public let progress: any ProgressSink

    public init(options: ReleaseOptions, progress: any ProgressSink = SilentProgress()) {
        self.options = options
        self.progress = progress
    }

    public func run() async throws -> ReleaseResult {
        progress.step("Checking \(options.audit) against \(options.revision) and the audited inputs…")
        let plan = try ReleaseGate(options: options).prepare()
        progress.done(
            "\(plan.audit.verdict.rawValue) for \(plan.commit.short), \(plan.audit.inputs.count) inputs unchanged, "
                + "recomputed: \(plan.recomputed.coverage?.fraction ?? "all checks") agree")
        for warning in plan.warnings { progress.step("warning: " + warning) }
        return options.dryRun ? dryRun(plan) : try await execute(plan)
    }

    private func dryRun(_ plan: ReleasePlan) -> ReleaseResult {
        let out = plan.outDirectory.path
        var lines: [String] = []
        if !plan.createTag {
            lines.append("would not tag (--no-tag)")
        } else if plan.existingTag != nil {
            lines.append("tag \(plan.tagName) already points to \(plan.commit.short): would keep it")
        } else {
            lines.append(
                "would create annotated tag \(plan.tagName) on \(plan.commit.short) (stage: \(ReleaseRecord.stage))")
        }
        if let key = plan.signingKey {
            lines.append(
                "would sign an in-toto test-result statement over \(plan.artifacts.count) artifact(s) with key \(key.publicKey.keyID.prefix(16))… and write \(out)/\(Self.attestationFile)"
            )
        }
        lines.append("would write \(out)/\(Self.recordFile)")
        if let (publisher, holder) = plan.registry {
            let moved =
                holder.map { $0 == publisher.version ? " (already there)" : " (moving it from version \($0))" } ?? ""
            lines.append(
                "would set alias \(RegistryPublisher.alias) on \(publisher.model) version \(publisher.version)\(moved), "
                    + "its gremlin.* tags, description and run artifacts at \(publisher.registry.server)")
        }
        if let notifier = plan.notifier {
            lines.append(
                "would notify the webhook at \(notifier.displayHost) (at most \(WebhookNotifier.seconds(notifier.budget)), \(notifier.retries) retries)"
            )
        }
        let record = plan.record(attestation: nil, notification: plan.notifier == nil ? .notRequested : .pending)
        return ReleaseResult(record: record, exitCode: .ready, plan: lines, notification: nil)
    }

    private func execute(_ plan: ReleasePlan) async throws -> ReleaseResult {
        try tag(plan)

        do {
            try FileManager.default.createDirectory(at: plan.outDirectory, withIntermediateDirectories: true)
        } catch {
            throw InputError(
                key: "--out", message: "cannot create \(plan.outDirectory.path)",
                fix: "check the path and its permissions")
        }

        var attestation: ReleaseRecord.AttestationReference?
        var attestationData: Data?
        if let key = plan.signingKey {
            progress.step("Signing the attestation (key \(key.publicKey.keyID.prefix(16))…)…")
            let statement = InTotoStatement.forRelease(
                artifacts: plan.artifacts, audit: plan.recomputed,
                configuration: plan.configuration, allowDirty: plan.allowDirty)
            let envelope = try DSSE.sign(body: try statement.serialized(), type: DSSE.inTotoPayloadType, key: key)
            let data = try CanonicalJSON.encode(envelope, pretty: true) + Data("\n".utf8)
            let changed = try write(data, to: Self.attestationFile, in: plan.outDirectory)
            attestationData = data
            attestation = .init(path: Self.attestationFile, sha256: InputFiles.sha256(data), keyid: key.publicKey.keyID)
            progress.done(
                "\(changed ? "wrote" : "unchanged") \(Self.attestationFile): \(plan.artifacts.count) subject(s)")
        }

        var record = plan.record(
            attestation: attestation, notification: plan.notifier == nil ? .notRequested : .pending)
        progress.step("Writing \(Self.recordFile)…")
        let changed = try write(try record.encoded(), to: Self.recordFile, in: plan.outDirectory)
        progress.done(changed ? "wrote \(plan.outDirectory.path)/\(Self.recordFile)" : "unchanged")

        let registryFailed = try publish(plan, record: &record, attestation: attestationData)
        guard let notifier = plan.notifier else {
            return ReleaseResult(
                record: record, exitCode: registryFailed ? .notificationFailed : .ready, plan: [], notification: nil)
        }
        progress.step("Notifying the webhook at \(notifier.displayHost)…")
        let sink = progress
        let message = try WebhookMessage.release(record).encoded()
        let outcome = await notifier.post(message) { line in sink.step(line) }
        record.notification = outcome.delivered ? .sent : .failed
        _ = try write(try record.encoded(), to: Self.recordFile, in: plan.outDirectory)
        let attempts = outcome.attempts == 1 ? "1 attempt" : "\(outcome.attempts) attempts"
        if outcome.delivered {
            progress.done("sent (\(outcome.detail), \(attempts))")
            return ReleaseResult(
                record: record, exitCode: registryFailed ? .notificationFailed : .ready, plan: [], notification: outcome
            )
        }
        progress.done(
            "FAILED (\(outcome.detail), \(attempts)); released but not notified: \(Self.recordFile) says notification: failed"
        )
        return ReleaseResult(record: record, exitCode: .notificationFailed, plan: [], notification: outcome)
    }

    private func tag(_ plan: ReleasePlan) throws {
        guard plan.createTag else { return }
        progress.step("Tagging \(plan.tagName) on \(plan.commit.short)…")
        if let existing = plan.existingTag {
            progress.done("already there (\(existing.isAnnotated ? "annotated" : "lightweight")), kept")
            return
        }
        let tagger = try ReleaseTag.tagger(repository: plan.repository, environment: options.environment)
        do {
            let id = try plan.repository.createAnnotatedTag(
                name: plan.tagName, target: plan.commit,
                message: plan.tagMessage, tagger: tagger)
            progress.done("created tag object \(id.short)")
        } catch let error as GitError where error.kind == .exists {
            throw ReleaseRefused([
                "tag \(plan.tagName) appeared on another commit while releasing: \(error.message) — bump model.version"
            ])
        }
    }

    /// Writes atomically unless the file already holds exactly these bytes; returns whether it wrote.
    func write(_ data: Data, to name: String, in directory: URL) throws -> Bool {
        let url = directory.appendingPathComponent(name)
        if let existing = try? Data(contentsOf: url), existing == data { return false }
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw InputError(
                file: url.path, key: "--out", message: "cannot write \(name)", fix: "check the directory's permissions")
        }
        return true
    }
}
