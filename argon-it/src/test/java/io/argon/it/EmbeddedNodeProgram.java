package io.argon.it;

import io.argon.client.ArgonClient;
import io.argon.node.EmbeddedNode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A program that embeds a node, run by {@link EmbeddingIT} in a JVM of its own: starts a node
 * (keeping its workers' class-data archive in the directory its one argument names, if any),
 * prints what a task returns, and stops the node.
 */
public final class EmbeddedNodeProgram {
    private EmbeddedNodeProgram() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedNode.Builder builder = EmbeddedNode.builder().shutdownGrace(Duration.ofSeconds(5));
        if (args.length == 1) {
            builder.classDataDir(Path.of(args[0]));
        }
        try (EmbeddedNode node = builder.start(); ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            System.out.println("result " + client.process(Tasks.SAMPLE, Tasks.sample(7, 0), Integer.class));
        }
    }
}
