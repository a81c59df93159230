/* json.c - a minimal JSON writer: enough for one object per command, correctly escaped. */
#include <math.h>
#include "cli.h"

static void separator(json_writer *w)
{
    if (!w->first[w->depth]) fputc(',', w->f);
    w->first[w->depth] = 0;
}

/* the length of the valid UTF-8 sequence at p (1..4), or 0 if it is not one */
static int utf8_length(const unsigned char *p)
{
    int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 2 && *p < 0xC2) return 0;                 /* overlong */
    for (int k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80) return 0;
    if (n == 3 && ((*p == 0xE0 && p[1] < 0xA0) || (*p == 0xED && p[1] >= 0xA0))) return 0;
    if (n == 4 && ((*p == 0xF0 && p[1] < 0x90) || *p > 0xF4 || (*p == 0xF4 && p[1] >= 0x90))) return 0;
    return n;
}

/* A JSON string: quotes, backslashes and control characters escaped; bytes that are not
 * UTF-8 (a file name may hold any) become U+FFFD, so that the output stays valid JSON. */
static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int n = utf8_length(p);
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else if (n == 0) fputs("\\ufffd", f);
        else fwrite(p, 1, (size_t)n, f);
        p += n ? n : 1;
    }
    fputc('"', f);
}

void json_key(json_writer *w, const char *key)
{
    separator(w);
    if (key) {
        put_string(w->f, key);
        fputc(':', w->f);
    }
}

void json_begin(json_writer *w, FILE *f)
{
    w->f = f;
    w->depth = 0;
    w->first[0] = 1;
    fputc('{', f);
}

void json_end(json_writer *w)
{
    fputs("}\n", w->f);
}

void json_open(json_writer *w, const char *key, char bracket)
{
    json_key(w, key);
    fputc(bracket, w->f);
    w->first[++w->depth] = 1;
}

void json_close(json_writer *w, char bracket)
{
    w->depth--;
    fputc(bracket, w->f);
}

void json_number(json_writer *w, const char *key, double v)
{
    json_key(w, key);
    if (isfinite(v)) fprintf(w->f, "%.17g", v);
    else fputs("null", w->f);
}

void json_integer(json_writer *w, const char *key, long long v)
{
    json_key(w, key);
    fprintf(w->f, "%lld", v);
}

void json_string(json_writer *w, const char *key, const char *s)
{
    json_key(w, key);
    put_string(w->f, s);
}

void json_bool(json_writer *w, const char *key, int v)
{
    json_key(w, key);
    fputs(v ? "true" : "false", w->f);
}
