// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

// The naive floors the benchmarks compare gremlin with. Both open REPO with libgit2, walk HEAD's
// tree and read blobs whole (git_blob_lookup + git_blob_rawcontent, inflated from the pack).
// Single-threaded, no shortcuts: what a straightforward libgit2 program costs.
//
//   floor REPO        for `gremlin headers`: every blob whose name ends with one of the benchmark's
//                     extensions, looking for SPDX-License-Identifier in its first 20 lines
//                     → "<selected> files, <with-spdx> with SPDX, <bytes> bytes read"
//   floor --all REPO  for `gremlin secrets`: every blob, skipped as binary on a NUL byte in its
//                     first 8000 bytes (as git and the scanner do), the lines of the rest counted
//                     → "<blobs> blobs, <text> text, <bytes> text bytes, <lines> lines"

#include <git2.h>
#include <stdio.h>
#include <string.h>

static const char *extensions[] = {".swift", ".c", ".h", ".py", ".java", ".go", ".rs", ".js", ".ts"};
static const char tag[] = "SPDX-License-Identifier";

struct totals {
    git_repository *repo;
    int all;
    long selected, with_spdx, text;
    unsigned long long bytes, lines;
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

// --all: count the lines of a text blob; a NUL byte early on makes it binary.
static void read_text(struct totals *totals, const char *data, size_t size) {
    if (memchr(data, 0, size < 8000 ? size : 8000) != NULL) return;
    totals->text++;
    totals->bytes += size;
    const char *at = data, *end = data + size;
    while ((at = memchr(at, '\n', (size_t)(end - at))) != NULL) {
        totals->lines++;
        at++;
    }
}

static int visit(const char *root, const git_tree_entry *entry, void *payload) {
    (void)root;
    struct totals *totals = payload;
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) return 0;
    if (!totals->all && !selected(git_tree_entry_name(entry))) return 0;
    git_blob *blob = NULL;
    if (git_blob_lookup(&blob, totals->repo, git_tree_entry_id(entry)) != 0) {
        totals->failed = 1;
        return -1;
    }
    const char *data = git_blob_rawcontent(blob);
    size_t size = (size_t)git_blob_rawsize(blob);
    totals->selected++;
    if (totals->all) {
        read_text(totals, data, size);
    } else {
        totals->bytes += size;
        if (has_spdx(data, size)) totals->with_spdx++;
    }
    git_blob_free(blob);
    return 0;
}

int main(int argc, char **argv) {
    struct totals totals = {0};
    totals.all = argc >= 2 && strcmp(argv[1], "--all") == 0;
    if (argc != 2 + totals.all) {
        fprintf(stderr, "usage: floor [--all] REPO\n");
        return 2;
    }
    const char *path = argv[argc - 1];
    git_libgit2_init();
    git_object *tree = NULL;
    int rc = git_repository_open(&totals.repo, path);
    if (rc == 0) rc = git_revparse_single(&tree, totals.repo, "HEAD^{tree}");
    if (rc == 0) rc = git_tree_walk((git_tree *)tree, GIT_TREEWALK_PRE, visit, &totals);
    if (rc != 0 || totals.failed) {
        const git_error *error = git_error_last();
        fprintf(stderr, "floor: %s: %s\n", path, error ? error->message : "walk failed");
        return 1;
    }
    if (totals.all) {
        printf("%ld blobs, %ld text, %llu text bytes, %llu lines\n", totals.selected, totals.text, totals.bytes,
               totals.lines);
    } else {
        printf("%ld files, %ld with SPDX, %llu bytes read\n", totals.selected, totals.with_spdx, totals.bytes);
    }
    git_object_free(tree);
    git_repository_free(totals.repo);
    git_libgit2_shutdown();
    return 0;
}
