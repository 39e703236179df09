// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The reference of the files a user writes (manifest, approvals, lineage, metrics, splits), in
/// Markdown: the key tables come from the same shapes the readers validate with, so the README
/// (between the FORMAT-REFERENCE markers, rewritten by scripts/update-docs.sh) cannot drift.
public enum FormatReference {
    public static func markdown() -> String {
        var text = ""
        text += section(
            "Release manifest (`release.yaml`)",
            "What is being promoted and where its evidence lives; paths are relative to the manifest.",
            shape: ManifestLoader.shape, example: manifestExample)
        text += section(
            "Approvals file", "One record per role sign-off; see the approvals rules above for which ones count.",
            shape: ApprovalsReader.shape, example: approvalsExample)
        text += section(
            "Lineage (YAML)",
            "Datasets, runs and artifacts, each naming what it came from. OpenLineage JSON lines are the "
                + "other accepted form (see Lineage).",
            shape: LineageYAMLReader.shape, example: lineageExample)
        text += "### Metrics (JSON or .xlsx)\n\n"
        text += "A model's metrics when its predictions are not at hand (`evaluation.*.metrics`): a flat object "
        text += "of numbers, or `{\"metrics\": {name: {value, ci: [low, high]}}}`; names as the performance "
        text += "policy's `metric` uses them (`c_index`, `auroc`, `hazard_ratio_per_sd`…). A workbook holds the "
        text += "same as `metric,value[,ci_low,ci_high]` rows, or one row per model (`sheet:`, `row:`).\n\n"
        text += "```json\n" + metricsExample + "```\n\n"
        text += "### Split files and assignments\n\n"
        text += "`splits.<name>` is a file of patient IDs: one per line (`.txt`), or a CSV/TSV whose `id_column` "
        text += "(default `patient_id`) holds them. `splits.assignments` is instead one CSV with an ID column and "
        text += "`split_column` (default `split`) naming each patient's split. IDs are trimmed and normalised "
        text += "(`checks.leakage.normalize`); the files are compared by hashed ID, never printed.\n\n"
        text += "```text\n" + splitExample + "```\n\n"
        text += "### The rendered model card\n\n"
        text += "The `model_card` check writes the card into the audited work tree (`checks.model_card.path`, "
        text += "default `docs/model_cards/{model}.md`) and into the audit's outputs. The audit does not commit "
        text += "it: commit it in a follow-up change (its content is reproducible from the same evidence under "
        text += "`SOURCE_DATE_EPOCH`), or keep the path in `.gitignore` and publish the copy from `--out`.\n"
        return text
    }

    static func section(_ title: String, _ intro: String, shape: Shape, example: String) -> String {
        var text = "### \(title)\n\n\(intro)\n\n| key | type | required | meaning |\n| --- | --- | --- | --- |\n"
        for row in rows(shape, prefix: "") {
            text += "| `\(row.key)` | \(row.type) | \(row.required ? "yes" : "") | \(escape(row.doc)) |\n"
        }
        return text + "\n```yaml\n" + example + "```\n\n"
    }

    struct Row {
        var key: String
        var type: String
        var required: Bool
        var doc: String
    }

    /// Every key of `shape`, nested keys dotted and list items as `key[]`.
    static func rows(_ shape: Shape, prefix: String) -> [Row] {
        guard case .object(let fields) = shape else { return [] }
        var out: [Row] = []
        for field in fields {
            let key = prefix + field.name
            out.append(Row(key: key, type: field.shape.noun, required: field.required, doc: field.doc))
            switch field.shape {
            case .object: out += rows(field.shape, prefix: key + ".")
            case .list(let element): out += rows(element, prefix: key + "[].")
            default: break
            }
        }
        return out
    }

    static func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    static let manifestExample = """
        apiVersion: gremlin/v1
        kind: ModelRelease
        model: {name: cl_unimodal_v2, version: 1.0.0, intended_use: Research-grade risk stratification}
        artifacts:
          - {name: weights, uri: "s3://models/cl_unimodal_v2/1.0.0/model.pt", sha256: 7ff3f491b8b6cdd1c5d85f5e6c7e5aeb926ce2b0ded73a095ef9b0fe7599eca9, path: artifacts/model.pt}
        lineage: lineage.yaml
        evaluation:
          candidate: {predictions: eval/candidate.csv}
          baseline: {name: cl_unimodal_v1, predictions: eval/production.csv}
        splits: {train: splits/train.csv, validation: splits/validation.csv, test: splits/test.csv}
        approvals: approvals.yaml

        """

    static let approvalsExample = """
        apiVersion: gremlin/v1
        kind: Approvals
        approvals:
          - {role: model_owner, name: J. Smith, email: j.smith@example.org, date: 2024-12-01, status: approved}
          - {role: mlops_lead, name: K. Patel, status: pending}

        """

    static let lineageExample = """
        apiVersion: gremlin/v1
        kind: Lineage
        nodes:
          - {id: notes_raw, kind: dataset, stage: raw, pii: {status: scrubbed, certified_by: redaction_v2}}
          - {id: train_split, kind: dataset, stage: split, derived_from: [notes_raw]}
          - {id: train_run, kind: run, stage: training, inputs: [train_split], code: {repo: ml, commit: 1a2b3c4}}
          - {id: weights, kind: artifact, produced_by: train_run, artifact: weights}

        """

    static let metricsExample = """
        {"metrics": {"c_index": {"value": 0.638, "ci": [0.601, 0.674]}, "auroc": {"value": 0.70}}}

        """

    static let splitExample = """
        splits/test.txt        splits/test.csv          assignments.csv
        P000101                patient_id,site          patient_id,split
        P000102                P000101,north            P000101,test
                               P000102,south            P000102,train

        """
}
