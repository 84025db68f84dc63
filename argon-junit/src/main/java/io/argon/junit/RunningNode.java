package io.argon.junit;

import io.argon.client.ArgonClient;
import io.argon.node.EmbeddedNode;
import io.argon.node.Node;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A node {@link ArgonNode} started, and the client its tests share, held in a JUnit store:
 * JUnit closes it with the store (the root's at the end of the run, or a class's after the
 * class). It is an {@link AutoCloseable}, which JUnit 5.13 and later close, and a
 * {@code CloseableResource}, which earlier versions close.
 */
@SuppressWarnings("deprecation") // CloseableResource, for JUnit before 5.13
final class RunningNode implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    private final EmbeddedNode node;
    private ArgonClient client;
    private boolean closed;

    private RunningNode(EmbeddedNode node) {
        this.node = node;
    }

    /** Starts a node; a failure to is a {@link StartFailure}, since JUnit's store computes values with a plain function. */
    static RunningNode start(EmbeddedNode.Builder settings) {
        try {
            return new RunningNode(settings.start());
        } catch (Node.NodeStartException e) {
            throw new StartFailure(e);
        }
    }

    EmbeddedNode node() {
        return node;
    }

    synchronized ArgonClient client() {
        if (closed) {
            throw new IllegalStateException("the node has stopped");
        }
        if (client == null) {
            client = new ArgonClient(node.address().host(), node.port()).connect();
        }
        return client;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Closes the client, then stops the node; once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            node.close();
        }
    }

    /** A node that could not start, carried through JUnit's store to {@link ArgonNode#beforeAll}. */
    static final class StartFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartFailure(Node.NodeStartException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized Node.NodeStartException getCause() {
            return (Node.NodeStartException) super.getCause();
        }
    }
}
