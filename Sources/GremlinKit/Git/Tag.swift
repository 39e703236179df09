// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

internal import CLibGit2
import Foundation

/// A tag as read back from `refs/tags/`, annotated or lightweight.
public struct TagInfo: Hashable, Sendable {
    /// The short name, e.g. `models/cl_unimodal/v2.1.0`.
    public var name: String
    /// The tag object's id for an annotated tag; the commit's id for a lightweight one.
    public var id: ObjectID
    /// The commit the tag finally points to.
    public var target: ObjectID
    public var isAnnotated: Bool
    /// `nil` for a lightweight tag (or an annotated tag written without a tagger).
    public var tagger: Signature?
    /// The annotation, `""` for a lightweight tag.
    public var message: String
}

extension Repository {
    /// Creates the annotated tag `refs/tags/NAME` on commit `target`, idempotently: when the tag
    /// already exists and points to the same commit, returns the existing tag's id unchanged;
    /// when it points elsewhere, throws `.exists`. `tagger` defaults to `defaultSignature()`.
    @discardableResult
    public func createAnnotatedTag(
        name: String, target: ObjectID, message: String,
        tagger: Signature? = nil
    ) throws -> ObjectID {
        try locked {
            let context = "creating tag '\(name)' on \(target.short) in \(displayPath)"
            if let existing = try tagLocked(name) {
                guard existing.target == target else {
                    throw GitError(
                        kind: .exists, function: "git_tag_create", code: GIT_EEXISTS.rawValue,
                        message: "the tag already points to \(existing.target.short)", context: context,
                        hint: "bump the version instead of moving a released tag")
                }
                return existing.id
            }
            guard let tagger = tagger ?? defaultSignature() else {
                throw GitError(
                    kind: .invalid, function: "git_signature_default", code: GIT_ENOTFOUND.rawValue,
                    message: "no tagger identity", context: context,
                    hint: "set user.name and user.email in git config or pass a tagger")
            }
            var signature: UnsafeMutablePointer<git_signature>?
            try GitError.check(
                git_signature_new(
                    &signature, tagger.name, tagger.email, git_time_t(tagger.time),
                    Int32(tagger.offsetMinutes)), "git_signature_new", context: context)
            defer { git_signature_free(signature) }

            var oid = target.gitOID
            let object = try Handle.object("git_object_lookup", context: context) {
                git_object_lookup(&$0, raw, &oid, GIT_OBJECT_COMMIT)
            }
            let cleaned = Buffer()
            try GitError.check(
                git_message_prettify(&cleaned.raw, message, 0, CChar(UInt8(ascii: "#"))),
                "git_message_prettify", context: context)
            var created = git_oid()
            let rc = object.use { git_tag_create(&created, raw, name, $0, signature, cleaned.string, 0) }
            if rc == GIT_EEXISTS.rawValue, let raced = try tagLocked(name), raced.target == target {
                return raced.id
            }
            try GitError.check(rc, "git_tag_create", context: context)
            return ObjectID(created)
        }
    }

    /// The commit tag `name` points to, or `nil` when there is no such tag.
    public func tagTarget(name: String) throws -> ObjectID? {
        try tag(named: name)?.target
    }

    /// The tag `refs/tags/NAME`, or `nil` when there is none.
    public func tag(named name: String) throws -> TagInfo? {
        try locked { try tagLocked(name) }
    }

    /// Every annotated tag under `refs/tags/` that leads to a commit, sorted by name; tags of
    /// trees or blobs and lightweight tags are left out.
    public func annotatedTags() throws -> [TagInfo] {
        try locked {
            var names = git_strarray()
            try GitError.check(git_tag_list(&names, raw), "git_tag_list", context: "listing tags in \(displayPath)")
            defer { git_strarray_dispose(&names) }
            var tags: [TagInfo] = []
            for index in 0..<names.count {
                let name = copyString(names.strings[index])
                do {
                    if let info = try tagLocked(name), info.isAnnotated { tags.append(info) }
                } catch let error as GitError where error.function == "git_reference_peel" {
                    continue
                }
            }
            return tags.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        }
    }

    private func tagLocked(_ name: String) throws -> TagInfo? {
        let context = "reading tag '\(name)' in \(displayPath)"
        var out: OpaquePointer?
        let rc = git_reference_lookup(&out, raw, "refs/tags/" + name)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(rc, "git_reference_lookup", context: context)
        guard let out else { return nil }
        let reference = Handle(out, free: { git_reference_free($0) })
        let commit = try Handle.object("git_reference_peel", context: context) { out in
            reference.use { git_reference_peel(&out, $0, GIT_OBJECT_COMMIT) }
        }
        let target = commit.use { ObjectID(git_object_id($0)) }
        guard let direct = reference.use({ git_reference_target($0) }).map(ObjectID.init) else {
            throw GitError(
                kind: .invalid, function: "git_reference_target", message: "tag is a symbolic reference",
                context: context)
        }
        var info = TagInfo(name: name, id: direct, target: target, isAnnotated: false, tagger: nil, message: "")
        guard direct != target else { return info }
        var tagOID = direct.gitOID
        let tagHandle = try Handle.object("git_tag_lookup", context: context) { git_tag_lookup(&$0, raw, &tagOID) }
        tagHandle.use { tag in
            info.isAnnotated = true
            info.tagger = git_tag_tagger(tag).map { Signature($0.pointee) }
            info.message = copyString(git_tag_message(tag))
        }
        return info
    }
}
