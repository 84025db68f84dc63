package io.argon.it;

import io.argon.client.ArgonClient;
import java.util.Map;

/**
 * A client program as a user writes one, run by {@link EmbeddingIT} with the distribution's
 * lib/ as its classpath and nothing else of the tests' (its class file alone is copied out):
 * submits a task to the node on the port its argument names and prints the result.
 */
public final class LibClientProgram {
    private LibClientProgram() {
    }

    public static void main(String[] args) {
        try (ArgonClient client = new ArgonClient("127.0.0.1", Integer.parseInt(args[0]))) {
            System.out.println("result " + client.process("io.argon.examples.SampleTask", Map.of("num", 7), Integer.class));
        }
    }
}
