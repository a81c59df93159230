# bash completion for selfnorm: commands from `selfnorm help`, options from `selfnorm CMD
# --help`, so that it always matches the program. Installed by `make install` into
# share/bash-completion/completions/selfnorm.
_selfnorm()
{
    local cur=${COMP_WORDS[COMP_CWORD]} bin=${COMP_WORDS[0]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        local cmds
        cmds=$("$bin" help 2>/dev/null | awk '/^commands:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }')
        COMPREPLY=($(compgen -W "$cmds --version --help" -- "$cur"))
        return
    fi
    # plot FIGURE: the figures from `selfnorm plot list`, then that figure's own options
    if [ "${COMP_WORDS[1]}" = plot ] && [ "$COMP_CWORD" -eq 2 ]; then
        COMPREPLY=($(compgen -W "$("$bin" plot list 2>/dev/null) list --help" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        local opts help=("${COMP_WORDS[1]}")
        [ "${COMP_WORDS[1]}" = plot ] && help+=("${COMP_WORDS[2]}")
        opts=$("$bin" "${help[@]}" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
        COMPREPLY=($(compgen -W "$opts --help --version" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _selfnorm selfnorm
