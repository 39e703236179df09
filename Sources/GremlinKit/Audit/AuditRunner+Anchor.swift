// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension AuditRunner {
    /// The manifest key each manifest-reading check is about: a finding of that check without a
    /// file of its own (a metric below threshold, a missing approval) points at this key.
    static let manifestKeys: [String: String] = [
        "approvals": "approvals", "bias": "evaluation", "leakage": "splits", "lineage": "lineage",
        "model_card": "model", "performance": "evaluation", "pii": "pii_scan",
    ]

    /// Where a finding of this check without a location points in code-scanning reports: the
    /// manifest key the check reads (manifest checks), else the check's section of the policy,
    /// at the key's line when known (line 1 otherwise). Paths are repository-relative when inside it.
    static func anchor(of descriptor: CheckDescriptor, settings: CheckSettings, setup: Setup) -> Location {
        if descriptor.needsManifest, let manifest = setup.manifest {
            let path = setup.files.portableName(URL(fileURLWithPath: manifest.file))
            let line = manifestKeys[descriptor.id].flatMap { manifest.document.line(of: $0) }
            return Location(path: path, line: line ?? 1)
        }
        // The section came from the named policy, or from a file it extends (named relative to
        // the extending file, so matched by name among the files the loader read).
        let sectionFile = settings.config.file
        if sectionFile == setup.policy.file {
            return Location(path: setup.policyFile, line: settings.line ?? 1)
        }
        let name = URL(fileURLWithPath: sectionFile).lastPathComponent
        let candidates = setup.policy.files.filter { $0.lastPathComponent == name }
        guard candidates.count == 1, let url = candidates.first else {
            return Location(path: setup.policyFile, line: 1)
        }
        return Location(path: setup.files.portableName(url), line: settings.line ?? 1)
    }
}
