// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Runs an audit: policy + manifest + checks → results → report. The only place they meet.
public struct AuditRunner: Sendable {
    public let options: AuditOptions
    public let progress: any ProgressSink

    public init(options: AuditOptions, progress: any ProgressSink = SilentProgress()) {
        self.options = options
        self.progress = progress
    }

    /// Runs the audit and returns its report. Setup errors (policy, manifest, repository) are
    /// returned as a report with verdict `error` so that evidence can still be written.
    public func run() -> AuditReport {
        let generatedAt =
            (try? AuditClock.timestamp(environment: options.environment))
            ?? AuditClock.format(Date(timeIntervalSince1970: 0))
        do {
            let setup = try prepare()
            return execute(setup, generatedAt: generatedAt)
        } catch {
            return Self.errorReport(reason: Self.message(for: error), options: options, generatedAt: generatedAt)
        }
    }

    /// Everything loaded before the checks run.
    struct Setup {
        var repository: Repository
        var commit: ObjectID
        var policy: Policy
        var manifest: Manifest?
        var files: InputFiles
        var selected: [String]
        /// The policy file as audit.json names it, and `PolicyDigest` of the bytes read.
        var policyFile: String
        var policyDigest: String
        /// What was read from the manifest's model registry.
        var registry: RegistrySnapshot?
    }

    func prepare() throws -> Setup {
        try validateSelection()
        let repository: Repository = try timed("Opening repository \(options.repository)") {
            try Repository.discover(from: options.repository)
        }
        let commit = try repository.resolveRevision(options.revision, named: options.repository)
        let root = repository.workdir.map { URL(fileURLWithPath: $0) }
        let policyPath = try options.policy ?? defaultPolicy(root: root)
        let policy = try timed("Loading policy \(policyPath)") { try PolicyLoader.load(path: policyPath) }

        var manifest: Manifest?
        if let path = options.manifest {
            manifest = try timed("Loading manifest \(path)") { try ManifestLoader.load(path: path) }
        }
        let baseDirectory =
            manifest?.directory ?? root ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let files = InputFiles(baseDirectory: baseDirectory, rootDirectory: root)
        files.pin(repository: repository, commit: commit)
        var policyDigests: [String] = []
        for url in policy.files {
            let data = try files.read(url: url, displayPath: url.path, what: "policy")
            policyDigests.append(InputFiles.sha256(data))
        }
        if let path = options.manifest {
            _ = try files.read(url: URL(fileURLWithPath: path), displayPath: path, what: "manifest")
        }

        let selected = CheckRegistry.ids.filter { id in
            (options.only.isEmpty || options.only.contains(id)) && !options.skip.contains(id)
        }
        let needing = selected.filter { id in
            (policy.settings(for: id)?.enabled ?? false) && (CheckRegistry.check(id)?.descriptor.needsManifest ?? false)
        }
        // Only the checks that read the manifest use what the registry holds: a run of the others
        // (`--only ip,commits,security`, a pre-merge job) does not contact the server.
        var registry: RegistrySnapshot?
        if !needing.isEmpty, let source = manifest?.registry, let manifest {
            let server = (try? source.connection(environment: options.environment).description) ?? "the registry"
            let sink = progress
            registry = try timed("Reading \(source.candidateName) from the MLflow server at \(server)") {
                try RegistrySnapshot.read(
                    manifest: manifest, files: files, environment: options.environment, log: { sink.step($0) })
            }
        }
        if manifest == nil {
            if !needing.isEmpty {
                throw InputError(
                    file: policy.file,
                    message:
                        "the policy enables \(needing.joined(separator: ", ")), which read the release manifest, but no --manifest was given",
                    fix: "pass --manifest path/to/release.yaml, or restrict the run with --only ip,commits,security")
            }
        }
        return Setup(
            repository: repository, commit: commit, policy: policy, manifest: manifest, files: files,
            selected: selected, policyFile: files.portableName(URL(fileURLWithPath: policyPath)),
            policyDigest: PolicyDigest.of(fileDigests: policyDigests), registry: registry)
    }

