# Sourced by the bin/ commands: finds the command's classpath and execs its main class. It
# works in two layouts:
#   - a source checkout (pom.xml next to bin/): the module's jar and its target/lib, built with
#     Maven on first use and again whenever a source is newer than the build;
#   - an unpacked distribution (lib/ next to bin/): every jar in lib/, and only a JRE 17+ needed.
# Environment:
#   ARGON_JAVA_OPTS  JVM options for the command's own JVM, added after its defaults (a later
#                    option wins: -Xmx2g overrides the default heap); workers have --worker-jvm-opts
#   JAVA_HOME        the Java to use (default: java on the PATH)
#   ARGON_EXAMPLES   bin/node puts the example tasks (io.argon.examples) on its workers'
#                    classpath unless this is "no"
#   ARGON_CDS_DIR    where class-data-sharing archives are kept (default ~/.cache/argon/cds);
#                    ARGON_CDS=off starts every JVM without them

ARGON_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

argon_is_checkout() {
    [ -f "$ARGON_HOME/pom.xml" ]
}

# argon_module_jar MODULE [NEEDS_LIB]: the module's own jar in a checkout.
argon_module_jar() {
    local target="$ARGON_HOME/$1/target"
    local jar
    for jar in "$target/$1"-*.jar; do
        case "$jar" in
            *-sources.jar|*-tests.jar|*-javadoc.jar) ;;
            *) [ -f "$jar" ] && { [ -z "${2:-}" ] || [ -d "$target/lib" ]; } && { echo "$jar"; return 0; } ;;
        esac
    done
    return 1
}

# Where the launcher notes its builds: the stamp is touched as a build starts and kept once it
# succeeds (a jar Maven left as it was is no guide to when the build ran); the lock keeps two
# commands started at once from building over each other.
ARGON_BUILD_STAMP="$ARGON_HOME/target/argon-launcher.built"
ARGON_BUILD_LOCK="$ARGON_HOME/target/argon-launcher.lock"

# argon_needs_build MODULE: prints why MODULE must be built (no jar yet, or a source newer than
# the last build), or nothing.
argon_needs_build() {
    local jar since
    if ! jar="$(argon_module_jar "$1" lib)"; then
        echo "first use"
        return
    fi
    since="$jar"
    [ "$ARGON_BUILD_STAMP" -nt "$jar" ] && since="$ARGON_BUILD_STAMP"
    if [ -n "$(find "$ARGON_HOME" -name target -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$since" -print -quit)" ]; then
        echo "sources changed since the last build"
    fi
}

