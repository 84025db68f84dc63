# Sourced by the bin/ commands: finds a module's jar and runtime classpath, building the
# project on first use and again whenever a source is newer than the build, then execs the
# module's main class.
#   ARGON_JAVA_OPTS  JVM options for the command's own JVM, added after its defaults (a later
#                    option wins: -Xmx2g overrides the default heap); workers have --worker-jvm-opts
#   JAVA_HOME        the JDK to use (default: java on the PATH)
#   ARGON_EXAMPLES   bin/node puts the example tasks (io.argon.examples) on its workers'
#                    classpath unless this is "no"

ARGON_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

argon_jar() {
    local target="$ARGON_HOME/$1/target"
    local jar
    for jar in "$target/$1"-*.jar; do
        case "$jar" in
            *-sources.jar|*-tests.jar|*-javadoc.jar) ;;
            *) [ -f "$jar" ] && [ -d "$target/lib" ] && { echo "$jar"; return 0; } ;;
        esac
    done
    return 1
}

argon_build() {
    echo "argon: $1, building the project with Maven (takes a minute)..." >&2
    (cd "$ARGON_HOME" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2 \
        || { echo "argon: build failed; run 'mvn -B package' in $ARGON_HOME to see why" >&2; exit 1; }
}

# argon_built MODULE: builds the project if MODULE has no jar yet, or a source is newer than it.
argon_built() {
    local jar
    if ! jar="$(argon_jar "$1")"; then
        argon_build "first use"
    elif [ -n "$(find "$ARGON_HOME" -name target -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
        argon_build "sources changed since the last build"
    fi
}

# The example tasks' jar, which no module's runtime classpath carries (see bin/node).
argon_examples_jar() {
    local jar
    for jar in "$ARGON_HOME"/argon-examples/target/argon-examples-*.jar; do
        case "$jar" in
            *-sources.jar|*-tests.jar|*-javadoc.jar) ;;
            *) [ -f "$jar" ] && { echo "$jar"; return 0; } ;;
        esac
    done
    echo "argon: no example tasks jar in $ARGON_HOME/argon-examples/target; run 'mvn -B package'" >&2
    exit 1
}

# Set by a command before argon_exec: JVM arguments of its own, kept whole (paths may have spaces).
argon_jvm_args=()

# argon_exec MODULE MAIN_CLASS DEFAULT_JAVA_OPTS ARGS...
argon_exec() {
    local module="$1" main="$2" defaults="$3"
    shift 3
    argon_built "$module"
    local jar
    jar="$(argon_jar "$module")" || { echo "argon: build produced no jar for $module" >&2; exit 1; }
    local java="java"
    [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
    # shellcheck disable=SC2086 # the options are lists of words
    exec "$java" $defaults ${argon_jvm_args[@]+"${argon_jvm_args[@]}"} ${ARGON_JAVA_OPTS:-} -cp "$jar:$(dirname "$jar")/lib/*" "$main" "$@"
}
