// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// What a SARIF rule says about itself: descriptions from the check's descriptor (and the secret
/// rule's own description), the fix as help, and a security severity for security rules only.
enum SARIFRules {
    /// Secret rules for key material (a private key, a cloud key pair's secret half, a service
    /// account key file): whoever holds one acts as its owner with no further factor.
    static let keyMaterial: Set<String> = ["private-key", "aws-secret-key", "gcp-service-account"]

    /// GitHub's `security-severity` for a rule ("0.0"–"10.0"), or nil for a rule that is not
    /// about security (headers, sign-offs, metrics…): code scanning then files it as a quality alert.
    static func securitySeverity(rule: String) -> String? {
        guard rule.hasPrefix("security.") else { return nil }
        let name = String(rule.dropFirst("security.".count))
        if SecretRule.builtIn.contains(where: { $0.id == name }) {
            return keyMaterial.contains(name) ? "9.0" : "7.0"
        }
        switch name {
        case "unsafe-pickle", "malformed-pickle", "malformed-artifact": return "8.0"
        case "forbidden-path": return "7.0"
        case "lfs-pointer", "artifact-not-scanned": return "5.0"
        default: return nil
        }
    }

    /// The long description: what the rule finds (secret rules), then why the check exists.
    static func fullDescription(rule: String, checkID: String, title: String) -> String {
        var text = "\(title): " + (CheckRegistry.check(checkID)?.descriptor.rationale ?? "a release gate check.")
        if let secret = secretRule(rule) { text = "\(secret.description). " + text }
        return text
    }

    /// How to fix a finding of this rule, one or two sentences.
    static func fix(rule: String, checkID: String) -> String {
        if secretRule(rule) != nil {
            return "Revoke and rotate the credential, remove it from the file (and from history if it was pushed), "
                + "and load it from the CI secret store. A test fixture or false positive can be accepted with "
                + "`gremlin secrets --baseline-update` and a committed baseline, or a `gremlin:allow` comment."
        }
        if rule.hasSuffix(".error") {
            return "The check could not be evaluated: fix the input the message names (file, key, line), then "
                + "run `gremlin audit` again. An error always blocks the release."
        }
        switch rule {
        case "security.unsafe-pickle", "security.malformed-pickle", "security.malformed-artifact":
            return "Re-export the model in a format that cannot run code (safetensors, ONNX); never load "
                + "an untrusted pickle."
        case "security.lfs-pointer", "security.artifact-not-scanned", "ip.lfs-pointer":
            return "Fetch the real content (`git lfs pull`) in the CI job before the audit, so the gate scans "
                + "the file and not its pointer."
        case "security.forbidden-path": return "Remove the file from the repository (and from history if pushed)."
        case "security.oversized-blob":
            return "Keep large files out of git: publish them as release artifacts, or raise `max_blob_bytes`."
        default: break
        }
        switch checkID {
        case "ip": return "Add the license header the policy requires (`gremlin headers --fix` inserts it)."
        case "commits":
            return "Amend or reword the commits (`git commit --amend -s`, `git rebase -i --signoff`) so each "
                + "carries a sign-off and a conforming author and subject."
        case "inputs": return "Commit the evidence files the manifest names, then audit that commit."
        case "leakage": return "Reassign the patients so each appears in exactly one split, then re-train."
        case "lineage": return "Complete the lineage graph the manifest names so the artifact traces to raw data."
        case "model_card": return "Fill in the manifest fields the model card needs (`model.*`, `limitations`)."
        case "pii": return "Remove or scrub the personal data from the sample files the manifest lists."
        case "performance", "bias":
            return "Improve the candidate, or change the threshold in the policy with a reviewed justification."
        case "approvals": return "Collect the missing sign-offs in the approvals file, signed as the policy requires."
        default: return "Fix the finding and run `gremlin audit` again, or adjust `checks.\(checkID)` in the policy."
        }
    }

    /// `help`: the fix, and the check's reason, in plain text and Markdown.
    static func help(rule: String, checkID: String, title: String) -> SARIFHelp {
        let why = CheckRegistry.check(checkID)?.descriptor.rationale ?? ""
        let fix = fix(rule: rule, checkID: checkID)
        let text = "\(fix)\n\nWhy: \(why)\nPolicy: checks.\(checkID) (\(title))."
        let markdown = "**How to fix.** \(fix)\n\n**Why.** \(why)\n\nPolicy section: `checks.\(checkID)` (\(title))."
        return SARIFHelp(text: text, markdown: markdown)
    }

    private static func secretRule(_ rule: String) -> SecretRule? {
        guard rule.hasPrefix("security.") else { return nil }
        let name = rule.dropFirst("security.".count)
        return SecretRule.builtIn.first { $0.id == name }
    }
}
