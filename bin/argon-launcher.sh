# Sourced by the bin/ commands: finds a module's jar and runtime classpath, building the
# project on first use, then execs the module's main class.
#   ARGON_JAVA_OPTS  JVM options for the command's own JVM (workers have --worker-jvm-opts)
#   JAVA_HOME        the JDK to use (default: java on the PATH)

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

argon_exec() {
    local module="$1" main="$2"
    shift 2
    local jar
    if ! jar="$(argon_jar "$module")"; then
        echo "argon: first use, building the project with Maven (takes a minute)..." >&2
        (cd "$ARGON_HOME" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2 \
            || { echo "argon: build failed; run 'mvn -B package' in $ARGON_HOME to see why" >&2; exit 1; }
        jar="$(argon_jar "$module")" || { echo "argon: build produced no jar for $module" >&2; exit 1; }
    fi
    local java="java"
    [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
    # shellcheck disable=SC2086 # ARGON_JAVA_OPTS is a list of options
    exec "$java" ${ARGON_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx1g -XX:+ExitOnOutOfMemoryError} \
        -cp "$jar:$(dirname "$jar")/lib/*" "$main" "$@"
}