    func execute(_ setup: Setup, generatedAt: String) -> AuditReport {
        let ranges = CommitRangeResolver(
            repository: setup.repository, head: setup.commit, headName: options.revision,
            explicitBase: options.base, environment: options.environment)
        var results: [String: CheckResult] = [:]
        for id in CheckRegistry.runOrder(CheckRegistry.ids) {
            guard let type = CheckRegistry.check(id) else { continue }
            let descriptor = type.descriptor
            let settings = setup.policy.settings(for: id)
            let severity = settings?.severity ?? .block
            guard let settings, settings.enabled else {
                results[id] = CheckResult(
                    id: id, title: descriptor.title, status: .skipped, severity: severity,
                    summary: settings == nil ? "not in policy \(setup.policy.name)" : "disabled by the policy")
                continue
            }
            guard setup.selected.contains(id) else {
                results[id] = CheckResult(
                    id: id, title: descriptor.title, status: .skipped, severity: severity,
                    summary: options.only.isEmpty ? "excluded by --skip" : "not selected by --only")
                continue
            }
            let context = CheckContext(
                repository: setup.repository, revision: options.revision, commit: setup.commit,
                config: settings.config, severity: severity, manifest: setup.manifest,
                files: setup.files, commits: ranges, environment: options.environment,
                earlier: results.filter { descriptor.after.contains($0.key) }, policy: setup.policy,
                registry: setup.registry)
            progress.step("Running \(id): \(descriptor.title)…")
            let start = DispatchTime.now()
            var result: CheckResult
            do {
                let outcome = try type.init().run(context)
                result = Self.result(of: outcome, descriptor: descriptor, severity: severity)
            } catch {
                result = CheckResult(
                    id: id, title: descriptor.title, status: .error, severity: severity,
                    summary: Self.message(for: error))
                if let checkError = error as? CheckError, let location = checkError.location {
                    result.findings = [Finding(rule: "\(id).error", message: checkError.message, location: location)]
                }
            }
            result.duration = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            result.anchor = Self.anchor(of: descriptor, settings: settings, setup: setup)
            progress.done("\(result.status.rawValue.uppercased()) \(Self.milliseconds(result.duration))")
            results[id] = result
        }
        let checks = CheckRegistry.ids.compactMap { results[$0] }
        let model = setup.manifest.map { ModelInfo(name: $0.model.name, version: $0.model.version) }
        var report = AuditReport(
            tool: "gremlin \(GremlinVersion.current)", verdict: Verdict.from(checks.map(\.status)),
            repository: options.repository, revision: options.revision, commit: setup.commit.hex,
            policy: setup.policy.name, model: model, generatedAt: generatedAt,
            inputs: setup.files.recorded, checks: checks)
        let coverage = Self.coverage(of: checks, policy: setup.policy)
        report.base = options.base
        report.policyFile = setup.policyFile
        report.policyDigest = setup.policyDigest
        report.complete = coverage.complete
        report.coverage = coverage
        return report
    }

    /// Which checks the policy enables and which ran. A check that runs after another one
    /// (`CheckDescriptor.after`) still runs when that one was left out, from its own inputs: no
    /// check is skipped for a dependency, and the run is partial anyway.
    static func coverage(of checks: [CheckResult], policy: Policy) -> AuditCoverage {
        var enabled: [String] = []
        var ran: [String] = []
        var skipped: [AuditCoverage.Skipped] = []
        for check in checks {
            let enabledByPolicy = policy.settings(for: check.id)?.enabled ?? false
            if enabledByPolicy { enabled.append(check.id) }
            if check.status != .skipped {
                ran.append(check.id)
            } else {
                skipped.append(.init(id: check.id, reason: enabledByPolicy ? .flag : .policy, detail: check.summary))
            }
        }
        return AuditCoverage(enabled: enabled, ran: ran, skipped: skipped)
    }

    /// The status a check's outcome earns under its severity.
    static func result(of outcome: CheckOutcome, descriptor: CheckDescriptor, severity: Severity) -> CheckResult {
        let findings = outcome.findings.sorted(by: Finding.sortedOrder)
        let status: CheckStatus
        if findings.isEmpty {
            status = .pass
        } else if severity == .warn || findings.allSatisfy({ $0.severity == .warn }) {
            status = .warn
        } else {
            status = .fail
        }
        var result = CheckResult(
            id: descriptor.id, title: descriptor.title, status: status, severity: severity,
            summary: outcome.summary, findings: findings,
            notes: outcome.notes.sorted(by: Finding.sortedOrder),
            measurements: outcome.measurements, markdown: outcome.markdown)
        result.evidence = outcome.evidence
        result.files = outcome.files
        return result
    }

    /// The report of an audit that could not start.
    static func errorReport(reason: String, options: AuditOptions, generatedAt: String) -> AuditReport {
        let check = CheckResult(id: "setup", title: "Audit Setup", status: .error, severity: .block, summary: reason)
        var report = AuditReport(
            tool: "gremlin \(GremlinVersion.current)", verdict: .error, reason: reason,
            repository: options.repository, revision: options.revision, commit: "",
            policy: options.policy ?? "", model: nil, generatedAt: generatedAt, inputs: [:],
            checks: [check])
        report.base = options.base
        report.complete = false
        return report
    }

    /// The one-paragraph text of any error, for users.
    public static func message(for error: Error) -> String {
        switch error {
        case let error as InputError: return error.description
        case let error as InputErrors: return error.description
        case let error as CheckError: return error.description
        case let error as GitError: return error.description
        default: return String(describing: error)
        }
    }

    private func validateSelection() throws {
        for (flag, ids) in [("--only", options.only), ("--skip", options.skip)] {
            for id in ids where CheckRegistry.check(id) == nil {
                let hint = Suggest.nearest(id, in: CheckRegistry.ids).map { "did you mean \($0)? " } ?? ""
                throw InputError(
                    key: flag, message: "unknown check '\(id)'",
                    fix: "\(hint)checks are: \(CheckRegistry.ids.joined(separator: ", "))")
            }
        }
    }

    private func defaultPolicy(root: URL?) throws -> String {
        if let root {
            let candidate = root.appendingPathComponent("policies/production.yaml").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        throw InputError(
            key: "--policy", message: "no --policy given and no policies/production.yaml at the repository root",
            fix: "pass --policy path/to/policy.yaml (gremlin init scaffolds one)")
    }

    private func timed<T>(_ label: String, _ body: () throws -> T) throws -> T {
        progress.step(label + "…")
        let start = DispatchTime.now()
        let value = try body()
        progress.done(Self.milliseconds(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9))
        return value
    }

    static func milliseconds(_ seconds: Double) -> String {
        "\(Int((seconds * 1000).rounded())) ms"
    }
}
