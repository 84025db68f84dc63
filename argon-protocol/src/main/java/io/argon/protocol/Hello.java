package io.argon.protocol;

/**
 * A worker JVM tells its node that it is up and ready for its first task. Only seen on the
 * link between a node and its workers.
 */
public record Hello(String id, int worker, long pid) implements Message {
}
