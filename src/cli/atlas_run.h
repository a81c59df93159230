/* atlas_run.h - what `selfnorm atlas` shares between its schedulers: threads on one machine
 * (cmd_atlas.c) and master/worker processes under MPI (src/mpi/atlas_mpi.c, built into
 * selfnorm-mpi only). */
#ifndef SELFNORM_ATLAS_RUN_H
#define SELFNORM_ATLAS_RUN_H

#include <stdio.h>
#include "cli.h"

/* Where finished cells go: the output (TSV or JSON Lines) and the bundle (or none). */
typedef struct {
    const sn_atlas_spec *spec;
    FILE *out;
    int json;
    FILE *bundle;          /* NULL: no certificates are kept */
    size_t counts[3];      /* by verdict */
    size_t written;
    double last_sync;      /* when the bundle was last synced to the disk */
    int failed;            /* a write failed: the run stops */
} atlas_sink;

/* Writes a finished cell: its bundle record (payload as sn_atlas_cell_payload made it) first,
 * then its output line, so that a cell printed is a cell journaled. EXIT_OK or EXIT_USAGE. */
int atlas_emit(atlas_sink *s, const sn_atlas_cell *cell, const char *payload, size_t len);

/* Computes cell (i, j) and its record payload (with the certificate when want_cert, else the
 * result line alone). GSL status. */
int atlas_compute(sn_atlas_cell *cell, char **payload, size_t *len, const sn_atlas_spec *spec,
                  long i, long j, int want_cert);

#ifdef SN_MPI
/* MPI_Init; the rank and the number of processes. */
void atlas_mpi_init(int *rank, int *size);
void atlas_mpi_finalize(void);
/* A worker's life: cells from the master until it says stop. EXIT_OK or EXIT_USAGE. */
int atlas_mpi_worker(const sn_atlas_spec *spec, int want_cert);
/* The master: hands out the pending cells (cells[2k], cells[2k+1]) one at a time to whichever
 * worker asks, writes the results as they arrive, then stops the workers. stop_only: just
 * stop them (the run was refused). EXIT_OK or an exit code. */
int atlas_mpi_master(atlas_sink *sink, const long *cells, size_t n, int stop_only);
#endif

#endif
