// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors
// The only place libgit2's C API is declared to Swift.
#ifndef GREMLIN_CLIBGIT2_SHIM_H
#define GREMLIN_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/commit.h>
#include <git2/sys/repository.h>

// git_libgit2_opts is variadic, which Swift cannot call: one fixed-signature wrapper per use.
static inline int gremlin_git_search_path(git_config_level_t level, git_buf *out) {
    return git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, out);
}
#endif
