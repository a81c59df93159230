/* atlas_mpi.c - `selfnorm atlas` over MPI processes (built into selfnorm-mpi only): rank 0 is
 * the master, which hands out one cell at a time to whichever worker asks (cells differ in
 * cost by orders of magnitude: dynamic balancing, no static partition) and writes each result
 * to the output and the bundle as it arrives; the other ranks compute.
 *
 * Protocol: a worker sends TAG_READY (empty) once, then TAG_RESULT (the cell's record payload,
 * sn_atlas_cell_payload) for each cell; the master answers each with TAG_WORK (i, j) or
 * TAG_STOP. A worker that fails sends TAG_FAILED (its GSL status). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mpi.h>
#include "atlas_run.h"

enum { TAG_READY = 1, TAG_RESULT, TAG_FAILED, TAG_WORK, TAG_STOP };

void atlas_mpi_init(int *rank, int *size)
{
    int ready;
    MPI_Initialized(&ready);
    if (!ready) MPI_Init(NULL, NULL);
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
}

void atlas_mpi_finalize(void)
{
    int done;
    MPI_Finalized(&done);
    if (!done) MPI_Finalize();
}

int atlas_mpi_worker(const sn_atlas_spec *spec, int want_cert)
{
    MPI_Send(NULL, 0, MPI_CHAR, 0, TAG_READY, MPI_COMM_WORLD);
    for (;;) {
        long ij[2];
        MPI_Status st;
        MPI_Recv(ij, 2, MPI_LONG, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        if (st.MPI_TAG == TAG_STOP) return EXIT_OK;
        sn_atlas_cell cell;
        char *payload = NULL;
        size_t len = 0;
        int status = atlas_compute(&cell, &payload, &len, spec, ij[0], ij[1], want_cert);
        if (status || len > (size_t)INT32_MAX) {
            int code = status ? status : GSL_ENOMEM;
            MPI_Send(&code, 1, MPI_INT, 0, TAG_FAILED, MPI_COMM_WORLD);
        } else {
            MPI_Send(payload, (int)len, MPI_CHAR, 0, TAG_RESULT, MPI_COMM_WORLD);
        }
        free(payload);
    }
}

/* Waits for any message without spinning: the master shares the machine with workers, and
 * Open MPI's blocking receive polls at full speed. Polls every millisecond instead. */
static void wait_message(MPI_Status *st)
{
    int flag = 0;
    struct timespec nap = { 0, 1000000 };
    for (;;) {
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, st);
        if (flag) return;
        nanosleep(&nap, NULL);
    }
}

int atlas_mpi_master(atlas_sink *sink, const long *cells, size_t n, int stop_only)
{
    int size;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    size_t next = 0;
    int active = size - 1, rc = EXIT_OK, status = GSL_SUCCESS;
    char *buf = NULL;
    size_t cap = 0;
    while (active > 0) {
        MPI_Status st;
        wait_message(&st);
        int count;
        MPI_Get_count(&st, MPI_CHAR, &count);
        if ((size_t)count + 1 > cap) {
            char *b2 = realloc(buf, (size_t)count + 1);
            if (!b2) { rc = cli_usage_error("atlas", "out of memory"); stop_only = 1; }
            else buf = b2, cap = (size_t)count + 1;
        }
        if (rc == EXIT_OK || (size_t)count + 1 <= cap)
            MPI_Recv(buf, count, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        else   /* drop the message: we are stopping anyway */
            MPI_Recv(NULL, 0, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (st.MPI_TAG == TAG_FAILED) {
            memcpy(&status, buf, sizeof status);
            stop_only = 1;
        } else if (st.MPI_TAG == TAG_RESULT && rc == EXIT_OK && !stop_only) {
            sn_atlas_cell cell;
            const char *nl = memchr(buf, '\n', (size_t)count);
            if (!nl || count < 7 || sn_atlas_cell_parse(&cell, buf + 7, (size_t)(nl - buf) - 7) != GSL_SUCCESS)
                rc = cli_usage_error("atlas", "a worker sent a malformed result"), stop_only = 1;
            else if ((rc = atlas_emit(sink, &cell, buf, (size_t)count)))
                stop_only = 1;
        }
        if (!stop_only && next < n) {
            MPI_Send(&cells[2 * next], 2, MPI_LONG, st.MPI_SOURCE, TAG_WORK, MPI_COMM_WORLD);
            next++;
        } else {
            MPI_Send(NULL, 0, MPI_LONG, st.MPI_SOURCE, TAG_STOP, MPI_COMM_WORLD);
            active--;
        }
    }
    free(buf);
    if (status) return cli_status_exit("atlas", status);
    return rc;
}
