// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Model Card Generated: Every release ships a model card rendered from the evidence, not written by hand.
///
/// The check renders the card, records it in its measurements (`card`, `card_path`,
/// `card_sha256`) and returns it as an output file; the runner writes it to `card_path`.
public struct ModelCardCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "model_card",
        title: "Model Card Generated",
        rationale: "Every release ships a model card rendered from the evidence, not written by hand.",
        reads: "the manifest and the results of the performance, bias, lineage and approvals checks",
        needsManifest: true,
        after: ["approvals", "bias", "lineage", "performance"],
        keys: [
            Field(
                "path", .string, default: .string("docs/model_cards/{model}.md"),
                doc: "where the card is written, relative to the repository root ({model} = model name)"),
            Field(
                "required_fields", .list(.string), default: .list([]),
                doc: "manifest fields that must be present and non-empty"),
        ],
        examples: ["path: docs/cards/{model}.md\nrequired_fields: [model.intended_use]"]
    )

    public init() {}

    /// The `model_card` policy section.
    public struct Config: CheckConfiguration {
        /// Where the card goes; `{model}` is the model name.
        public var path: String
        public var requiredFields: [String]
        public var file: String

        public init(_ section: CheckConfig) throws {
            path = try section.decode("path")
            requiredFields = try section.decode("required_fields")
            file = section.file
        }
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        let manifest = try context.requireManifest(for: "model_card")
        let path = try Self.cardPath(config.path, model: manifest.model.name, file: config.file)
        let evidence = try Self.evidence(
            manifest: manifest, files: context.files, earlier: context.earlier,
            commit: context.commit.hex, tagSources: LineageReader.tagSources(context.policy),
            registry: context.registry)
        let card = ModelCard.render(evidence)
        let manifestName = context.files.portableName(context.files.url(manifest.file))

        var findings: [Finding] = []
        for field in config.requiredFields where manifest.value(at: field) == nil {
            findings.append(
                Finding(
                    rule: "model_card.required-field",
                    message: "required field `\(field)` is missing or empty in the manifest",
                    location: Location(path: manifestName)))
        }
        for section in card.emptySections {
            findings.append(
                Finding(
                    rule: "model_card.empty-section",
                    message: "section \(section) has no evidence to render from",
                    location: Location(path: path)))
        }
        let digest = InputFiles.sha256(Data(card.markdown.utf8))
        let measurements: [String: JSONValue] = [
            "card_path": .string(path),
            "card_sha256": .string(digest),
            "card": .string(card.markdown),
            "sections": .array(ModelCard.sections.map(JSONValue.string)),
            "empty_sections": .array(card.emptySections.map(JSONValue.string)),
            "performance_source": evidence.performanceSource.map(JSONValue.string) ?? .null,
        ]
        let summary =
            findings.isEmpty
            ? "card rendered (\(ModelCard.sections.count) sections) for \(path)"
            : "card rendered for \(path) with \(findings.count) gap(s)"
        return CheckOutcome(
            findings: findings, summary: summary, measurements: measurements,
            markdown:
                "Model card: \(MarkdownEscaper.code(path)) (sha256 \(MarkdownEscaper.code(String(digest.prefix(12)))))\n",
            files: [OutputFile(path: path, contents: Data(card.markdown.utf8))])
    }

    /// The policy `path` with `{model}` filled in; it must stay inside the repository.
    public static func cardPath(_ template: String, model: String, file: String) throws -> String {
        let path = template.replacingOccurrences(of: "{model}", with: model)
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), path.hasSuffix(".md")
        else {
            throw InputError(
                file: file, key: "checks.model_card.path",
                message: "'\(template)' must be a relative path to a .md file inside the repository",
                fix: "e.g. docs/model_cards/{model}.md")
        }
        return path
    }

    /// Gathers the card's evidence: lineage from the manifest, numbers from the checks that ran
    /// before (`performance`, `bias`, `approvals`), else from the manifest's metrics and approvals files.
    /// `tagSources` are the trusted OpenLineage tag sources; nil: those the `lineage` check used.
    public static func evidence(
        manifest: Manifest, files: InputFiles, earlier: [String: CheckResult],
        commit: String?, tagSources: [String]? = nil, registry: RegistrySnapshot? = nil
    ) throws -> ModelCard.Evidence {
        var evidence = ModelCard.Evidence(manifest: manifest, commit: commit)
        if manifest.lineage != nil {
            let sources: [String]
            if let tagSources {
                sources = tagSources
            } else if case .array(let values)? = earlier[LineageCheck.descriptor.id]?.measurements["tag_sources"] {
                sources = values.compactMap(\.stringValue)
            } else {
                sources = []
            }
            do {
                let graph = try LineageReader.read(manifest: manifest, files: files, tagSources: sources)
                evidence.graph = registry?.merged(into: graph, artifacts: manifest.artifacts) ?? graph
            } catch {
                evidence.graphProblem = "it could not be read (\(AuditRunner.message(for: error)))"
            }
        }

        if let performance = earlier[PerformanceCheck.descriptor.id]?.evidence(PerformanceEvaluation.self),
            case .object(let members)? = performance.measurements["candidate"], !members.isEmpty
        {
            evidence.performance = .object(performance.measurements)
            evidence.performanceSource = "the performance check on the evaluation predictions"
        } else if let evaluation = manifest.evaluation, let path = evaluation.candidate.metrics {
            var performance: [String: JSONValue] = [
                "candidate": try ModelCard.metrics(
                    from: files.read(path, what: "candidate metrics", key: "evaluation.candidate.metrics"),
                    file: path)
            ]
            var source = "metrics file \(path)"
            if let baseline = evaluation.baseline?.metrics {
                performance["baseline"] = try ModelCard.metrics(
                    from: files.read(baseline, what: "baseline metrics", key: "evaluation.baseline.metrics"),
                    file: baseline)
                source += " and \(baseline)"
            }
            evidence.performance = .object(performance)
            evidence.performanceSource = source
        }

        if let bias = earlier[BiasCheck.descriptor.id]?.evidence(BiasCheck.Analysis.self) {
            evidence.bias = .object(bias.measurements)
        }

        if let chain = earlier[ApprovalsCheck.descriptor.id]?.evidence(ApprovalsCheck.Chain.self) {
            evidence.approvals = chain.rows
        } else if let path = manifest.approvals {
            let records = try ApprovalsReader.parse(
                files.read(path, what: "approvals file", key: "approvals"),
                file: files.portableName(files.url(path)))
            evidence.approvals = ApprovalsCheck.chain(records: records, required: [])
        }
        return evidence
    }
}
