package io.argon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.random.RandomGenerator;

/**
 * What the bench sends: a task class and, for each task, its params and how to check its
 * result.
 *
 * <p>With {@link #SAMPLE_TASK} (the default) the bench sets each task's {@code num} to the
 * task's number and its {@code delay} from the {@link DelayPlan}, so it knows how long each
 * task was meant to take and what it must return. Any other class gets its params verbatim:
 * the bench cannot know its work or its result, so it checks only that it did not fail.
 */
final class Workload {
    static final String SAMPLE_TASK = "io.argon.examples.SampleTask";

    private final String className;
    private final ObjectNode params;
    private final DelayPlan delays;

    private Workload(String className, ObjectNode params, DelayPlan delays) {
        this.className = className;
        this.params = params;
        this.delays = delays;
    }

    /** SampleTask with delays from {@code delays}; {@code extraParams} may add fields but not num or delay. */
    static Workload sample(DelayPlan delays, ObjectNode extraParams) {
        if (extraParams.has("num") || extraParams.has("delay")) {
            throw new IllegalArgumentException("the bench sets SampleTask's num and delay itself (use -d and -v for the delay)");
        }
        return new Workload(SAMPLE_TASK, extraParams, delays);
    }

    /** Any task class, sent with the same params every time. */
    static Workload custom(String className, ObjectNode params) {
        return new Workload(className, params, null);
    }

    String className() {
        return className;
    }

    /** True when the bench knows each task's simulated delay and expected result. */
    boolean simulated() {
        return delays != null;
    }

    /** The delay plan, or null for a custom class. */
    DelayPlan delays() {
        return delays;
    }

    /** Task number {@code index}: its params, its simulated delay, and its expected result. */
    PlannedTask plan(int index, RandomGenerator random) {
        if (delays == null) {
            return new PlannedTask(index, params, Double.NaN, false);
        }
        double delay = delays.draw(random);
        // Each task gets its own tree: the client serialises it later, on its I/O thread.
        ObjectNode taskParams = params.deepCopy();
        taskParams.put("num", index);
        taskParams.put("delay", delay);
        return new PlannedTask(index, taskParams, delay, true);
    }

    /**
     * One task to send.
     *
     * @param delaySeconds the simulated delay, or NaN when unknown
     * @param checked      the result must equal {@code index}, the num the task was sent with
     */
    record PlannedTask(int index, ObjectNode params, double delaySeconds, boolean checked) {
        /** Null when {@code result} is right; otherwise why it is wrong. */
        String wrongResult(JsonNode result) {
            if (!checked) {
                return null;
            }
            if (result != null && result.isIntegralNumber() && result.canConvertToLong() && result.longValue() == index) {
                return null;
            }
            return "wrong result: expected " + index + ", got " + result;
        }
    }
}
