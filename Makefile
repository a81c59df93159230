# selfnorm - build, test, bench, install.
#   make            build/selfnorm, build/libselfnorm.a and build/libselfnorm.so
#   make test       unit, property and CLI tests (installs Debian packages first, as root)
#   make run        the main job: build, then the tour / report
#   make bench      benchmarks
#   make install PREFIX=/usr/local
#   SANITIZE=1      build everything with -fsanitize=address,undefined into build/san/

CC      ?= cc
PREFIX  ?= /usr/local
OPT     ?= -O2 -g
STD      = -std=gnu11
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-maybe-uninitialized
CPPFLAGS = -Iinclude -I$(BUILD)/include -Isrc
OMP      = -fopenmp
# FLINT 3 (-lflint) or the separate Arb of FLINT 2 (-lflint-arb -lflint): scripts/detect_arb.sh
ARB_LIBS := $(shell sh scripts/detect_arb.sh --libs)
LDLIBS   = $(ARB_LIBS) -lmpfr -lgmp -lgsl -lopenblas -lz -lm

ifeq ($(SANITIZE),1)
BUILD   ?= build/san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD   ?= build
SANFLAGS =
endif

# position-independent objects serve both libselfnorm.a and libselfnorm.so; calls inside the
# library may still be inlined (only the library's own definitions are ever used: the
# version script exports sn_ names alone)
CFLAGS  = $(STD) $(OPT) $(WARN) $(OMP) $(SANFLAGS) -fPIC -fno-semantic-interposition
LDFLAGS = $(OMP) $(SANFLAGS)

