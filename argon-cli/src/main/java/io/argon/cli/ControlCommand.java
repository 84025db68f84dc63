package io.argon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.client.ArgonClient;
import io.argon.client.ArgonException;
import io.argon.client.ClientOptions;
import io.argon.core.HostPort;
import io.argon.protocol.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The operator's requests: {@code argon reload}, {@code argon drain}, {@code argon undrain}.
 * Each goes to every address given, one after the other (never failed over to another), and
 * prints what each daemon reports, one JSON line apiece.
 */
abstract class ControlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectOptions connect;

    /** The request, on a client of one daemon. */
    abstract CompletableFuture<JsonNode> send(ArgonClient client);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        for (HostPort address : connect.addresses) {
            try (ArgonClient client = connect.client(spec, ClientOptions.defaults(), List.of(address))) {
                JsonNode report = send(client).get();
                ObjectNode line = Json.MAPPER.createObjectNode().put("address", address.toString());
                line.setAll((ObjectNode) report);
                out.println(line);
                out.flush();
            } catch (ExecutionException e) {
                return fail(address, e.getCause().getMessage());
            } catch (ArgonException e) {
                return fail(address, e.getMessage());
            }
        }
        return 0;
    }

    private int fail(HostPort address, String why) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("argon: " + address + ": " + why);
        err.flush();
        return 1;
    }

    @Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Rolls a node's workers over to the task code as it is on disk now, one at a time, each replaced",
                "only once its successor is ready: no task fails. Given a manager, rolls every node behind it, one node at a",
                "time. Waits until done. (SIGHUP to a node or manager does the same.)",
                "Exit status: 0 when done, 1 when a successor could not start (the workers not yet replaced keep their code)."})
    static final class Reload extends ControlCommand {
        @Override
        CompletableFuture<JsonNode> send(ArgonClient client) {
            return client.reload();
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Makes a node take no new tasks (its managers stop sending them) and finish what it holds; waits",
                "until it holds nothing. The node stays up: 'argon undrain' takes it back.",
                "Exit status: 0 when the node holds nothing, 1 when it could not be asked."})
    static final class Drain extends ControlCommand {
        @Override
        CompletableFuture<JsonNode> send(ArgonClient client) {
            return client.drain();
        }
    }

    @Command(name = "undrain", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Makes a drained node take tasks again, and register with its managers again.",
                "Exit status: 0 when done, 1 when it could not be asked."})
    static final class Undrain extends ControlCommand {
        @Override
        CompletableFuture<JsonNode> send(ArgonClient client) {
            return client.undrain();
        }
    }
}
