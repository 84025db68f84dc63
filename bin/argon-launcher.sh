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

argon_build() {
    echo "argon: $1, building the project with Maven (takes a minute)..." >&2
    (cd "$ARGON_HOME" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2 \
        || { echo "argon: build failed; run 'mvn -B package' in $ARGON_HOME to see why" >&2; exit 1; }
}

# argon_built MODULE: in a checkout, builds the project if MODULE has no jar yet, or a source is newer than it.
argon_built() {
    argon_is_checkout || return 0
    local jar
    if ! jar="$(argon_module_jar "$1" lib)"; then
        argon_build "first use"
    elif [ -n "$(find "$ARGON_HOME" -name target -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
        argon_build "sources changed since the last build"
    fi
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
    # Logging is configured here, not in a jar: a program that embeds a node or a client keeps its own.
    # shellcheck disable=SC2086 # the options are lists of words
    exec "$java" $defaults "-Dlogback.configurationFile=$ARGON_HOME/conf/logback.xml" \
        ${argon_jvm_args[@]+"${argon_jvm_args[@]}"} ${ARGON_JAVA_OPTS:-} -cp "$classpath" "$main" "$@"
}
