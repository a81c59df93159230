/* json.c - a minimal JSON writer: enough for one object per command, correctly escaped. */
#include <math.h>
#include "cli.h"

static void separator(json_writer *w)
{
    if (!w->first[w->depth]) fputc(',', w->f);
    w->first[w->depth] = 0;
}

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else fputc(*p, f);
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
