package io.argon.client;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exception thrown on a worker, as its task's caller sees it: the cause of a
 * {@link TaskFailedException}. Its class is not loaded here (the task's code may not be on the
 * client's classpath), so it keeps the class's name; its stack trace is the worker's, frame by
 * frame, and so are its causes. Printed, it reads as the exception on the worker would.
 */
public final class RemoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** A frame as Throwable prints it: {@code at [module/]class.method(file:line)}. */
    private static final Pattern FRAME = Pattern.compile("^\\s*at (?:([^/\\s]+)/)?([^\\s(]+)\\.([^.\\s(]+)\\(([^)]*)\\)\\s*$");
    private static final Pattern CAUSE = Pattern.compile("^\\s*Caused by: ([^:\\s]+)(?:: (.*))?$");

    /** The name of the exception's class on the worker. */
    private final String remoteClass;
    /** The stack trace as the worker printed it; null for a cause, or if the worker sent none. */
    private final String remoteStackTrace;

    private RemoteException(String remoteClass, String message, String remoteStackTrace) {
        super(message);
        this.remoteClass = remoteClass;
        this.remoteStackTrace = remoteStackTrace;
    }

    /** Its stack is the worker's, set from what the worker sent: this thread's is of no use. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /**
     * The exception a worker reported: its class name, its message and its stack trace as the
     * worker printed it (with its causes), or null if the worker sent none.
     */
    static RemoteException of(String remoteClass, String message, String stackTrace) {
        RemoteException top = new RemoteException(remoteClass, message, stackTrace);
        if (stackTrace == null) {
            top.setStackTrace(new StackTraceElement[0]);
            return top;
        }
        RemoteException current = top;
        List<StackTraceElement> frames = new ArrayList<>();
        for (String line : stackTrace.split("\n")) {
            Matcher frame = FRAME.matcher(line);
            Matcher cause = CAUSE.matcher(line);
            if (frame.matches()) {
                frames.add(frame(frame));
            } else if (cause.matches()) {
                current.setStackTrace(frames.toArray(StackTraceElement[]::new));
                frames.clear();
                RemoteException next = new RemoteException(cause.group(1), cause.group(2), null);
                current.initCause(next);
                current = next;
            }
        }
        current.setStackTrace(frames.toArray(StackTraceElement[]::new));
        return top;
    }

    private static StackTraceElement frame(Matcher frame) {
        String where = frame.group(4);
        String file = null;
        int line = -1;
        if (where.equals("Native Method")) {
            line = -2;
        } else if (!where.equals("Unknown Source")) {
            int colon = where.lastIndexOf(':');
            file = colon < 0 ? where : where.substring(0, colon);
            if (colon >= 0) {
                try {
                    line = Integer.parseInt(where.substring(colon + 1));
                } catch (NumberFormatException e) {
                    file = where;
                }
            }
        }
        return new StackTraceElement(null, frame.group(1), null, frame.group(2), frame.group(3), file, line);
    }

    /**
     * The name of the exception's class on the worker, e.g. {@code java.lang.IllegalStateException}.
     *
     * @return the class's name, as the worker gave it
     */
    public String remoteClass() {
        return remoteClass;
    }

    /**
     * The stack trace as the worker printed it, causes included; null for a cause, or if the worker sent none.
     *
     * @return the worker's printed stack trace, or null
     */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }

    /** As the exception on the worker prints: its class name, and its message if it has one. */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message != null ? remoteClass + ": " + message : remoteClass;
    }
}
