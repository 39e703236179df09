// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// What the user asked `gremlin release` to do (its flags, parsed).
public struct ReleaseOptions: Sendable {
    /// The release manifest the audit read.
    public var manifest: String
    /// The audit.json the release rests on.
    public var audit: String
    public var outDirectory: String = "out"
    public var repository: String = "."
    public var revision: String = "HEAD"
    /// `--sign`: a key file path or `env:VAR`.
    public var signingKey: String?
    /// `--notify`, else `GREMLIN_WEBHOOK_URL`; a secret, never printed.
    public var webhook: String?
    public var dryRun = false
    /// `--policy`: the policy to recompute the audit with; by default the file audit.json records.
    /// Either way its digest must equal the audited one.
    public var policy: String?
    /// `--allow-dirty`: recorded in release.json and the attestation. It never excuses an input whose
    /// bytes changed since the audit: the audit, and its recomputation, would not describe what is released.
    public var allowDirty = false
    /// Whether to create the production-candidate tag (`--no-tag` leaves tagging to someone else).
    public var createTag = true
    /// `--move-alias`: move the registry's production-candidate alias off another version (recorded).
    public var moveAlias = false
    /// Total webhook budget in seconds: every attempt, retry and wait (an attempt gets at most 10 s).
    public var notifyTimeout: TimeInterval = 20
    /// Delay before the first webhook retry, in seconds (doubled each time).
    public var notifyBackoff: TimeInterval = 1
    /// Process environment (`SOURCE_DATE_EPOCH`, `env:` keys, git identity variables).
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init(manifest: String, audit: String) {
        self.manifest = manifest
        self.audit = audit
    }
}

/// A release the gate refuses because the audit does not vouch for what would be released (exit 1).
public struct ReleaseRefused: Error, Sendable, CustomStringConvertible, Equatable {
    /// Every reason found, each naming the file or value at fault and the fix.
    public var reasons: [String]

    public init(_ reasons: [String]) {
        self.reasons = reasons
    }

    public var description: String {
        "release refused: " + reasons.joined(separator: "\n  ")
    }
}
