package io.argon.web;

import io.argon.core.daemon.ControlService;
import io.argon.protocol.RawJson;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What the HTTP port shows of a daemon and may ask of it: the same status report and control
 * requests an operator's {@code argon status} and {@code argon drain} use, so the page never
 * tells another story than the command line.
 *
 * @param role     {@code node} or {@code manager}
 * @param status   the status report; called on the daemon's loop
 * @param controls carries out drain, undrain and reload, and answers searches of the task history
 * @param cancel   cancels every task with an id, whoever sent it, and says how many there were;
 *                 called on the daemon's loop
 */
public record DaemonView(String role, Supplier<RawJson> status, ControlService controls, ToIntFunction<String> cancel) {
}