LIB_SRC  = $(wildcard src/*.c)
CLI_SRC  = $(wildcard src/cli/*.c)
TEST_SRC = $(wildcard tests/test_*.c)
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ  = $(CLI_SRC:src/cli/%.c=$(BUILD)/obj/cli/%.o) $(BUILD)/obj/cli/plot_scripts.o
TESTS    = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
CONFIG_H = $(BUILD)/include/selfnorm/config.h
HEADERS  = $(wildcard include/selfnorm/*.h src/*.h src/cli/*.h) $(CONFIG_H)

# the shared library: libselfnorm.so -> libselfnorm.so.0 (the soname) -> libselfnorm.so.0.1.0
LIB_VERSION = 0.1.0
LIB_SOVERSION = 0
SHLIB = $(BUILD)/libselfnorm.so.$(LIB_VERSION)

.PHONY: python all deps mpi test bench bench-load run tour plots figure1 figure1-draw report install uninstall clean valgrind fuzz FORCE

all: $(BUILD)/selfnorm $(BUILD)/libselfnorm.a $(SHLIB) $(BUILD)/selfnorm.1

# which Arb the build found (scripts/detect_arb.sh); rewritten only when that changes
%/include/selfnorm/config.h: FORCE
	@CC='$(CC)' sh scripts/detect_arb.sh --header $@

deps:
	@sh scripts/deps.sh

$(BUILD)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# the vector kernel only; it is called after a run-time CPU check (moments.c)
$(BUILD)/obj/moments_simd.o: CFLAGS += -mavx2 -mfma

# The commit `selfnorm report` names: git describe at build time, "unknown" outside git. The
# stamp file changes only when the description does, so cmd_report.o is rebuilt exactly then.
SN_COMMIT := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
$(BUILD)/commit.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(SN_COMMIT)' | cmp -s - $@ || echo '$(SN_COMMIT)' > $@
$(BUILD)/obj/cli/cmd_report.o: $(BUILD)/commit.stamp
$(BUILD)/obj/cli/cmd_report.o: CPPFLAGS += -DSN_COMMIT='"$(SN_COMMIT)"'

# the gnuplot scripts of plots/, compiled into the binary (scripts/embed_plots.sh)
PLOT_SCRIPTS = $(wildcard plots/*.gp)
$(BUILD)/plot_scripts.c: $(PLOT_SCRIPTS) scripts/embed_plots.sh
	@mkdir -p $(dir $@)
	sh scripts/embed_plots.sh $@ $(PLOT_SCRIPTS)
$(BUILD)/obj/cli/plot_scripts.o: $(BUILD)/plot_scripts.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Isrc/cli $(CFLAGS) -c $< -o $@

# elementwise MLP kernels: vectorized expf/tanhf need -ffast-math (see the file's comment)
$(BUILD)/obj/mlp_kernels.o: CFLAGS += -O3 -ffast-math
$(BUILD)/obj/activation_kernels.o: CFLAGS += -O3 -ffast-math
# the quadrature's panel sums (no fast math: the rounding analysis of activation_quad.c holds)
$(BUILD)/obj/activation_quad.o: CFLAGS += -O3

$(BUILD)/libselfnorm.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(SHLIB): $(LIB_OBJ) src/libselfnorm.map
	$(CC) -shared -Wl,-soname,libselfnorm.so.$(LIB_SOVERSION) -Wl,--version-script=src/libselfnorm.map \
	    -Wl,--no-undefined $(LDFLAGS) $(LIB_OBJ) $(LDLIBS) -o $@
	ln -sf libselfnorm.so.$(LIB_VERSION) $(BUILD)/libselfnorm.so.$(LIB_SOVERSION)
	ln -sf libselfnorm.so.$(LIB_SOVERSION) $(BUILD)/libselfnorm.so

$(BUILD)/selfnorm: $(CLI_OBJ) $(BUILD)/libselfnorm.a
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

# the MPI driver (selfnorm-mpi: the same commands, `atlas` spread over MPI processes), built
# when Open MPI's mpicc is there (Debian libopenmpi-dev; optional, see scripts/deps.sh)
MPICC   ?= $(shell command -v mpicc 2>/dev/null)
MPI_BIN  = $(if $(MPICC),$(BUILD)/selfnorm-mpi)
MPI_OBJ  = $(filter-out $(BUILD)/obj/cli/cmd_atlas.o,$(CLI_OBJ)) $(BUILD)/obj/mpi/cmd_atlas.o \
           $(BUILD)/obj/mpi/atlas_mpi.o
$(BUILD)/obj/mpi/cmd_atlas.o: src/cli/cmd_atlas.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(MPICC) $(CPPFLAGS) -DSN_MPI $(CFLAGS) -c $< -o $@
$(BUILD)/obj/mpi/atlas_mpi.o: src/mpi/atlas_mpi.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(MPICC) $(CPPFLAGS) -Isrc/cli -DSN_MPI $(CFLAGS) -c $< -o $@
$(BUILD)/selfnorm-mpi: $(MPI_OBJ) $(BUILD)/libselfnorm.a
	$(MPICC) $(LDFLAGS) $^ $(LDLIBS) -o $@

mpi:
	@if [ -z "$(MPICC)" ]; then echo "make mpi: no mpicc (apt-get install libopenmpi-dev openmpi-bin)" >&2; exit 2; fi
	@$(MAKE) --no-print-directory $(BUILD)/selfnorm-mpi

$(BUILD)/tests/%: tests/%.c tests/testutil.h tests/tmpdir.h $(BUILD)/libselfnorm.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) $< $(BUILD)/libselfnorm.a $(LDFLAGS) -lcmocka $(LDLIBS) -o $@

# The Python package (python/selfnorm) with the shared library beside it, importable with
# PYTHONPATH=$(BUILD)/python by Debian's python3 (python3-numpy); no pip involved.
PY_SRC = $(wildcard python/selfnorm/*.py)
python: $(BUILD)/python/selfnorm/libselfnorm.so.0
	@echo "python: PYTHONPATH=$(abspath $(BUILD)/python) /usr/bin/python3 -c 'import selfnorm'"
$(BUILD)/python/selfnorm/libselfnorm.so.0: $(SHLIB) $(PY_SRC)
	@mkdir -p $(dir $@)
	cp $(PY_SRC) $(dir $@)
	cp $(SHLIB) $@

# libFuzzer target for certificates, parser and checker (clang, the library built with it,
# without OpenMP); `make test` runs it for 10 s
FUZZ = build/fuzz/fuzz_certificate
FUZZ_SRC = $(filter-out src/mlp%.c src/train.c,$(LIB_SRC))
$(FUZZ): tests/fuzz/fuzz_certificate.c $(FUZZ_SRC) $(HEADERS) build/include/selfnorm/config.h
	@mkdir -p $(dir $@)
	clang -g -O1 -Iinclude -Ibuild/include -Isrc -mavx2 -mfma -fsanitize=fuzzer,address,undefined $< $(FUZZ_SRC) \
	    $(ARB_LIBS) -lmpfr -lgmp -lgsl -lopenblas -lz -lm -o $@

fuzz: $(FUZZ)

test: deps all python $(TESTS) $(FUZZ) $(MPI_BIN)
	@sh tests/run.sh $(BUILD)

valgrind: deps all $(TESTS)
	@sh tests/valgrind.sh $(BUILD)

bench: deps all python
	@mkdir -p $(BUILD)/bench
	@sh analysis/bench.sh $(BUILD) | tee $(BUILD)/bench/results.txt

# steadiness on a busy machine: quiet and beside two CPU-bound processes (analysis/load.sh)
bench-load: deps all
	@bash analysis/load.sh $(BUILD)

# the main job: the reproduction report and the figures (Figure 1's training runs first: the
# report reads their data)
run: deps all figure1 report plots
	@echo; echo "report:  analysis/REPRODUCTION.md"; echo "figures:"; ls -l build/plots/*.png | awk '{ print "  " $$NF " (" $$5 " bytes)" }'

report: all
	$(BUILD)/selfnorm report

# the figures drawn from training runs: computed once by `make figure1` (minutes), drawn here
TRAINING_FIGURES = figure1 training-stats
FIGURE1_DATA = build/plots/figure1.tsv

plots: all
	@mkdir -p build/plots
	@for p in $$($(BUILD)/selfnorm plot list); do \
	    case " $(TRAINING_FIGURES) " in *" $$p "*) continue;; esac; \
	    for ext in png svg; do $(BUILD)/selfnorm plot $$p --output build/plots/$$p.$$ext || exit 1; done; \
	    echo "plot: build/plots/$$p.png, build/plots/$$p.svg"; \
	done
	@if [ ! -f $(FIGURE1_DATA) ]; then echo "plot: figure1 and training-stats need 'make figure1' (training runs, minutes)"; \
	 elif [ build/plots/training-stats.svg -nt $(FIGURE1_DATA) ]; then echo "plot: figure1, training-stats: drawn already"; \
	 else $(MAKE) --no-print-directory figure1-draw; fi

# the paper's Figure 1 on Fashion-MNIST, at the reduced settings of `selfnorm plot figure1
# --help` (FIGURE1_FLAGS=--full for the paper's own)
figure1: all
	@mkdir -p build/plots
	$(BUILD)/selfnorm plot figure1 $(FIGURE1_FLAGS) > $(FIGURE1_DATA).tmp && mv $(FIGURE1_DATA).tmp $(FIGURE1_DATA)
	@$(MAKE) --no-print-directory figure1-draw

figure1-draw:
	@for p in $(TRAINING_FIGURES); do \
	    for ext in png svg; do $(BUILD)/selfnorm plot $$p --data-file $(FIGURE1_DATA) --output build/plots/$$p.$$ext || exit 1; done; \
	    echo "plot: build/plots/$$p.png, build/plots/$$p.svg"; \
	done

# a guided tour of the commands at the fixed point
tour: deps all
	@sh scripts/tour.sh $(BUILD)

# selfnorm.pc names the prefix: the stamp changes (and the file is rewritten) exactly when the
# prefix or the libraries do
PC_STAMP = $(PREFIX) $(ARB_LIBS)
$(BUILD)/prefix.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(PC_STAMP)' | cmp -s - $@ || echo '$(PC_STAMP)' > $@
$(BUILD)/selfnorm.pc: selfnorm.pc.in $(BUILD)/prefix.stamp
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@ARB_LIBS@|$(ARB_LIBS)|' -e 's|@VERSION@|$(LIB_VERSION)|' $< > $@

# the man page, from the program's own help texts (scripts/manpage.sh)
$(BUILD)/selfnorm.1: $(BUILD)/selfnorm scripts/manpage.sh
	sh scripts/manpage.sh $(BUILD)/selfnorm > $@

install: all $(BUILD)/selfnorm.pc $(BUILD)/selfnorm.1
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	           $(DESTDIR)$(PREFIX)/include/selfnorm $(DESTDIR)$(PREFIX)/share/man/man1 \
	           $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 $(BUILD)/selfnorm.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 scripts/selfnorm-completion.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/selfnorm
	install -m 755 $(BUILD)/selfnorm $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libselfnorm.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SHLIB) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libselfnorm.so.$(LIB_VERSION) $(DESTDIR)$(PREFIX)/lib/libselfnorm.so.$(LIB_SOVERSION)
	ln -sf libselfnorm.so.$(LIB_SOVERSION) $(DESTDIR)$(PREFIX)/lib/libselfnorm.so
	install -m 644 include/selfnorm/*.h $(CONFIG_H) $(DESTDIR)$(PREFIX)/include/selfnorm/
	install -m 644 $(BUILD)/selfnorm.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/selfnorm $(DESTDIR)$(PREFIX)/lib/libselfnorm.a \
	       $(DESTDIR)$(PREFIX)/lib/libselfnorm.so $(DESTDIR)$(PREFIX)/lib/libselfnorm.so.$(LIB_SOVERSION) \
	       $(DESTDIR)$(PREFIX)/lib/libselfnorm.so.$(LIB_VERSION) \
	       $(DESTDIR)$(PREFIX)/share/man/man1/selfnorm.1 \
	       $(DESTDIR)$(PREFIX)/share/bash-completion/completions/selfnorm \
	       $(DESTDIR)$(PREFIX)/include/selfnorm $(DESTDIR)$(PREFIX)/lib/pkgconfig/selfnorm.pc

clean:
	rm -rf build
