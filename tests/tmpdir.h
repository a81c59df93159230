/* tmpdir.h - a private temporary directory per test (cmocka setup/teardown) and paths in it,
 * for the tests that write files. Included by one test file each: the state is that file's. */
#ifndef SELFNORM_TEST_TMPDIR_H
#define SELFNORM_TEST_TMPDIR_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef TMPDIR_PREFIX
#define TMPDIR_PREFIX "selfnorm-test"
#endif

static char dir[256];

static int rm_one(const char *p, const struct stat *s, int flag, struct FTW *f)
{
    (void)s; (void)flag; (void)f;
    return remove(p);
}

static int setup(void **state)
{
    (void)state;
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/" TMPDIR_PREFIX "-XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* dir/name, in one of four rotating buffers (so that a call may take two or three paths) */
static const char *path(const char *name)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

#endif
