package io.argon.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.daemon.ControlService.ControlRefusedException;
import io.argon.protocol.Control;
import io.argon.protocol.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /api/control}: an operator's drain, undrain or reload from the page, carried out by
 * the daemon's own {@link io.argon.core.daemon.ControlService}, the path {@code argon drain}
 * takes too.
 */
final class ControlRequests {
    private final DaemonView view;
    private final AtomicLong ids = new AtomicLong();

    ControlRequests(DaemonView view) {
        this.view = view;
    }

    /**
     * Drain, undrain or reload: the daemon, one of a manager's nodes, or ({@code "all_nodes": true})
     * each of a manager's nodes in turn, as {@code argon drain --all-nodes} does. Answered once the
     * daemon has done it.
     */
    void carryOut(ChannelHandlerContext ctx, boolean keepAlive, JsonNode body) {
        Control.Action action;
        List<String> nodes = new ArrayList<>();
        try {
            if (body == null || !body.path("action").isTextual()) {
                throw new IllegalArgumentException("an action is a JSON object {\"action\": \"drain\"|\"undrain\"|\"reload\", "
                        + "\"node\": \"host:port\" or \"all_nodes\": true (both optional)}");
            }
            action = Control.Action.fromWire(body.get("action").asText());
            if (body.path("all_nodes").asBoolean()) {
                JsonNode status = view.status().get().toTree();
                if (!"manager".equals(status.path("role").asText())) {
                    throw new IllegalArgumentException("all_nodes is for a manager, and this is a " + status.path("role").asText());
                }
                status.path("nodes").forEach(node -> nodes.add(node.path("address").asText()));
            } else {
                nodes.add(body.path("node").isTextual() ? body.get("node").asText() : null);
            }
        } catch (IllegalArgumentException e) {
            HttpReplies.send(ctx, keepAlive, HttpReplies.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage()));
            return;
        }
        List<JsonNode> reports = new ArrayList<>();
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        for (String node : nodes) {
            Control control = new Control("web-" + ids.incrementAndGet(), action, node);
            done = done.thenCompose(previous -> view.controls().control(control)).thenAccept(report -> reports.add(report.toTree()));
        }
        done.whenComplete((ignored, error) -> ctx.executor().execute(() -> {
            FullHttpResponse response;
            if (error == null) {
                ObjectNode answer = Json.MAPPER.createObjectNode();
                if (reports.size() == 1 && !body.path("all_nodes").asBoolean()) {
                    answer.set("report", reports.get(0));
                } else {
                    answer.putArray("reports").addAll(reports);
                }
                response = HttpReplies.json(HttpResponseStatus.OK, answer);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                response = cause instanceof ControlRefusedException
                        ? HttpReplies.error(HttpResponseStatus.BAD_REQUEST, "bad_request", cause.getMessage())
                        : HttpReplies.error(HttpResponseStatus.CONFLICT, "control_failed", String.valueOf(cause.getMessage()));
            }
            HttpReplies.send(ctx, keepAlive, response);
        }));
    }

}