# argon_built MODULE: in a checkout, builds the project if MODULE has no jar yet, or a source is
# newer than the last build. One build at a time: a command that waited for another's build
# does not build again.
argon_built() {
    argon_is_checkout || return 0
    [ -n "$(argon_needs_build "$1")" ] || return 0
    mkdir -p "$ARGON_HOME/target"
    (
        command -v flock >/dev/null && flock 9
        local reason
        reason="$(argon_needs_build "$1")"
        [ -n "$reason" ] || exit 0
        echo "argon: $reason, building the project with Maven (takes a minute)..." >&2
        touch "$ARGON_BUILD_STAMP.next"
        (cd "$ARGON_HOME" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2 \
            || { echo "argon: build failed; run 'mvn -B package' in $ARGON_HOME to see why" >&2; exit 1; }
        mv -f "$ARGON_BUILD_STAMP.next" "$ARGON_BUILD_STAMP"
    ) 9>"$ARGON_BUILD_LOCK" || exit 1
}

# The example tasks' jar, which no command's own classpath needs (see bin/node).
argon_examples_jar() {
    local jar
    if argon_is_checkout; then
        jar="$(argon_module_jar argon-examples)" && { echo "$jar"; return 0; }
    else
        for jar in "$ARGON_HOME"/lib/argon-examples-*.jar; do
            [ -f "$jar" ] && { echo "$jar"; return 0; }
        done
    fi
    echo "argon: no example tasks jar under $ARGON_HOME (set ARGON_EXAMPLES=no to run without them)" >&2
    return 1
}

# Set by a command before argon_exec: JVM arguments of its own, kept whole (paths may have spaces).
argon_jvm_args=()

# argon_class_data NAME JAVA CLASSPATH OPTIONS ARGS...: sets argon_cds_args to start from the command's
# class-data-sharing archive: the classes it loads, parsed and verified once, mapped at start
# (a node's JVM starts in about 40% less CPU). Java 17 has no automatic archive, so a run
# without one writes one when it exits (-XX:ArchiveClassesAtExit, under a name with its pid),
# and the next start moves a finished one into place. The archive's name changes with the
# Java runtime, the JVM options and every jar on the classpath, so a stale one is never used.
# A node also gets the directory for its workers' archive (see WorkerArchive).
argon_cds_args=()
argon_class_data() {
    local name="$1" java="$2" classpath="$3" options="$4"
    shift 4
    [ "${ARGON_CDS:-on}" = off ] && return 0
    local dir="${ARGON_CDS_DIR:-}"
    if [ -z "$dir" ]; then
        if [ -n "${XDG_CACHE_HOME:-}" ]; then dir="$XDG_CACHE_HOME/argon/cds"
        elif [ -n "${HOME:-}" ]; then dir="$HOME/.cache/argon/cds"
        else return 0 # never a shared place such as /tmp: an archive is code the JVM maps
        fi
    fi
    { mkdir -p -m 700 "$dir" && [ -O "$dir" ] && [ -w "$dir" ]; } 2>/dev/null || return 0
    # A directory others may write to could hold an archive of theirs: start without archives.
    case "$(stat -c %A "$dir" 2>/dev/null)" in ?????w????|????????w?|'') return 0 ;; esac
    local jars=() entry
    local IFS=:
    for entry in $classpath; do
        case "$entry" in
            *'/*') jars+=("${entry%/\*}"/*.jar) ;;
            *) jars+=("$entry") ;;
        esac
    done
    unset IFS
    local key
    key="$({ command -v "$java" >/dev/null && readlink -f "$(command -v "$java")"; echo "$options"; \
             stat -c '%n %s %Y' "${jars[@]}"; } 2>/dev/null | cksum | cut -d' ' -f1)"
    local archive="$dir/$name-$key.jsa" finished
    for finished in "$archive".tmp.*; do
        [ -f "$finished" ] || continue
        # Another command starting now may move it first: losing that race is no failure.
        kill -0 "${finished##*.}" 2>/dev/null || mv -f "$finished" "$archive" 2>/dev/null || true
    done
    # Archives of other builds or options stay a week (another install may still use one), then go.
    find "$dir" -maxdepth 1 -name "$name-*.jsa*" ! -name "${archive##*/}" -mtime +7 -delete 2>/dev/null || true
    if [ -f "$archive" ]; then
        argon_cds_args=("-XX:SharedArchiveFile=$archive" "-Xlog:cds*=off")
    else
        # Only a real run makes the archive: one of --help would hold too few of the classes.
        case " $* " in *" -h "*|*" --help "*|*" -V "*|*" --version "*) ;;
            *) argon_cds_args=("-XX:ArchiveClassesAtExit=$archive.tmp.$$" "-Xlog:cds*=off") ;;
        esac
    fi
    argon_jvm_args+=("-Dargon.cds.dir=$dir")
}

# argon_exec MODULE MAIN_CLASS DEFAULT_JAVA_OPTS ARGS...
argon_exec() {
    local module="$1" main="$2" defaults="$3"
    shift 3
    argon_built "$module"
    local classpath
    if argon_is_checkout; then
        local jar
        jar="$(argon_module_jar "$module" lib)" || { echo "argon: build produced no jar for $module" >&2; exit 1; }
        classpath="$jar:$(dirname "$jar")/lib/*"
    else
        classpath="$ARGON_HOME/lib/*"
    fi
    local java="java"
    [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
    argon_class_data "$module" "$java" "$classpath" "$defaults ${ARGON_JAVA_OPTS:-}" "$@"
    # Logging is set up for Argon's commands only (io.argon.core.cli.ConsoleLogging), not by a file in a
    # jar: a program that embeds a node or a client keeps its own. -Dlogback.configurationFile=FILE in
    # ARGON_JAVA_OPTS uses a file instead (conf/logback.xml is one to start from).
    # Netty's allocator events for Flight Recorder are off: turning them on sets up JFR at the first
    # buffer, some 55 ms of a fresh JVM's first task (-Dio.netty.jfr.enabled=true in ARGON_JAVA_OPTS
    # brings them back for a recording).
    # shellcheck disable=SC2086 # the options are lists of words
    exec "$java" -Dargon.log.target=System.out -Dio.netty.jfr.enabled=false $defaults \
        ${argon_cds_args[@]+"${argon_cds_args[@]}"} ${argon_jvm_args[@]+"${argon_jvm_args[@]}"} ${ARGON_JAVA_OPTS:-} \
        -cp "$classpath" "$main" "$@"
}
