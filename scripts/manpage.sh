#!/bin/sh
# Writes the man page selfnorm(1) on stdout, from the program's own help texts: `selfnorm
# help` and `selfnorm COMMAND --help` for every command, so that the page says exactly what
# the program does. Used by `make` (build/selfnorm.1) and installed by `make install`.
set -eu
BIN=${1:?usage: manpage.sh path/to/selfnorm}
# troff-escape plain text: backslashes, and lines that begin with a control character
esc() { sed -e 's/\\/\\e/g' -e "s/^[.']/\\\\\\&&/"; }
version=$("$BIN" --version | sed 's/^selfnorm //')
cat <<HEAD
.TH SELFNORM 1 "" "selfnorm $version" "User Commands"
.SH NAME
selfnorm \\- numerical analysis of self-normalizing (SELU) neural networks
.SH SYNOPSIS
.B selfnorm
.I command
.RI [ options ]
.SH DESCRIPTION
selfnorm reproduces the theory of Klambauer et al., "Self-Normalizing Neural Networks"
(NeurIPS 2017, arXiv:1706.02515) from first principles: the moment map of a SELU unit, the
constants alpha01 and lambda01 with proven digits, the stability of fixed points, every
checkable statement of the paper, numerically and proven in ball arithmetic, with proof
certificates, and deep random networks measured against the theory.
.PP
.nf
HEAD
"$BIN" help | esc
printf '.fi\n.SH COMMANDS\n'
for cmd in $("$BIN" help | awk '/^commands:/ { on = 1; next } on && NF == 0 { exit } on && $1 != "help" { print $1 }'); do
    printf '.SS %s\n.nf\n' "$cmd"
    "$BIN" "$cmd" --help | esc
    printf '.fi\n'
    if [ "$cmd" = plot ]; then
        for fig in $("$BIN" plot list); do
            printf '.SS plot %s\n.nf\n' "$fig"
            "$BIN" plot "$fig" --help | esc
            printf '.fi\n'
        done
    fi
done
cat <<TAIL
.SH EXIT STATUS
0 done (a checked statement holds); 1 a statement is false or undecided, or a computation
fell short of its accuracy; 2 bad usage or bad input (one line on standard error).
.SH ENVIRONMENT
.TP
.B OMP_WAIT_POLICY
selfnorm sets it to passive (and runs itself again, once) unless it is set, so that its
threads sleep rather than spin while they wait on a shared machine.
.SH SEE ALSO
README.md, analysis/RIGOROUS.md and analysis/REPRODUCTION.md in the source tree.
TAIL
