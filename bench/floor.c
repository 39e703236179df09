// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

// The naive floor for `gremlin headers`: open REPO with libgit2, walk HEAD's tree, and for every
// blob whose name ends with one of the benchmark's extensions read it whole (git_blob_lookup +
// git_blob_rawcontent) and look for SPDX-License-Identifier in its first 20 lines.
// Single-threaded, no shortcuts: what a straightforward libgit2 program costs.
//
//   floor REPO   → prints "<selected> files, <with-spdx> with SPDX, <bytes> bytes read"

#include <git2.h>
#include <stdio.h>
#include <string.h>

static const char *extensions[] = {".swift", ".c", ".h", ".py", ".java", ".go", ".rs", ".js", ".ts"};
static const char tag[] = "SPDX-License-Identifier";

struct totals {
    git_repository *repo;
    long selected, with_spdx;
    unsigned long long bytes;
    int failed;
};

static int selected(const char *name) {
    size_t length = strlen(name);
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        size_t n = strlen(extensions[i]);
        if (length > n && memcmp(name + length - n, extensions[i], n) == 0) return 1;
    }
    return 0;
}

// Whether TAG occurs in the first 20 lines of DATA.
static int has_spdx(const char *data, size_t size) {
    const char *line = data, *end = data + size;
    for (int number = 0; number < 20 && line < end; number++) {
        const char *newline = memchr(line, '\n', (size_t)(end - line));
        const char *stop = newline ? newline : end;
        size_t length = (size_t)(stop - line), n = sizeof tag - 1;
        for (size_t i = 0; i + n <= length; i++) {
            if (line[i] == tag[0] && memcmp(line + i, tag, n) == 0) return 1;
        }
        line = stop + 1;
    }
    return 0;
}

static int visit(const char *root, const git_tree_entry *entry, void *payload) {
    (void)root;
    struct totals *totals = payload;
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) return 0;
    if (!selected(git_tree_entry_name(entry))) return 0;
    git_blob *blob = NULL;
    if (git_blob_lookup(&blob, totals->repo, git_tree_entry_id(entry)) != 0) {
        totals->failed = 1;
        return -1;
    }
    size_t size = (size_t)git_blob_rawsize(blob);
    totals->selected++;
    totals->bytes += size;
    if (has_spdx(git_blob_rawcontent(blob), size)) totals->with_spdx++;
    git_blob_free(blob);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: floor REPO\n");
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
        fprintf(stderr, "floor: %s: %s\n", argv[1], error ? error->message : "walk failed");
        return 1;
    }
    printf("%ld files, %ld with SPDX, %llu bytes read\n", totals.selected, totals.with_spdx, totals.bytes);
    git_object_free(tree);
    git_repository_free(totals.repo);
    git_libgit2_shutdown();
    return 0;
}
