// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

// The read floor for `gremlin secrets`: open REPO with libgit2, walk HEAD's tree, and read every
// blob whole (git_blob_lookup + git_blob_rawcontent, inflated from the pack); skip it as binary
// when a NUL byte is in its first 8000 bytes, as git and the scanner do, else count its lines
// with memchr. Single-threaded, no scanning: what touching every text byte once costs.
//
//   secrets-floor REPO   → prints "<blobs> blobs, <text> text, <bytes> text bytes, <lines> lines"

#include <git2.h>
#include <stdio.h>
#include <string.h>

struct totals {
    git_repository *repo;
    long blobs, text;
    unsigned long long bytes, lines;
    int failed;
};

static int visit(const char *root, const git_tree_entry *entry, void *payload) {
    (void)root;
    struct totals *totals = payload;
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) return 0;
    git_blob *blob = NULL;
    if (git_blob_lookup(&blob, totals->repo, git_tree_entry_id(entry)) != 0) {
        totals->failed = 1;
        return -1;
    }
    const char *data = git_blob_rawcontent(blob);
    size_t size = (size_t)git_blob_rawsize(blob);
    totals->blobs++;
    if (memchr(data, 0, size < 8000 ? size : 8000) == NULL) {
        totals->text++;
        totals->bytes += size;
        const char *at = data, *end = data + size;
        while ((at = memchr(at, '\n', (size_t)(end - at))) != NULL) {
            totals->lines++;
            at++;
        }
    }
    git_blob_free(blob);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: secrets-floor REPO\n");
        return 2;
    }
    git_libgit2_init();
    struct totals totals = {0};
    git_object *tree = NULL;
    int rc = git_repository_open(&totals.repo, argv[1]);
    if (rc == 0) rc = git_revparse_single(&tree, totals.repo, "HEAD^{tree}");
    if (rc == 0) rc = git_tree_walk((git_tree *)tree, GIT_TREEWALK_PRE, visit, &totals);
    if (rc != 0 || totals.failed) {
        const git_error *error = git_error_last();
        fprintf(stderr, "secrets-floor: %s: %s\n", argv[1], error ? error->message : "walk failed");
        return 1;
    }
    printf("%ld blobs, %ld text, %llu text bytes, %llu lines\n", totals.blobs, totals.text, totals.bytes, totals.lines);
    git_object_free(tree);
    git_repository_free(totals.repo);
    git_libgit2_shutdown();
    return 0;
}
